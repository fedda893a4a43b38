/**
 * The e2e world of 身故一件事: a demo elder of 潍坊新村街道 who receives 低保 (an approved case, as approval would
 * publish it) and lives in a 潍坊 care home (admitted by the district), and 浦东殡仪馆 with its basic-item prices.
 * Built with the server's own functions on the running app's database; the browser never sees this.
 */
import { sql } from 'kysely';
import type { AccessTables, Actor } from '../../src/access/index.js';
import { AccountVault } from '../../src/assistance/index.js';
import { insertApprovedCases } from '../../src/assistance/bulk-cases.js';
import { dispatchOutbox, emit, type CoreTables } from '../../src/db/index.js';
import { admit, eldercareDeps } from '../../src/eldercare/index.js';
import { addPrice, createUnit, funeralDeps } from '../../src/funeral/index.js';
import { addDays, todayInShanghai, type Fen, type IsoDate, type Month } from '../../src/kernel/index.js';
import { eventHandlers } from '../../src/modules.js';
import { getPerson, IdVault, listPersons, type RegistryTables } from '../../src/registry/index.js';
import type { RunningApp } from './harness.js';

export interface DyingElder {
  personId: number;
  name: string;
  idNumber: string;
  caseId: number;
  facilityName: string;
  homeName: string;
}

const monthBefore = (on: IsoDate, n: number): Month => {
  const d = new Date(`${on.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 7) as Month;
};

async function actor(app: RunningApp, username: string): Promise<Actor> {
  const u = await app.ctx.db.kysely.withTables<AccessTables>().selectFrom('access.users').select(['id', 'username', 'display_name', 'role', 'jurisdiction_code']).where('username', '=', username).executeTakeFirstOrThrow();
  return { userId: u.id, username: u.username, displayName: u.display_name, role: u.role, jurisdiction: u.jurisdiction_code };
}

export async function dibaoElderInCareHome(app: RunningApp): Promise<DyingElder> {
  const ctx = app.ctx;
  const pudong = await actor(app, 'pudong');
  const weifang = await actor(app, 'weifang');
  const registry = ctx.db.kysely.withTables<RegistryTables>();
  const vault = new IdVault(ctx.config.secretKey);
  const today = todayInShanghai();
  // A free ordinary bed of an institution in 潍坊 (else in 浦东): the elder lives there.
  const bed = await sql<{ id: number; name: string }>`
    select b.id, f.name from eldercare.beds b join eldercare.facilities f on f.id = b.facility_id
    where f.kind = 'institution' and b.status = 'free' and not b.basic_guarantee and f.division_code like '310115%'
    order by (f.division_code like '310115004%') desc, b.id limit 1`.execute(ctx.db.kysely);
  const freeBed = bed.rows[0];
  if (!freeBed) throw new Error('no free ordinary bed in a Pudong institution of the demo city');
  // An older demo resident of 潍坊 with a household, not yet in a home.
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const { items, nextCursor } = await listPersons(registry, vault, pudong, { divisionCode: '310115004', limit: 200, cursor });
    for (const p of items) {
      if (p.deathDate || !p.householdId || p.birthDate > '1955-01-01' || !p.hukouDivision.startsWith('31')) continue;
      const inHome = await sql`select 1 from eldercare.stays where person_id = ${p.id} and discharged_on is null`.execute(ctx.db.kysely);
      if (inHome.rows.length) continue;
      const revealed = await getPerson(registry, vault, pudong, p.id, { revealIdNumber: true, purpose: 'case_handling', purposeRef: 'e2e 身故一件事' });
      const [caseId] = await insertApprovedCases(ctx.db, new AccountVault(ctx.config.secretKey), [
        {
          programme: 'dibao',
          householdId: p.householdId,
          applicantPersonId: p.id,
          beneficiaryPersonId: p.id,
          personIds: [p.id],
          applicantName: p.name,
          streetCode: '310115004000',
          divisionCode: p.residenceDivision,
          amountFen: 149_000 as Fen,
          paymentFrom: monthBefore(today, 3),
          appliedOn: addDays(today, -120),
          decidedOn: addDays(today, -100),
          acceptedBy: weifang.userId,
          approvedBy: pudong.userId,
          accountNo: '6228480000012345',
        },
      ]);
      // Seeded cases skip the approval action, which is what publishes this event (funeral's roster reads it).
      await emit(ctx.db.kysely.withTables<CoreTables>(), {
        topic: 'assistance.case.approved',
        key: String(caseId),
        payload: { caseId, programme: 'dibao', householdId: p.householdId, applicantPersonId: p.id, districtCode: '310115000000' },
      });
      await admit(eldercareDeps(ctx), pudong, { bedId: freeBed.id, personId: p.id, admittedOn: addDays(today, -90) });
      const deps = funeralDeps(ctx);
      const home = await createUnit(deps, pudong, {
        kind: 'funeral_home',
        name: '浦东殡仪馆',
        divisionCode: '310115000000',
        licenceNumber: '沪殡证001',
        licenceCheckedYear: Number(today.slice(0, 4)),
        capacity: { cremators: { flat: 6 }, coldStorage: 80, halls: 8 },
      });
      const since = `${Number(today.slice(0, 4)) - 1}-01-01`;
      await addPrice(deps, pudong, home.id, { item: '遗体接运（基本殡仪车）', category: 'government', priceFen: 30_000, basicItem: 'transport', fromDate: since });
      await addPrice(deps, pudong, home.id, { item: '平板炉火化', category: 'government', priceFen: 40_000, basicItem: 'cremation', fromDate: since });
      await dispatchOutbox(ctx.db.kysely, eventHandlers());
      return { personId: p.id, name: p.name, idNumber: revealed.idNumber, caseId: caseId as number, facilityName: freeBed.name, homeName: home.name };
    }
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  throw new Error('no older demo resident of 潍坊新村街道 with a household');
}
