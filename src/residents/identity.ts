/**
 * Resident identity: sessions of their own (residents.sessions, never access.sessions), opened by the city's
 * OpenID Connect provider in production or by a one-time code in development. A resident token can resolve
 * only to a resident, so no staff permission is reachable with it.
 */
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { appendAudit, withAuditBatchCommit } from '../access/index.js';
import { DomainError, forbidden, maskIdNumber, normaliseIdNumber } from '../kernel/index.js';
import { auditDb, portalActor, RESIDENTS_SYSTEM_ACTOR, tables, type ResidentDeps } from './deps.js';
import { personIdByIdNumber } from './ports.js';

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const DEV_CODE_MINUTES = 5;
const DEV_CODE_ATTEMPTS = 5;

export interface ResidentSession {
  tokenHash: string;
  residentId: number;
  personId: number;
  via: 'dev' | 'oidc';
  expiresAt: Date;
}

/** Where the one-time development codes go: the server log by default; tests read them from a sink of their own. */
export type DevCodeSink = (message: { idNumberMasked: string; code: string }) => void;
let devCodeSink: DevCodeSink = ({ idNumberMasked, code }) => {
  // A plain line on stdout: the demo operator reads it beside the request log.
  process.stdout.write(`【仅限开发演示】居民 ${idNumberMasked} 的登录验证码：${code}（${DEV_CODE_MINUTES} 分钟内有效）\n`);
};
export function setDevCodeSink(sink: DevCodeSink): DevCodeSink {
  const previous = devCodeSink;
  devCodeSink = sink;
  return previous;
}

/** Whether the development login may be used: never in production, never beside a real identity provider. */
export function devLoginAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV !== 'production' && !oidcConfigured(env);
}
export const oidcConfigured = (env: NodeJS.ProcessEnv = process.env): boolean => Boolean(env.RESIDENT_OIDC_ISSUER && env.RESIDENT_OIDC_CLIENT_ID);

function refuseDevLogin(): DomainError {
  return forbidden('RESIDENT_DEV_LOGIN_DISABLED', '验证码演示登录仅用于开发和演示环境，本系统请使用“随申办”统一身份认证登录');
}

const idHash = (deps: ResidentDeps, idNumber: string) => deps.vault.hash(`resident-dev\n${idNumber}`).toString('hex');
const codeHash = (deps: ResidentDeps, idNumber: string, code: string) => createHmac('sha256', deps.ctx.config.secretKey).update(`resident-code\n${idNumber}\n${code}`).digest('hex');
const badCode = () => new DomainError('unauthenticated', 'RESIDENT_CODE_INVALID', '身份证号或验证码不正确，或验证码已过期');

/**
 * Issues a one-time code for a registered person and prints it in the server log. An unknown ID number gets
 * the same answer (204) and no code: the answer tells nobody who is registered.
 */
export async function requestDevCode(deps: ResidentDeps, rawIdNumber: string): Promise<void> {
  if (!devLoginAllowed()) throw refuseDevLogin();
  const idNumber = normaliseIdNumber(rawIdNumber);
  const personId = await personIdByIdNumber(deps, RESIDENTS_SYSTEM_ACTOR, idNumber);
  if (personId === null) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(deps.clock.now().getTime() + DEV_CODE_MINUTES * 60_000);
  await tables(deps)
    .insertInto('residents.dev_codes')
    .values({ id_hash: idHash(deps, idNumber), code_hash: codeHash(deps, idNumber, code), expires_at: expiresAt, attempts: 0, person_id: personId })
    .onConflict((oc) => oc.column('id_hash').doUpdateSet({ code_hash: codeHash(deps, idNumber, code), expires_at: expiresAt, attempts: 0, person_id: personId }))
    .execute();
  devCodeSink({ idNumberMasked: maskIdNumber(idNumber), code });
}

export interface OpenedSession {
  token: string;
  expiresAt: Date;
  residentId: number;
  personId: number;
}

/**
 * Checks the code (once; a few attempts), then opens a resident session, answered with `page` (the resident's
 * own page, read as the new session). A right code is taken in one statement: the row is deleted only when the
 * code's keyed hash matches (an HMAC under the server's secret, so comparing it in SQL tells a guesser nothing),
 * it has not expired and attempts are left; a wrong one counts an attempt.
 */
export async function devLogin<T>(deps: ResidentDeps, rawIdNumber: string, code: string, source: { ip: string }, page?: (session: ResidentSession) => Promise<T>): Promise<OpenedSession & { page: T | undefined }> {
  if (!devLoginAllowed()) throw refuseDevLogin();
  const idNumber = normaliseIdNumber(rawIdNumber);
  const db = tables(deps);
  const key = idHash(deps, idNumber);
  const taken = await db
    .deleteFrom('residents.dev_codes')
    .where('id_hash', '=', key)
    .where('code_hash', '=', codeHash(deps, idNumber, code))
    .where('expires_at', '>', deps.clock.now())
    .where('attempts', '<', DEV_CODE_ATTEMPTS)
    .returning('person_id')
    .executeTakeFirst();
  if (!taken) {
    await db
      .updateTable('residents.dev_codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id_hash', '=', key)
      .execute();
    await appendAudit(auditDb(deps.db.kysely), { actor: null, action: 'resident.login', entityType: 'resident', entityId: maskIdNumber(idNumber), result: 'denied', detail: { via: 'dev', source: source.ip } });
    throw badCode();
  }
  // The person was looked up (and the lookup audited) when the code was issued; a row from before that column
  // existed is looked up again.
  const personId = taken.person_id ?? (await personIdByIdNumber(deps, RESIDENTS_SYSTEM_ACTOR, idNumber));
  if (personId === null) throw badCode();
  return openSession(deps, { personId, subject: `dev:${key}`, via: 'dev', source }, page);
}

/**
 * The resident of a verified person (created on first sign-in), and a new session for them; audited. With
 * `page`, the answer is read as the new session first and its read entries go into the session's own
 * transaction with the login entry: one audit-chain write for the sign-in.
 */
export async function openSession<T>(
  deps: ResidentDeps,
  input: { personId: number; subject: string; via: 'dev' | 'oidc'; source: { ip: string } },
  page?: (session: ResidentSession) => Promise<T>,
): Promise<OpenedSession & { page: T | undefined }> {
  const now = deps.clock.now();
  const auth = deps.ctx.config.auth;
  const expiresAt = new Date(now.getTime() + auth.absoluteHours * 3_600_000);
  const token = randomBytes(32).toString('base64url');
  // The resident row comes first (the page is read as this resident); a session that then fails leaves only
  // the row and its last sign-in time.
  const resident = await tables(deps)
    .insertInto('residents.residents')
    .values({ person_id: input.personId, subject: input.subject, last_login_at: now })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ last_login_at: now }))
    .returning(['id'])
    .executeTakeFirstOrThrow();
  const session: ResidentSession = { tokenHash: tokenHash(token), residentId: resident.id, personId: input.personId, via: input.via, expiresAt };
  const answer = await withAuditBatchCommit(
    auditDb(deps.db.kysely),
    async () => (page ? page(session) : undefined),
    async (trx, value) => {
      await trx
        .withTables<import('./model.js').ResidentTables>()
        .insertInto('residents.sessions')
        .values({ token_hash: session.tokenHash, resident_id: resident.id, via: input.via, expires_at: expiresAt, last_seen_at: now, revoked_at: null, source_ip: input.source.ip })
        .execute();
      await appendAudit(trx, { actor: portalActor(resident.id), action: 'resident.login', entityType: 'person', entityId: input.personId, result: 'ok', detail: { via: input.via, source: input.source.ip } });
      return value;
    },
  );
  return { token, expiresAt, residentId: resident.id, personId: input.personId, page: answer };
}

/**
 * The resident of a registered person as a session object without a token (no cookie can carry it): for work done
 * on a resident's behalf by the system itself, such as the demo city's resident applications. The resident row is
 * made as a first sign-in would make it; a later sign-in of the person finds it.
 */
export async function residentSessionFor(deps: ResidentDeps, personId: number, subject: string): Promise<ResidentSession> {
  const now = deps.clock.now();
  const resident = await tables(deps)
    .insertInto('residents.residents')
    .values({ person_id: personId, subject, last_login_at: now })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ last_login_at: now }))
    .returning(['id'])
    .executeTakeFirstOrThrow();
  return { tokenHash: '', residentId: resident.id, personId, via: 'dev', expiresAt: now };
}

/**
 * The live session of a token, or null (unknown, revoked, expired, idle too long). Each use moves the idle clock
 * (at most once in 5 s); the read and the move are one statement, as this runs before every resident request.
 */
export async function resolveResidentSession(deps: ResidentDeps, token: string): Promise<ResidentSession | null> {
  const now = deps.clock.now();
  const hash = tokenHash(token);
  const db = tables(deps);
  const idleMs = deps.ctx.config.auth.idleMinutes * 60_000;
  const row = await db
    .with('s', (qb) =>
      qb
        .selectFrom('residents.sessions as s')
        .innerJoin('residents.residents as r', 'r.id', 's.resident_id')
        .select(['s.token_hash', 's.resident_id', 's.via', 's.expires_at', 's.last_seen_at', 's.revoked_at', 'r.person_id'])
        .where('s.token_hash', '=', hash),
    )
    // A data-modifying CTE runs whether or not the select reads it; it sees the row as it was before the statement.
    .with('touched', (qb) =>
      qb
        .updateTable('residents.sessions')
        .set({ last_seen_at: now })
        .where('token_hash', '=', hash)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .where('last_seen_at', '>', new Date(now.getTime() - idleMs))
        .where('last_seen_at', '<', new Date(now.getTime() - 5_000))
        .returning('token_hash'),
    )
    .selectFrom('s')
    .selectAll()
    .executeTakeFirst();
  if (!row || row.revoked_at || row.expires_at <= now) return null;
  if (row.last_seen_at.getTime() + idleMs <= now.getTime()) {
    await db.updateTable('residents.sessions').set({ revoked_at: now }).where('token_hash', '=', hash).where('revoked_at', 'is', null).execute();
    return null;
  }
  return { tokenHash: hash, residentId: row.resident_id, personId: row.person_id, via: row.via, expiresAt: row.expires_at };
}

export async function endResidentSession(deps: ResidentDeps, token: string): Promise<void> {
  await tables(deps).updateTable('residents.sessions').set({ revoked_at: deps.clock.now() }).where('token_hash', '=', tokenHash(token)).where('revoked_at', 'is', null).execute();
}
