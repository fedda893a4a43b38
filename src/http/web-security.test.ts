import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { buildApp, type AppInstance } from './app.js';
import { CSP_NONCE_PLACEHOLDER } from './web-security.js';

let t: TestDatabase;
let app: AppInstance;
let webDist: string;

beforeAll(async () => {
  // What `vite build` writes with html.cspNonce set (web/vite.config.ts).
  webDist = mkdtempSync(join(tmpdir(), 'mz-web-'));
  writeFileSync(
    join(webDist, 'index.html'),
    `<!doctype html><html><head><meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}"><style nonce="${CSP_NONCE_PLACEHOLDER}">body{margin:0}</style><script type="module" src="/assets/index.js" nonce="${CSP_NONCE_PLACEHOLDER}"></script></head><body><div id="root"></div></body></html>`,
  );
  writeFileSync(join(webDist, 'app.js'), 'console.log(1)');
  t = await openTestDatabase();
  app = await buildApp(t.ctx, { webDist });
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

function directives(header: unknown): Map<string, string> {
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values.join(' ')]),
  );
}

describe('security headers', () => {
  it('serves the web app under a strict CSP whose style nonce is stamped into index.html, new every time', async () => {
    const first = await app.inject('/');
    expect(first.statusCode).toBe(200);
    const csp = directives(first.headers['content-security-policy']);
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(String(first.headers['content-security-policy'])).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    const nonce = /^'self' 'nonce-([A-Za-z0-9+/=]{20,})'$/.exec(csp.get('style-src') ?? '')?.[1];
    expect(nonce).toBeTruthy();
    expect(first.body).toContain(`<meta property="csp-nonce" nonce="${nonce}">`);
    expect(first.body).not.toContain(CSP_NONCE_PLACEHOLDER);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers.etag).toBeUndefined();

    const second = await app.inject('/persons/12');
    expect(second.statusCode).toBe(200);
    expect(second.body).not.toContain(nonce);
    expect(second.body).toContain(/'nonce-([^']+)'/.exec(String(second.headers['content-security-policy']))?.[1]);
  });

  it('sends nosniff, no-referrer, no HSTS over plain HTTP and no software versions', async () => {
    for (const url of ['/', '/app.js', '/api/v1/auth/me', '/api/v1/nothing-here', '/healthz']) {
      const response = await app.inject(url);
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['referrer-policy'], url).toBe('no-referrer');
      expect(response.headers['strict-transport-security'], url).toBeUndefined();
      expect(response.headers['x-powered-by'], url).toBeUndefined();
      expect(response.headers.server, url).toBeUndefined();
    }
  });

  it('forbids caching of every API answer, errors and downloads included', async () => {
    for (const url of ['/api/v1/auth/me', '/api/v1/nothing-here', '/api/v1/persons/99999999999999999999']) {
      expect((await app.inject(url)).headers['cache-control'], url).toBe('no-store');
    }
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'x' } });
    expect(login.headers['cache-control']).toBe('no-store');
  });

  it('gives the API documentation its own CSP, still never framed', async () => {
    const docs = await app.inject('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
    const csp = directives(docs.headers['content-security-policy']);
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(String(docs.headers['content-security-policy'])).not.toMatch(/https:|swagger\.io|upgrade-insecure-requests/);
  });

  it('sends HSTS when clients come over TLS', async () => {
    const tls = await buildApp({ ...t.ctx, config: { ...t.ctx.config, tlsEnabled: true } }, { webDist: '/nonexistent' });
    try {
      const hsts = (await tls.inject('/healthz')).headers['strict-transport-security'];
      expect(hsts).toMatch(/max-age=31536000; includeSubDomains/);
    } finally {
      await tls.close();
    }
  });
});
