import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { importBatch } from './imports.js';
import { addPenalty, listPenalties, markCarriedOut } from './penalties.js';
import { listEntries } from './queries.js';
import { failure, openSocialorgWorld, type SocialorgWorld } from './testing.js';
import type { OrganisationView } from './views.js';

let w: SocialorgWorld;
const orgs: Record<string, OrganisationView> = {};

const entriesOf = async (id: number) =>
  (await listEntries(w.deps, w.users.city, { limit: 5000 })).items
    .filter((e) => e.organisationId === id)
    .map((e) => `${e.list}:${e.reasonCode}`)
    .sort();

beforeAll(async () => {
  w = await openSocialorgWorld();
  orgs.light = await w.register({ name: '浦东新区春晖社会工作服务中心', registeredOn: '2022-03-01' });
  orgs.heavy = await w.register({ name: '浦东新区致远教育服务中心', registeredOn: '2022-03-01' });
  orgs.court = await w.register({ name: '浦东新区益友养老服务中心', registeredOn: '2022-03-01' });
  orgs.xuhui = await w.register({ name: '徐汇区星光青少年服务中心', divisionCode: '310104003000', registeredOn: '2022-03-01' });
});
afterAll(() => w?.close());

describe('penalties and their credit effects (民政部令第60号)', () => {
  it('a warning or a fine under 5万元 → 活动异常名录; 49,999.99 元 is light, 50,000 元 is heavy → 严重违法失信名单', async () => {
    const warning = await addPenalty(w.deps, w.users.pudong, orgs.light.id, { kind: 'warning', basis: '《民办非企业单位登记管理暂行条例》第二十五条', decisionNo: '浦民罚〔2025〕1号', decidedOn: '2025-01-10' });
    expect(warning).toMatchObject({ kindName: '警告', department: '登记管理机关', amountFen: 0 });
    expect(await entriesOf(orgs.light.id)).toEqual(['abnormal:light_penalty']);
    // 4,999,999 fen < 5,000,000 fen (5万元): light.
    await addPenalty(w.deps, w.users.pudong, orgs.heavy.id, { kind: 'fine', amountFen: 4_999_999, basis: '条例251 第二十五条', decisionNo: '浦民罚〔2025〕2号', decidedOn: '2025-01-11' });
    expect(await entriesOf(orgs.heavy.id)).toEqual(['abnormal:light_penalty']);
    // 5,000,000 fen = 5万元: "5万元以上" includes 5万.
    await addPenalty(w.deps, w.users.pudong, orgs.heavy.id, { kind: 'fine', amountFen: 5_000_000, basis: '条例251 第二十五条', decisionNo: '浦民罚〔2025〕3号', decidedOn: '2025-06-11' });
    // The second light penalty was the 4,999,999 one; the heavy fine is not light, so no repeat entry.
    expect(await entriesOf(orgs.heavy.id)).toEqual(['abnormal:light_penalty', 'serious:heavy_penalty']);
  });

  it('two light penalties within 3 years → 严重违法失信名单; a third one 3 years and a day after the first counts only with the second', async () => {
    // First light: 2025-01-10 (above). Second: 2027-12-01 — within 36 months (window starts 2024-12-01, exclusive).
    await addPenalty(w.deps, w.users.pudong, orgs.light.id, { kind: 'fine', amountFen: 100_000, basis: '条例251', decisionNo: '浦民罚〔2027〕9号', decidedOn: '2027-12-01' });
    expect(await entriesOf(orgs.light.id)).toEqual(['abnormal:light_penalty', 'abnormal:light_penalty', 'serious:light_penalty_repeat']);
  });

  it('bad input → 400 naming the field; a repeated decision number → 409; another district → 403; nothing written', async () => {
    const bad = await failure(addPenalty(w.deps, w.users.pudong, orgs.light.id, { kind: 'fine', amountFen: 0, basis: 'x', decisionNo: 'n1', decidedOn: '2025-02-30' }));
    expect(bad.status).toBe(400);
    expect(bad.message).toContain('罚款须填写金额');
    expect(bad.message).toContain('处罚决定日期无效：2025-02-30');
    const again = await failure(addPenalty(w.deps, w.users.pudong, orgs.light.id, { kind: 'warning', basis: 'x', decisionNo: '浦民罚〔2025〕1号', decidedOn: '2025-01-10' }));
    expect(again.status).toBe(409);
    const foreign = await failure(addPenalty(w.deps, w.users.xuhui, orgs.light.id, { kind: 'warning', basis: 'x', decisionNo: '徐民罚1', decidedOn: '2025-01-10' }));
    expect(foreign.status).toBe(403);
    expect((await listPenalties(w.deps, w.users.city, { organisationId: orgs.light.id })).items.length).toBe(2);
    const done = await markCarriedOut(w.deps, w.users.pudong, (await listPenalties(w.deps, w.users.pudong, { organisationId: orgs.light.id })).items[1].id, '2025-02-01');
    expect(done.carriedOutOn).toBe('2025-02-01');
  });

  it('another department’s batch: row errors with line and field, the rest recorded and listed; the same batch again changes nothing; a changed file under a used id → 409', async () => {
    const code = orgs.court.creditCode as string;
    const content = [
      '统一社会信用代码,处罚种类,罚没金额（分）,处罚依据,决定书文号,决定日期',
      `${code},警告,,《消防法》第六十条,沪消罚〔2025〕7号,2025-03-01`,
      `${code},fine,abc,《消防法》第六十条,沪消罚〔2025〕8号,2025-03-02`,
      `52310115MA0000000X,warning,,x,沪消罚〔2025〕9号,2025-03-03`,
      `${orgs.xuhui.creditCode},warning,,x,沪消罚〔2025〕10号,2025-03-03`,
      `${code},fine,6000000,《消防法》第六十条,沪消罚〔2025〕11号,2025-03-05`,
    ].join('\n');
    const receipt = await importBatch(w.deps, w.users.pudong, 'penalty', { batchId: 'fire-2025-03', format: 'csv', department: '上海市消防救援总队', content });
    expect(receipt).toMatchObject({ rows: 5, accepted: 2, rejected: 3, duplicates: 0, listed: 2, replayed: false });
    expect(receipt.errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'amountFen'],
      [4, 'creditCode'],
      [5, 'creditCode'],
    ]);
    expect(await entriesOf(orgs.court.id)).toEqual(['abnormal:light_penalty', 'serious:heavy_penalty']);
    const replay = await importBatch(w.deps, w.users.pudong, 'penalty', { batchId: 'fire-2025-03', format: 'csv', department: '上海市消防救援总队', content });
    expect(replay).toMatchObject({ accepted: 2, rejected: 3, replayed: true });
    expect((await listPenalties(w.deps, w.users.city, { organisationId: orgs.court.id })).items.length).toBe(2);
    const changed = await failure(importBatch(w.deps, w.users.pudong, 'penalty', { batchId: 'fire-2025-03', format: 'csv', department: '上海市消防救援总队', content: `${content}\n` }));
    expect(changed.status).toBe(409);
    // The same decisions in a new batch are known: duplicates, nothing listed twice.
    const resent = await importBatch(w.deps, w.users.pudong, 'penalty', { batchId: 'fire-2025-03b', format: 'csv', department: '上海市消防救援总队', content });
    expect(resent).toMatchObject({ accepted: 0, duplicates: 2, listed: 0 });
  });

  it('a court’s 失信被执行人 → 严重违法失信名单; the court lifting it removes the entry', async () => {
    const code = orgs.court.creditCode as string;
    const listed = await importBatch(w.deps, w.users.city, 'court', {
      batchId: 'court-1',
      format: 'ndjson',
      department: '上海市浦东新区人民法院',
      content: JSON.stringify({ creditCode: code, caseNo: '(2025)沪0115执1234号', listedOn: '2025-04-01' }),
    });
    expect(listed).toMatchObject({ accepted: 1, listed: 1 });
    expect(await entriesOf(orgs.court.id)).toContain('serious:court_dishonest');
    const lifted = await importBatch(w.deps, w.users.city, 'court', {
      batchId: 'court-2',
      format: 'ndjson',
      department: '上海市浦东新区人民法院',
      content: JSON.stringify({ creditCode: code, caseNo: '(2025)沪0115执1234号', listedOn: '2025-04-01', removedOn: '2025-05-01' }),
    });
    expect(lifted).toMatchObject({ accepted: 1, listed: 0 });
    const court = (await listEntries(w.deps, w.users.city, { limit: 5000 })).items.find((e) => e.organisationId === orgs.court.id && e.reasonCode === 'court_dishonest');
    expect(court?.removedOn).not.toBeNull();
    expect(court?.removalReason).toContain('2025-05-01');
  });
});

describe('keyset pages of the registrar lists (no cap at 1 000 rows)', () => {
  it('1 205 entries read in pages of 500 (500, 500, 205): each row once, newest first; a bad cursor → 400', async () => {
    const org = await w.register({ name: '浦东新区嘉禾社区服务中心', registeredOn: '2021-03-01' });
    const db = w.deps.db.kysely;
    // 1 205 entries over 1 205 days, several on one day to exercise the id tie-break (i % 400 → three per date).
    await sql`insert into socialorg.list_entries (organisation_id, list, reason_code, basis, evidence, listed_on, removed_on, source_key)
      select ${org.id}, 'abnormal', 'late_report', '民政部令第60号', '测试', date '2021-06-01' + (i % 400), date '2023-01-01', 'keyset:' || i
        from generate_series(1, 1205) as i`.execute(db);
    const before = (await listEntries(w.deps, w.users.city, { limit: 500 })).items.length;
    const seen: { id: number; listedOn: string }[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listEntries(w.deps, w.users.pudong, { limit: 500, cursor });
      sizes.push(page.items.length);
      seen.push(...page.items.filter((e) => e.organisationId === org.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(before).toBe(500);
    expect(seen.length).toBe(1205);
    expect(new Set(seen.map((e) => e.id)).size).toBe(1205);
    // newest first, ties by id descending
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1], seen[i]];
      expect(a.listedOn > b.listedOn || (a.listedOn === b.listedOn && a.id > b.id)).toBe(true);
    }
    expect(sizes.slice(0, 2)).toEqual([500, 500]);
    const bad = await failure(listEntries(w.deps, w.users.pudong, { cursor: '2025-02-30~1' }));
    expect([bad.status, bad.code]).toEqual([400, 'SOCIALORG_INVALID_CURSOR']);
  });

  it('penalties page by decision date: two pages of 1 cover the organisation’s two penalties', async () => {
    const first = await listPenalties(w.deps, w.users.pudong, { organisationId: orgs.light.id, limit: 1 });
    const second = await listPenalties(w.deps, w.users.pudong, { organisationId: orgs.light.id, limit: 1, cursor: first.nextCursor ?? undefined });
    expect([first.items.length, second.items.length, second.nextCursor]).toEqual([1, 1, null]);
    expect(first.items[0].decidedOn >= second.items[0].decidedOn).toBe(true);
    expect(first.items[0].id).not.toBe(second.items[0].id);
  });
});
