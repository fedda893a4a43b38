/**
 * Response headers of a level-3 system (等保 2.0 §8.1.4, ASVS 14.4): @fastify/helmet with a strict CSP, no
 * caching of API answers or downloads, and the per-response style nonce for the web app.
 *
 * Ant Design writes its component styles into <style> tags at run time; it stamps them with the nonce it reads
 * from the page (web/src/csp-nonce.ts), and Vite puts the placeholder below into index.html for it. So styles
 * need no 'unsafe-inline' and scripts come only from this origin.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** Replaced in every index.html answer; the same text as `html.cspNonce` in web/vite.config.ts. */
export const CSP_NONCE_PLACEHOLDER = '__MINZHENG_CSP_NONCE__';

type NoncedResponse = ServerResponse & { styleNonce?: string };

export interface WebSecurityOptions {
  /** Clients reach the server over HTTPS: send HSTS (never on plain HTTP, where it would be ignored or lock out). */
  tlsEnabled: boolean;
}

export async function installWebSecurity(app: FastifyInstance, options: WebSecurityOptions): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", (_request, response) => `'nonce-${((response as NoncedResponse).styleNonce = randomBytes(16).toString('base64'))}'`],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.tlsEnabled ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: options.tlsEnabled ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });

  app.addHook('onSend', async (request, reply, payload) => {
    // API answers and downloads hold personal data: no browser or proxy may keep a copy.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('text/html') || request.url.startsWith('/docs')) return payload;
    // index.html, from @fastify/static or the client-route fallback: stamp this answer's nonce, never cache it.
    const html = (await textOf(payload)).replaceAll(CSP_NONCE_PLACEHOLDER, (reply.raw as NoncedResponse).styleNonce ?? '');
    reply.header('cache-control', 'no-store');
    reply.removeHeader('content-length');
    reply.removeHeader('etag');
    reply.removeHeader('last-modified');
    return html;
  });
}

async function textOf(payload: unknown): Promise<string> {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  if (payload && typeof payload === 'object' && Symbol.asyncIterator in payload) {
    const chunks: Buffer[] = [];
    for await (const chunk of payload as AsyncIterable<Buffer | string>) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }
  return String(payload ?? '');
}

/**
 * The CSP of /docs (swagger UI, an admin tool showing no personal data), from the one @fastify/swagger-ui builds
 * (scripts from this origin only): never framed, nothing from other origins, and 'unsafe-inline' for styles
 * only — swagger UI adds inline styles at run time, and a style cannot run script.
 */
export function docsContentSecurityPolicy(header: string, tlsEnabled: boolean): string {
  const replaced: Record<string, string | null> = {
    'frame-ancestors': "frame-ancestors 'none'",
    'style-src': "style-src 'self' 'unsafe-inline'",
    'font-src': "font-src 'self' data:",
    'img-src': "img-src 'self' data:",
    'upgrade-insecure-requests': tlsEnabled ? 'upgrade-insecure-requests' : null,
  };
  return header
    .split(';')
    .map((directive) => directive.trim())
    .filter(Boolean)
    .map((directive) => {
      const name = directive.split(/\s+/)[0];
      return name in replaced ? replaced[name] : directive;
    })
    .filter((directive): directive is string => directive !== null)
    .join('; ');
}
