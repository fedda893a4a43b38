import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { listFacts, registerPerson } from '../registry/index.js';
import { newPerson } from '../registry/testing.js';
import { importFactFile } from './import-file.js';
import { ingestBatch } from './ingest.js';
import { tables } from './deps.js';
import { makeHousehold, ndjson, openMonitoringWorld, settle, type MonitoringWorld } from './testing.js';

let world: MonitoringWorld;
let persons: number[];

beforeAll(async () => {
  world = await openMonitoringWorld();
  ({ personIds: persons } = await makeHousehold(world, [{ birthDate: '1975-04-02', wageFen: 600_000 }, { birthDate: '1978-09-09' }]));
  await settle(world);
}, 180_000);
afterAll(() => world.close());

const factCount = async (personId: number) => (await listFacts(world.registry, world.users.pudong, { type: 'person', id: personId })).length;
const ledgerCount = async (batchId: string) => (await tables(world.deps).selectFrom('monitoring.exchange_rows').select('row_no').where('batch_id', '=', batchId).execute()).length;

describe('department data exchange', () => {
  it('records a batch once: a replayed batch is a no-op and returns the first receipt', async () => {
    const content = ndjson([
      { type: 'medical_cost', personId: persons[0], date: '2025-01-10', selfPaidFen: 120_000, hospital: '仁济医院' },
      { type: 'hospital_stay', personId: persons[1], admittedOn: '2025-01-03', dischargedOn: '2025-01-09' },
    ]);
    const before = [await factCount(persons[0]), await factCount(persons[1])];
    const first = await ingestBatch(world.deps, { source: 'medical_insurance', batchId: 'yb-2025-01', format: 'ndjson', content }, null);
    expect(first).toMatchObject({ replayed: false, status: 'done', rows: 2, accepted: 2, rejected: 0, factsRecorded: 2, errors: [] });
    const after = [await factCount(persons[0]), await factCount(persons[1])];
    expect(after).toEqual([before[0] + 1, before[1] + 1]);

    const again = await ingestBatch(world.deps, { source: 'medical_insurance', batchId: 'yb-2025-01', format: 'ndjson', content }, null);
    expect(again).toEqual({ ...first, replayed: true });
    expect([await factCount(persons[0]), await factCount(persons[1])]).toEqual(after);
    expect(await ledgerCount('yb-2025-01')).toBe(2);

    const stay = (await listFacts(world.registry, world.users.pudong, { type: 'person', id: persons[1] }, { kind: 'hospital_stay' }))[0];
    expect(stay).toMatchObject({ validFrom: '2025-01-03', validTo: '2025-01-10', source: '医保局', batchId: 'exchange:medical_insurance:yb-2025-01' });
  });

  it('refuses the same batch id with different content', async () => {
    const content = ndjson([{ type: 'medical_cost', personId: persons[0], date: '2025-01-11', selfPaidFen: 1 }]);
    await expect(ingestBatch(world.deps, { source: 'medical_insurance', batchId: 'yb-2025-01', format: 'ndjson', content }, null)).rejects.toMatchObject({ code: 'MONITORING_BATCH_CONTENT_MISMATCH' });
  });

  it('reports bad rows with line, field and a Chinese message, and keeps the good rows', async () => {
    const csv = [
      'type,personId,idNumber,from,to,monthlyWageFen,employer,date,benefitFen',
      `wage,${persons[1]},,2025-02-01,,450000,浦东某公司,,`,
      `wage,${persons[1]},,2025-13-01,,450000,,,`,
      `wage,999999,,2025-02-01,,450000,,,`,
      `wage,${persons[0]},,2025-02-01,,4500.50,,,`,
      `unemployment,${persons[0]},,,,,,,`,
      `dismissal,${persons[0]},,,,,,2025-02-01,`,
      `"wage","${persons[0]}",,2025-02-01,2025-01-01,300000,"某公司, 分公司",,`,
      `wage,,11010519491231002X,2025-02-01,,450000,,,`,
    ].join('\r\n');
    const receipt = await ingestBatch(world.deps, { source: 'hr', batchId: 'rs-2025-02', format: 'csv', content: csv }, null);
    expect(receipt).toMatchObject({ rows: 8, accepted: 1, rejected: 7, factsRecorded: 1 });
    const byLine = Object.fromEntries(receipt.errors.map((e) => [e.row, e]));
    expect(byLine[3]).toMatchObject({ field: 'from', message: expect.stringContaining('不是有效日期') });
    expect(byLine[4]).toMatchObject({ field: 'personId', message: '人口库中没有编号为 999999 的人员' });
    expect(byLine[5]).toMatchObject({ field: 'monthlyWageFen', message: expect.stringContaining('不能带小数点') });
    expect(byLine[6]).toMatchObject({ field: 'date', message: '缺少失业日期' });
    expect(byLine[7]).toMatchObject({ field: 'type', message: expect.stringContaining('人社局的数据类型须为') });
    expect(byLine[8]).toMatchObject({ field: 'to', message: '截止日期不能早于起始日期' });
    expect(byLine[9]).toMatchObject({ field: 'idNumber', message: '人口库中没有该身份证号码的人员' });
    const wages = await listFacts(world.registry, world.users.pudong, { type: 'person', id: persons[1] }, { kind: 'income.wage' });
    expect(wages.map((f) => [f.amountFen, f.validFrom, f.attributes])).toEqual([[450_000, '2025-02-01', { employer: '浦东某公司' }]]);
    // Nothing accepted is lost: the ledger has every line, accepted or not.
    expect(await ledgerCount('rs-2025-02')).toBe(8);
  });

  it('names persons by ID number through the registry, and imports a file from disk', async () => {
    const input = newPerson({ birthDate: '1981-06-30' });
    const person = await registerPerson(world.registry, world.vault, world.users.pudong, input);
    const dir = mkdtempSync(join(tmpdir(), 'mz-import-'));
    const file = join(dir, 'property.csv');
    writeFileSync(file, `\ufefftype,personId,idNumber,acquiredOn,areaSqm,valueFen\nproperty,${persons[1]},,2024-12-01,88,350000000\nproperty,,${input.idNumber},2024-11-01,,\n`);
    const receipt = await importFactFile(world.t.ctx, file, { source: 'housing', batchId: 'fg-2024-12', clock: world.clock });
    expect(receipt).toMatchObject({ accepted: 2, rejected: 0, factsRecorded: 2 });
    const property = await listFacts(world.registry, world.users.pudong, { type: 'person', id: persons[1] }, { kind: 'asset.property' });
    expect(property[0]).toMatchObject({ amountFen: 350_000_000, attributes: { areaSqm: 88 }, source: '房管局' });
    expect(await factCount(person.id)).toBe(1);
    // The ledger never holds the ID number, only the registry id it resolved to.
    const ledger = await tables(world.deps).selectFrom('monitoring.exchange_rows').selectAll().where('batch_id', '=', 'fg-2024-12').orderBy('row_no').execute();
    expect(ledger.map((r) => r.person_id)).toEqual([persons[1], person.id]);
    expect(JSON.stringify(ledger)).not.toContain(input.idNumber);
  });

  it("hands a batch's person changes to the registry in one audited call per kind, not one per person", async () => {
    const {
      personIds: [old, young],
    } = await makeHousehold(world, [
      { birthDate: '1940-01-01', wageFen: 200_000 },
      { birthDate: '1970-01-01', wageFen: 500_000 },
    ]);
    await settle(world);
    const auditFrom = Number(
      (
        await world.t.db.kysely
          .withTables<AccessTables>()
          .selectFrom('access.audit_log')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirstOrThrow()
      ).id,
    );
    const deaths = ndjson([
      { type: 'death', personId: old, deathDate: '2025-01-05' },
      { type: 'death', personId: old, deathDate: '2025-01-05' },
      { type: 'death', personId: young, deathDate: '1960-01-01' },
    ]);
    const died = await ingestBatch(world.deps, { source: 'public_security', batchId: 'ga-bulk', format: 'ndjson', content: deaths }, null);
    // The re-sent death is accepted without a second change; a death before birth is the registry's refusal.
    expect(died).toMatchObject({ accepted: 2, rejected: 1, personChanges: 1 });
    expect(died.errors).toEqual([{ row: 3, field: 'deathDate', message: '人口库拒绝该变更：死亡日期不能早于出生日期' }]);
    const lost = await ingestBatch(
      world.deps,
      {
        source: 'hr',
        batchId: 'rs-bulk',
        format: 'ndjson',
        content: ndjson([
          { type: 'unemployment', personId: old, date: '2025-01-02' },
          { type: 'unemployment', personId: young, date: '2025-01-03' },
        ]),
      },
      null,
    );
    expect(lost).toMatchObject({ accepted: 2, personChanges: 2 });
    const wages = await listFacts(world.registry, world.users.pudong, { type: 'person', id: young }, { kind: 'income.wage' });
    expect(wages.filter((f) => f.supersededBy === null).map((f) => [f.validTo, f.reason])).toEqual([['2025-01-03', '人社局登记 2025-01-03 失业（批次 rs-bulk 第 2 行），工资收入自当日终止']]);
    const audit = await world.t.db.kysely.withTables<AccessTables>().selectFrom('access.audit_log').select(['action', 'entity_id']).where('id', '>', auditFrom).where('action', 'like', 'registry.%').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'registry.persons.change', entity_id: 'exchange:public_security:ga-bulk' },
      { action: 'registry.facts.batch', entity_id: 'exchange:public_security:ga-bulk' },
      { action: 'registry.facts.end', entity_id: 'exchange:hr:rs-bulk' },
      { action: 'registry.facts.batch', entity_id: 'exchange:hr:rs-bulk' },
      { action: 'registry.facts.read', entity_id: String(young) },
    ]);
  });

  it('rejects an unknown source and a malformed batch id before reading anything', async () => {
    await expect(ingestBatch(world.deps, { source: 'tax', batchId: 'x', format: 'ndjson', content: '' }, null)).rejects.toMatchObject({ code: 'MONITORING_UNKNOWN_SOURCE' });
    await expect(ingestBatch(world.deps, { source: 'hr', batchId: 'a b', format: 'ndjson', content: '' }, null)).rejects.toMatchObject({ code: 'MONITORING_INVALID_BATCH_ID' });
  });
});
