/**
 * Idempotency keys on applications and case actions (issue 22: "a retried request never acts twice"), through
 * the whole app: the key is claimed in the action's own transaction (guard.ts), the answer stored and replayed
 * (http/idempotency.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/index.js';
import { purgeIdempotencyKeys } from '../db/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../testing/db.js';
import { tables, systemClock, type AssistanceDeps, AccountVault } from './deps.js';
import { COMMITTEES, makeHousehold, makeStaff, seedAssistanceDivisions, STREETS, TEST_PASSWORD, type TestHousehold } from './testing.js';

let t: TestDatabase;
let app: AppInstance;
let deps: AssistanceDeps;
let caseworker: Actor;
let headers: Record<string, string>;
let otherHeaders: Record<string, string>;

async function login(username: string): Promise<Record<string, string>> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: TEST_PASSWORD } });
  expect(r.statusCode).toBe(200);
  return { authorization: `Bearer ${(r.json() as { token: string }).token}` };
}

const application = (h: TestHousehold, reason = '失业后无收入，申请临时救助') => ({
  programme: 'temporary',
  householdId: h.householdId,
  applicantPersonId: h.personIds[0],
  reason,
  bankAccount: { holderName: '赵建华', bankName: '工商银行', accountNo: '622202000000778899' },
});

const apply = (payload: unknown, key?: string, as = headers) => app.inject({ method: 'POST', url: '/api/v1/assistance/cases', headers: { ...as, ...(key ? { 'idempotency-key': key } : {}) }, payload: payload as object });

const casesOf = async (householdId: number) => (await tables(deps).selectFrom('assistance.cases').select('id').where('household_id', '=', householdId).execute()).map((r) => r.id);
const logOf = async (caseId: number) => (await tables(deps).selectFrom('assistance.case_actions').select('action').where('case_id', '=', caseId).orderBy('seq').execute()).map((r) => r.action);

beforeAll(async () => {
  const config = testConfig();
  t = await openTestDatabase(config);
  deps = { db: t.ctx.db, clock: systemClock, accounts: new AccountVault(config.secretKey) };
  await seedAssistanceDivisions(t.ctx);
  caseworker = await makeStaff(t.ctx, 'weifang.idem', 'street_caseworker', STREETS.weifang);
  await makeStaff(t.ctx, 'weifang.idem2', 'street_caseworker', STREETS.weifang);
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  headers = await login('weifang.idem');
  otherHeaders = await login('weifang.idem2');
}, 180_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const household = (name: string) => makeHousehold(t.ctx, caseworker, [{ name, sex: 'M', birthDate: '1970-05-01', relation: 'head' }], { committee: COMMITTEES.weifang1 });

describe('Idempotency-Key on applications and case actions', () => {
  it('an application sent again with its key after the answer was lost is answered the same and filed once', async () => {
    const h = await household('赵建华');
    const first = await apply(application(h), 'apply-0001-retry');
    expect(first.statusCode).toBe(201);
    const again = await apply(application(h), 'apply-0001-retry');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await casesOf(h.householdId)).toEqual([first.json().id]);
    // The same body without a key is a new request: the open case refuses a second one (the module's own rule).
    expect((await apply(application(h))).statusCode).toBe(409);
  });

  it('the same key with another body is refused and changes nothing; another user’s equal key is theirs alone', async () => {
    const h = await household('钱建国');
    expect((await apply(application(h), 'apply-0002-other')).statusCode).toBe(201);
    const changed = await apply(application(h, '另一个理由'), 'apply-0002-other');
    expect(changed.statusCode).toBe(422);
    expect(changed.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    const h2 = await household('孙建军');
    const theirs = await apply(application(h2), 'apply-0002-other', otherHeaders);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(await casesOf(h.householdId)).toHaveLength(1);
    expect(await casesOf(h2.householdId)).toHaveLength(1);
  });

  it('two copies sent at once file one application: the other copy is told to ask again, and then gets the first one’s answer', async () => {
    const h = await household('李建平');
    const answers = await Promise.all([apply(application(h), 'apply-0003-twice'), apply(application(h), 'apply-0003-twice')]);
    const statuses = answers.map((a) => a.statusCode).sort((a, b) => a - b);
    expect(statuses[0]).toBe(201);
    // The second either waited on the first's claim (409, nothing done) or came after its answer (a replay).
    expect([201, 409]).toContain(statuses[1]);
    if (statuses[1] === 409) expect(answers.map((a) => a.json().code)).toContain('IDEMPOTENCY_IN_PROGRESS');
    const ids = await casesOf(h.householdId);
    expect(ids).toHaveLength(1);
    const later = await apply(application(h), 'apply-0003-twice');
    expect(later.statusCode).toBe(201);
    expect(later.json().id).toBe(ids[0]);
  });

  it('a case action retried with its key is done once; a refused one keeps nothing and is refused again, not replayed', async () => {
    const h = await household('周建新');
    const filed = (await apply(application(h), 'apply-0004-actions')).json() as { id: number };
    const action = (path: string, payload: object, key: string) => app.inject({ method: 'POST', url: `/api/v1/assistance/cases/${filed.id}/${path}`, headers: { ...headers, 'idempotency-key': key }, payload });
    const accepted = await action('accept', { note: '材料齐全' }, 'accept-0004');
    expect(accepted.statusCode).toBe(200);
    const acceptedAgain = await action('accept', { note: '材料齐全' }, 'accept-0004');
    expect(acceptedAgain.statusCode).toBe(200);
    expect(acceptedAgain.headers['idempotent-replayed']).toBe('true');
    expect(acceptedAgain.json()).toEqual(accepted.json());
    // Refused by the transition rule (不予受理 only from 已申请): its claim rolled back with it, nothing stored.
    const declined = await action('decline', { reason: '材料不全' }, 'decline-0004');
    expect(declined.statusCode).toBe(409);
    const keyRows = await t.ownerQuery<{ n: number }>(`select count(*)::int as n from core.idempotency_keys where key = 'decline-0004'`);
    expect(keyRows[0].n).toBe(0);
    const declinedAgain = await action('decline', { reason: '材料不全' }, 'decline-0004');
    expect(declinedAgain.statusCode).toBe(409);
    expect(declinedAgain.headers['idempotent-replayed']).toBeUndefined();
    const asked = await action('material-requests', { message: '请补充近三个月收入证明' }, 'material-0004');
    expect(asked.statusCode).toBe(200);
    expect((await action('material-requests', { message: '请补充近三个月收入证明' }, 'material-0004')).headers['idempotent-replayed']).toBe('true');
    expect(await logOf(filed.id)).toEqual(['apply', 'accept', 'request_material']);
  });

  it('a request whose action committed but whose answer was never stored (a crash in between) is not done again', async () => {
    const h = await household('吴建伟');
    const first = await apply(application(h), 'apply-0005-crash');
    expect(first.statusCode).toBe(201);
    // The server died after the commit, before the answer reached the row: the claim is there, the answer not.
    await t.ownerQuery(`update core.idempotency_keys set status_code = null, answer = null where key = 'apply-0005-crash'`);
    const retried = await apply(application(h), 'apply-0005-crash');
    expect(retried.statusCode).toBe(409);
    expect(retried.json()).toMatchObject({ code: 'IDEMPOTENCY_ALREADY_DONE' });
    expect(await casesOf(h.householdId)).toHaveLength(1);
  });

  it('forgets keys after their hours (the hourly purge), keeping younger ones', async () => {
    await t.ownerQuery(`update core.idempotency_keys set created_at = now() - interval '25 hours' where key = 'apply-0001-retry'`);
    const before = await t.ownerQuery<{ n: number }>('select count(*)::int as n from core.idempotency_keys');
    expect(await purgeIdempotencyKeys(t.ctx.db.kysely, 24)).toBe(1);
    const after = await t.ownerQuery<{ n: number; old: number }>(`select count(*)::int as n, count(*) filter (where key = 'apply-0001-retry')::int as old from core.idempotency_keys`);
    expect(after[0]).toEqual({ n: before[0].n - 1, old: 0 });
  });

  it('refuses a malformed key before doing anything', async () => {
    const h = await household('郑建业');
    const r = await apply(application(h), 'short');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_INVALID' });
    expect(await casesOf(h.householdId)).toHaveLength(0);
  });
});
