/**
 * The daily bulk files (issue 19 item 8): full and changes, CSV and JSON; the manifest's counts and checksums are
 * those of the bytes served; the JSON holds exactly what each organisation's public page shows; a second build of a
 * day writes nothing; the next day's changes file holds only what changed; no personal data.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppInstance } from '../http/app.js';
import { DomainError } from '../kernel/index.js';
import { buildBulkFiles, bulkFile } from './bulk.js';
import { tables } from './deps.js';
import { addPenalty } from './penalties.js';
import { publicOrganisation } from './public.js';
import { openSocialorgWorld, type SocialorgWorld } from './testing.js';
import type { OrganisationView } from './views.js';

let w: SocialorgWorld;
let app: AppInstance;
const orgs: Record<string, OrganisationView> = {};
const at = (day: string) => w.clock.set(new Date(`${day}T04:00:00Z`));

async function bytesOf(day: string, name: string): Promise<Buffer> {
  const file = await bulkFile(w.deps, day, name);
  const parts: Buffer[] = [];
  for await (const chunk of file.chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

beforeAll(async () => {
  w = await openSocialorgWorld();
  at('2025-06-01');
  orgs.a = await w.register({ name: '浦东新区明德社会工作服务中心', registeredOn: '2020-03-01' });
  orgs.b = await w.register({ name: '浦东新区仁和养老服务中心', registeredOn: '2021-03-01' });
  orgs.c = await w.register({ name: '徐汇区阳光康复服务中心', divisionCode: '310104003000', registeredOn: '2022-03-01' });
  await tables(w.deps).insertInto('socialorg.grades').values({ organisation_id: orgs.a.id, score: 900, grade: 4, evaluated_on: '2024-01-10', publicity_ends: '2024-01-17', valid_until: '2029-01-10', expired_on: null }).execute();
  await addPenalty(w.deps, w.users.pudong, orgs.b.id, { kind: 'warning', basis: '《民办非企业单位登记管理暂行条例》第二十五条', decisionNo: '浦民罚〔2025〕7号', decidedOn: '2025-05-20' });
  app = await buildApp(w.t.ctx, { webDist: '/nonexistent' });
}, 300_000);
afterAll(async () => {
  await app?.close();
  await w?.close();
});

describe('daily bulk files', () => {
  it('the first build: 3 organisations in every file, checksums of the bytes served, the JSON equal to the pages; a second build writes nothing', async () => {
    const m = await buildBulkFiles(w.deps, w.users.city);
    expect([m.day, m.built, m.organisations, m.changed, m.previousDay]).toEqual(['2025-06-01', true, 3, 3, null]);
    expect(m.files.map((f) => `${f.name}:${f.rows}`)).toEqual(['organisations.csv.gz:3', 'organisations.json.gz:3', 'changes.csv.gz:3', 'changes.json.gz:3']);
    for (const f of m.files) {
      const bytes = await bytesOf(m.day, f.name);
      expect([bytes.length, createHash('sha256').update(bytes).digest('hex')]).toEqual([f.bytes, f.sha256]);
    }
    const csv = gunzipSync(await bytesOf(m.day, 'organisations.csv.gz')).toString('utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('行政处罚');
    expect(lines.find((l) => l.includes('仁和'))).toContain('浦民罚〔2025〕7号');
    expect(lines.find((l) => l.includes('明德'))).toContain('4A 2024-01-10评定 有效期至2029-01-10');
    const json = JSON.parse(gunzipSync(await bytesOf(m.day, 'organisations.json.gz')).toString('utf8')) as { organisation: { creditCode: string } }[];
    for (const o of Object.values(orgs)) expect(json.find((d) => d.organisation.creditCode === o.creditCode)).toEqual(await publicOrganisation(w.deps, o.creditCode as string));
    // No personal data: who acted is never in the files (the registrar's user name, the account ids).
    expect(JSON.stringify(json)).not.toMatch(/pudong\\.registrar|city\\.registrar|actor|"by"/);

    const again = await buildBulkFiles(w.deps, null);
    expect([again.built, again.files.map((f) => f.sha256)]).toEqual([false, m.files.map((f) => f.sha256)]);
    const chunks = await tables(w.deps)
      .selectFrom('socialorg.bulk_chunks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(chunks.n)).toBe(4);
  });

  it('the next day: the changes file holds only the organisation whose page changed (a penalty), the full file all three', async () => {
    at('2025-06-02');
    await addPenalty(w.deps, w.users.pudong, orgs.a.id, { kind: 'warning', basis: '《民办非企业单位登记管理暂行条例》第二十五条', decisionNo: '浦民罚〔2025〕8号', decidedOn: '2025-06-02' });
    const m = await buildBulkFiles(w.deps, null);
    expect([m.organisations, m.changed, m.previousDay]).toEqual([3, 1, '2025-06-01']);
    const changes = JSON.parse(gunzipSync(await bytesOf(m.day, 'changes.json.gz')).toString('utf8')) as { organisation: { name: string }; penalties: unknown[] }[];
    expect(changes.map((d) => d.organisation.name)).toEqual(['浦东新区明德社会工作服务中心']);
    expect(changes[0]?.penalties).toHaveLength(1);
    const csv = gunzipSync(await bytesOf(m.day, 'changes.csv.gz'))
      .toString('utf8')
      .trim()
      .split('\r\n');
    expect(csv).toHaveLength(2);
  });

  it('public routes: the list of days, a manifest, a file with its checksum header, schema and changelog without login; a bad day → 400, an unbuilt one → 404; the build needs the city', async () => {
    const days = await app.inject({ method: 'GET', url: '/api/v1/public/socialorg/bulk' });
    expect((days.json() as { day: string }[]).map((d) => d.day)).toEqual(['2025-06-02', '2025-06-01']);
    const manifest = await app.inject({ method: 'GET', url: '/api/v1/public/socialorg/bulk/2025-06-01/manifest.json' });
    expect(manifest.statusCode).toBe(200);
    const file = (manifest.json() as { files: { name: string; sha256: string; bytes: number }[] }).files[0] as { name: string; sha256: string; bytes: number };
    const download = await app.inject({ method: 'GET', url: `/api/v1/public/socialorg/bulk/2025-06-01/${file.name}` });
    expect([download.statusCode, download.headers['x-content-sha256'], download.rawPayload.length]).toEqual([200, file.sha256, file.bytes]);
    expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(file.sha256);
    expect((await app.inject({ method: 'GET', url: '/api/v1/public/socialorg/bulk/schema.json' })).json()).toMatchObject({ formatVersion: '1.0' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/public/socialorg/bulk/changelog.json' })).json()).toHaveLength(1);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/public/socialorg/bulk/2025-02-30/manifest.json' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/[\\u4e00-\\u9fa5]/);
    expect((await app.inject({ method: 'GET', url: '/api/v1/public/socialorg/bulk/2024-01-01/manifest.json' })).statusCode).toBe(404);
    let refused: unknown;
    try {
      await buildBulkFiles(w.deps, w.users.pudong, '2025-06-02');
    } catch (error) {
      refused = error;
    }
    expect(refused instanceof DomainError && refused.status).toBe(403);
  });
});
