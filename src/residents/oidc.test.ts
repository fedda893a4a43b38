/**
 * Production sign-in through OpenID Connect, against a small identity provider run in this process (the city's
 * unified identity is an outside system): discovery document, JWKS, an authorization endpoint that sends the
 * browser back with a code, and a token endpoint that checks the client secret and PKCE and signs an RS256 ID
 * token with node:crypto. Start → provider → callback opens a resident session; a forged state, an ID token with
 * another nonce, a replayed callback and a person the registry does not know are refused, and open nothing.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMITTEES, makeStaff, seedAssistanceDivisions, STREETS } from '../assistance/testing.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { makeIdNumber } from '../kernel/index.js';
import { IdVault, registerPerson, type RegistryTables } from '../registry/index.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';

const CLIENT_ID = 'minzheng-resident';
const CLIENT_SECRET = 'fake-provider-secret';
const REDIRECT_URI = 'https://mz.example.gov.cn/api/v1/resident/auth/oidc/callback';
const known = makeIdNumber('310115', '1968-03-15', 41);
const unknown = makeIdNumber('310115', '1972-11-30', 52);

/** What the next login at the fake provider is: who signs in, and what the provider gets wrong on purpose. */
interface NextLogin {
  sub: string;
  idNumber: string;
  wrongNonce?: boolean;
}

interface FakeProvider {
  issuer: string;
  next: NextLogin;
  /** The authorization requests it received, as sent. */
  authorizations: URLSearchParams[];
  close(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

async function startFakeProvider(): Promise<FakeProvider> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'fake-key-1';
  const grants = new Map<string, { nonce: string; challenge: string; redirectUri: string; login: NextLogin }>();
  const body = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      request.on('data', (chunk) => {
        text += chunk;
      });
      request.on('end', () => resolve(text));
    });
  const provider: FakeProvider = { issuer: '', next: { sub: 'nobody', idNumber: known }, authorizations: [], close: async () => undefined };
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', provider.issuer);
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: provider.issuer,
        authorization_endpoint: `${provider.issuer}/authorize`,
        token_endpoint: `${provider.issuer}/token`,
        jwks_uri: `${provider.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] });
    if (url.pathname === '/authorize') {
      // The resident has signed in at the provider: back to the client with a one-time code.
      provider.authorizations.push(url.searchParams);
      const code = randomBytes(16).toString('hex');
      const q = url.searchParams;
      grants.set(code, { nonce: q.get('nonce') ?? '', challenge: q.get('code_challenge') ?? '', redirectUri: q.get('redirect_uri') ?? '', login: provider.next });
      const back = new URL(q.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      response.writeHead(302, { location: back.href });
      return response.end();
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      const form = new URLSearchParams(await body(request));
      const basic = request.headers.authorization?.startsWith('Basic ') ? Buffer.from(request.headers.authorization.slice(6), 'base64').toString().split(':').map(decodeURIComponent) : null;
      const [clientId, secret] = basic ?? [form.get('client_id'), form.get('client_secret')];
      if (clientId !== CLIENT_ID || secret !== CLIENT_SECRET) return json(401, { error: 'invalid_client' });
      const grant = grants.get(form.get('code') ?? '');
      grants.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (!grant || form.get('grant_type') !== 'authorization_code' || form.get('redirect_uri') !== grant.redirectUri || b64url(createHash('sha256').update(verifier).digest()) !== grant.challenge) {
        return json(400, { error: 'invalid_grant' });
      }
      const now = Math.floor(Date.now() / 1000);
      const header = b64url(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' }));
      const payload = b64url(
        JSON.stringify({ iss: provider.issuer, sub: grant.login.sub, aud: CLIENT_ID, iat: now, exp: now + 300, nonce: grant.login.wrongNonce ? 'another-nonce' : grant.nonce, id_number: grant.login.idNumber, name: '测试居民' }),
      );
      const signature = b64url(sign('sha256', Buffer.from(`${header}.${payload}`), privateKey));
      return json(200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: `${header}.${payload}.${signature}` });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider.close = () => new Promise((resolve) => server.close(() => resolve()));
  return provider;
}

let t: TestDatabase;
let app: AppInstance;
let provider: FakeProvider;
let personId = 0;
const savedEnv = { ...process.env };

beforeAll(async () => {
  provider = await startFakeProvider();
  Object.assign(process.env, {
    RESIDENT_OIDC_ISSUER: provider.issuer,
    RESIDENT_OIDC_CLIENT_ID: CLIENT_ID,
    RESIDENT_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    RESIDENT_OIDC_REDIRECT_URI: REDIRECT_URI,
    // Plain HTTP to the provider: it runs on this machine.
    RESIDENT_OIDC_ALLOW_HTTP: '1',
  });
  t = await openTestDatabase();
  await seedAssistanceDivisions(t.ctx);
  const clerk = await makeStaff(t.ctx, 'oidc.cw', 'street_caseworker', STREETS.weifang);
  const registry = t.ctx.db.kysely.withTables<RegistryTables>();
  personId = (await registerPerson(registry, new IdVault(t.ctx.config.secretKey), clerk, { idNumber: known, name: '周建华', hukouDivision: COMMITTEES.weifang1, residenceDivision: COMMITTEES.weifang1 })).id;
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  await app.ready();
}, 180_000);
afterAll(async () => {
  process.env = savedEnv;
  await app?.close();
  await t?.close();
  await provider?.close();
});

/** The browser's trip: our start → the provider's authorize → back with code and state (not yet followed). */
async function throughProvider(login: NextLogin, returnTo = '/resident/apply'): Promise<URL> {
  provider.next = login;
  const start = await app.inject({ method: 'GET', url: `/api/v1/resident/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}` });
  expect(start.statusCode, start.body).toBe(302);
  const atProvider = await fetch(String(start.headers.location), { redirect: 'manual' });
  expect(atProvider.status).toBe(302);
  return new URL(String(atProvider.headers.get('location')));
}
const callback = (back: URL) => app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
const sessionCount = async () => (await sql<{ n: number }>`select count(*)::int as n from residents.sessions`.execute(t.ctx.db.kysely)).rows[0].n;

describe('OpenID Connect sign-in', () => {
  it('starts with PKCE, state and nonce, and the callback opens a resident session for the verified person', async () => {
    const back = await throughProvider({ sub: 'city-uid-0001', idNumber: known });
    const asked = provider.authorizations.at(-1);
    expect(asked?.get('client_id')).toBe(CLIENT_ID);
    expect(asked?.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(asked?.get('response_type')).toBe('code');
    expect(asked?.get('scope')).toContain('openid');
    expect(asked?.get('code_challenge_method')).toBe('S256');
    expect(asked?.get('state')).toMatch(/.{20,}/);
    expect(asked?.get('nonce')).toMatch(/.{20,}/);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);

    const done = await callback(back);
    expect(done.statusCode, done.body).toBe(302);
    expect(done.headers.location).toBe('/resident/apply');
    const cookie = done.cookies.find((c) => c.name === 'mz_resident');
    expect(cookie?.httpOnly).toBe(true);
    const me = await app.inject({ method: 'GET', url: '/api/v1/resident/me', headers: { cookie: `mz_resident=${cookie?.value}` } });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().resident).toMatchObject({ via: 'oidc', person: { personId, nameMasked: '周*华', idNumberMasked: `310${'*'.repeat(11)}${known.slice(-4)}` } });
    const resident = await sql<{ subject: string }>`select subject from residents.residents where person_id = ${personId}`.execute(t.ctx.db.kysely);
    expect(resident.rows[0].subject).toBe(`oidc:${provider.issuer}|city-uid-0001`);

    // The same callback again (a replayed URL): the login it belonged to is finished.
    const replay = await callback(back);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('RESIDENT_OIDC_FAILED');
  });

  it('refuses a callback whose state is not a login this server started, and an ID token with another nonce', async () => {
    const before = await sessionCount();
    const back = await throughProvider({ sub: 'city-uid-0001', idNumber: known });
    const forged = new URL(back);
    forged.searchParams.set('state', 'state-made-up-by-an-attacker');
    const refused = await callback(forged);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'RESIDENT_OIDC_FAILED', message: '统一身份认证未完成或已过期，请重新登录' });

    const wrongNonce = await callback(await throughProvider({ sub: 'city-uid-0001', idNumber: known, wrongNonce: true }));
    expect(wrongNonce.statusCode).toBe(401);
    expect(wrongNonce.json().code).toBe('RESIDENT_OIDC_FAILED');
    expect(await sessionCount()).toBe(before);
  });

  it('tells a verified person the registry does not know where to go, and opens no session', async () => {
    const before = await sessionCount();
    const refused = await callback(await throughProvider({ sub: 'city-uid-0099', idNumber: unknown }));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'RESIDENT_NOT_IN_REGISTRY', message: '人口库中没有您的登记信息，请到街镇社区事务受理服务中心办理' });
    expect(await sessionCount()).toBe(before);
    const denied = await sql<{ entity_id: string; detail: { reason: string } }>`select entity_id, detail from access.audit_log where action = 'resident.login' and result = 'denied' order by id desc limit 1`.execute(t.ctx.db.kysely);
    expect(denied.rows[0]).toMatchObject({ entity_id: `310${'*'.repeat(11)}${unknown.slice(-4)}`, detail: { reason: 'not_in_registry' } });
  });

  it('leaves the development login closed while an identity provider is configured', async () => {
    const config = await app.inject({ method: 'GET', url: '/api/v1/resident/auth/config' });
    expect(config.json()).toEqual({ devLogin: false, oidc: true });
    const code = await app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/code', payload: { idNumber: known } });
    expect(code.statusCode).toBe(403);
    expect(code.json().code).toBe('RESIDENT_DEV_LOGIN_DISABLED');
  });
});
