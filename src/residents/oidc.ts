/**
 * Production sign-in through the city's unified identity (OpenID Connect, authorization code with PKCE and
 * nonce, via `openid-client`). Configured by RESIDENT_OIDC_ISSUER, RESIDENT_OIDC_CLIENT_ID,
 * RESIDENT_OIDC_CLIENT_SECRET and RESIDENT_OIDC_REDIRECT_URI; the verified ID number is read from the claim
 * RESIDENT_OIDC_ID_CLAIM (default `id_number`). Logins in progress live in the database, so any process can
 * finish one.
 */
import * as client from 'openid-client';
import { appendAudit } from '../access/index.js';
import { DomainError, forbidden, maskIdNumber, normaliseIdNumber } from '../kernel/index.js';
import { auditDb, RESIDENTS_SYSTEM_ACTOR, tables, type ResidentDeps } from './deps.js';
import { oidcConfigured, openSession, type OpenedSession } from './identity.js';
import { personIdByIdNumber } from './ports.js';

const STATE_MINUTES = 10;

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  idClaim: string;
  /** Plain HTTP to the provider: only for a provider on this machine in tests. */
  allowInsecure: boolean;
}

export function oidcSettings(env: NodeJS.ProcessEnv = process.env): OidcSettings | null {
  if (!oidcConfigured(env)) return null;
  return {
    issuer: env.RESIDENT_OIDC_ISSUER ?? '',
    clientId: env.RESIDENT_OIDC_CLIENT_ID ?? '',
    clientSecret: env.RESIDENT_OIDC_CLIENT_SECRET ?? '',
    redirectUri: env.RESIDENT_OIDC_REDIRECT_URI ?? 'http://127.0.0.1:3000/api/v1/resident/auth/oidc/callback',
    idClaim: env.RESIDENT_OIDC_ID_CLAIM ?? 'id_number',
    allowInsecure: env.NODE_ENV !== 'production' && env.RESIDENT_OIDC_ALLOW_HTTP === '1',
  };
}

const notConfigured = () => new DomainError('not_found', 'RESIDENT_OIDC_NOT_CONFIGURED', '未配置统一身份认证，请使用开发演示登录');
const failed = () => new DomainError('unauthenticated', 'RESIDENT_OIDC_FAILED', '统一身份认证未完成或已过期，请重新登录');

let cached: { key: string; config: Promise<client.Configuration> } | null = null;
function configurationOf(s: OidcSettings): Promise<client.Configuration> {
  const key = `${s.issuer}|${s.clientId}`;
  if (cached?.key !== key) {
    const config = client.discovery(new URL(s.issuer), s.clientId, s.clientSecret, undefined, s.allowInsecure ? { execute: [client.allowInsecureRequests] } : undefined);
    // A failed discovery is tried again on the next login, not remembered.
    config.catch(() => {
      if (cached?.key === key) cached = null;
    });
    cached = { key, config };
  }
  return cached.config;
}

/** The provider's authorization URL for a new login; its PKCE verifier and nonce are kept by state. */
export async function startOidc(deps: ResidentDeps, returnTo: string | undefined): Promise<string> {
  const settings = oidcSettings();
  if (!settings) throw notConfigured();
  const config = await configurationOf(settings);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await tables(deps)
    .insertInto('residents.oidc_states')
    .values({ state, code_verifier: verifier, nonce, return_to: returnTo ?? null, expires_at: new Date(deps.clock.now().getTime() + STATE_MINUTES * 60_000) })
    .execute();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri,
    scope: 'openid profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return url.href;
}

/** Finishes a login: exchanges the code, checks state and nonce, maps the verified ID number to a person. */
export async function finishOidc(deps: ResidentDeps, callbackUrl: URL, source: { ip: string }): Promise<OpenedSession & { returnTo: string }> {
  const settings = oidcSettings();
  if (!settings) throw notConfigured();
  const state = callbackUrl.searchParams.get('state');
  if (!state) throw failed();
  const pending = await tables(deps).deleteFrom('residents.oidc_states').where('state', '=', state).returningAll().executeTakeFirst();
  if (!pending || pending.expires_at <= deps.clock.now()) throw failed();
  const config = await configurationOf(settings);
  // The token request must name the redirect URI the login started with; behind a proxy the request's own host
  // and scheme are not that, so the callback's parameters are read against the configured URI.
  const current = new URL(settings.redirectUri);
  current.search = callbackUrl.search;
  let claims: client.IDToken | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: pending.code_verifier, expectedState: state, expectedNonce: pending.nonce, idTokenExpected: true });
    claims = tokens.claims();
  } catch {
    throw failed();
  }
  const raw = claims?.[settings.idClaim];
  if (!claims || typeof raw !== 'string') throw failed();
  const personId = await personIdByIdNumber(deps, RESIDENTS_SYSTEM_ACTOR, normaliseIdNumber(raw));
  if (personId === null) {
    // The provider has verified who this is, so saying that the registry lacks them tells nobody anything new;
    // a 404 would read as the generic "record not found" and leave the person without a way forward.
    await appendAudit(auditDb(deps.db.kysely), {
      actor: null,
      action: 'resident.login',
      entityType: 'resident',
      entityId: maskIdNumber(normaliseIdNumber(raw)),
      result: 'denied',
      detail: { via: 'oidc', reason: 'not_in_registry', source: source.ip },
    });
    throw forbidden('RESIDENT_NOT_IN_REGISTRY', '人口库中没有您的登记信息，请到街镇社区事务受理服务中心办理');
  }
  const opened = await openSession(deps, { personId, subject: `oidc:${claims.iss}|${claims.sub}`, via: 'oidc', source });
  return { ...opened, returnTo: pending.return_to ?? '/resident' };
}
