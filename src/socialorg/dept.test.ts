import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppInstance } from '../http/app.js';
import { createApiKey, revokeApiKey } from './api-keys.js';
import { addPenalty } from './penalties.js';
import { openSocialorgWorld, type SocialorgWorld } from './testing.js';
import type { OrganisationView } from './views.js';

let w: SocialorgWorld;
let app: AppInstance;
let org: OrganisationView;

beforeAll(async () => {
  w = await openSocialorgWorld();
  app = await buildApp(w.t.ctx, { webDist: '/nonexistent' });
  org = await w.register({ name: '浦东新区长青为老服务中心', registeredOn: '2023-03-01' });
});
afterAll(async () => {
  await app?.close();
  await w?.close();
});

const call = (url: string, key?: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: key ? { 'x-api-key': key } : {} });

describe('the keyed API for other departments', () => {
  it('no key or an unknown key → 401; a key reads the status and the change feed; every call is logged; a revoked key → 401 at once', async () => {
    expect((await call(`/dept/socialorg/organisations/${org.creditCode}`)).statusCode).toBe(401);
    expect((await call(`/dept/socialorg/organisations/${org.creditCode}`, 'mzso_nonsense')).statusCode).toBe(401);
    const key = await createApiKey(w.deps, w.users.city, { department: '市市场监管局', label: '信用联合奖惩' });
    expect(key.key).toMatch(/^mzso_/);
    const stored = await w.t.db.kysely.withTables<{ 'socialorg.api_keys': { key_hash: string } }>().selectFrom('socialorg.api_keys').select('key_hash').executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(key.key.slice(5));
    const status = await call(`/dept/socialorg/organisations/${org.creditCode}`, key.key);
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ organisation: { name: '浦东新区长青为老服务中心', statusName: '已登记' } });

    const first = (await call('/dept/socialorg/changes?after=0', key.key)).json() as { events: { id: number; topic: string; creditCode: string | null; detail: Record<string, unknown> }[]; next: number };
    expect(first.events.map((e) => e.topic)).toContain('socialorg.organisation.establish');
    await addPenalty(w.deps, w.users.pudong, org.id, { kind: 'warning', basis: '条例251', decisionNo: '浦民罚〔2025〕88号', decidedOn: '2025-03-01' });
    const later = (await call(`/dept/socialorg/changes?after=${first.next}`, key.key)).json() as typeof first;
    expect(later.events.map((e) => e.topic)).toEqual(['socialorg.credit.listed', 'socialorg.penalty.recorded']);
    expect(later.events.every((e) => e.creditCode === org.creditCode && !('by' in e.detail))).toBe(true);

    const uses = await w.t.db.kysely.withTables<{ 'socialorg.api_key_uses': { route: string; subject: string } }>().selectFrom('socialorg.api_key_uses').select(['route', 'subject']).execute();
    expect(uses).toEqual([
      { route: 'status', subject: org.creditCode },
      { route: 'changes', subject: '0' },
      { route: 'changes', subject: String(first.next) },
    ]);
    await revokeApiKey(w.deps, w.users.city, key.id);
    expect((await call('/dept/socialorg/changes', key.key)).statusCode).toBe(401);
  });

  it('keys are the city admin’s: a district registrar → 403', async () => {
    await expect(createApiKey(w.deps, w.users.pudong, { department: 'x', label: 'y' })).rejects.toMatchObject({ status: 403 });
  });

  it('rate limits: 600 calls a minute per key, then 429; the public register 120 a minute per address', async () => {
    const key = await createApiKey(w.deps, w.users.city, { department: '市税务局', label: '免税资格核验' });
    const statuses: number[] = [];
    for (let i = 0; i < 601; i++) statuses.push((await call('/dept/socialorg/changes?limit=1', key.key)).statusCode);
    expect(statuses.filter((s) => s === 200).length).toBe(600);
    expect(statuses[600]).toBe(429);
    // Another key is another bucket.
    const other = await createApiKey(w.deps, w.users.city, { department: '市公安局', label: '核验' });
    expect((await call('/dept/socialorg/changes?limit=1', other.key)).statusCode).toBe(200);
    const publicStatuses: number[] = [];
    for (let i = 0; i < 121; i++) publicStatuses.push((await app.inject({ method: 'GET', url: '/api/v1/public/socialorg/organisations?limit=1', remoteAddress: '203.0.113.9' })).statusCode);
    expect(publicStatuses.slice(0, 120).every((s) => s === 200)).toBe(true);
    expect(publicStatuses[120]).toBe(429);
    expect((await app.inject({ method: 'GET', url: '/api/v1/public/socialorg/organisations?limit=1', remoteAddress: '203.0.113.10' })).statusCode).toBe(200);
  }, 120_000);
});
