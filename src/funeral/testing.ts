/**
 * The funeral line's test world: elderly care's (registry, users, movable clock, dispatch) plus a person whose ID
 * number the test keeps, an approved assistance case paid by the payment run, and the elderly allowance.
 */
import type { Actor } from '../access/index.js';
import { assistanceDeps, runPayments, type AssistanceDeps } from '../assistance/index.js';
import { insertApprovedCases } from '../assistance/bulk-cases.js';
import { AccountVault } from '../assistance/deps.js';
import { emit, type CoreTables } from '../db/index.js';
import { openEldercareWorld, movableClock, type EldercareWorld, type MovableClock } from '../eldercare/testing.js';
import { todayInShanghai, type Fen, type IsoDate, type Month } from '../kernel/index.js';
import { allowancePaymentFile, grantAllowances, monitoringDeps, type MonitoringDeps } from '../monitoring/index.js';
import { addMember, createHousehold, recordFactBatch, registerPerson } from '../registry/index.js';
import { newPerson, TEST_COMMITTEES } from '../registry/testing.js';
import { funeralDeps, type FuneralDeps } from './deps.js';

export { TEST_COMMITTEES, movableClock, type MovableClock };

export interface FuneralWorld extends EldercareWorld {
  funeral: FuneralDeps;
  assistance: AssistanceDeps;
  monitoring: MonitoringDeps;
  /** Registers a person in a household of their own; returns the id and the full ID number. */
  register(options?: { birthDate?: IsoDate; committee?: string; name?: string }): Promise<{ personId: number; householdId: number; idNumber: string }>;
  /** An approved 特困 case of the person (no able legal supporter), as approval would publish it. */
  destituteCase(person: { personId: number; householdId: number }, paymentFrom: Month): Promise<number>;
  /** The district's assistance payment run and allowance file for a month. */
  pay(month: Month): Promise<void>;
}

export async function openFuneralWorld(clock: MovableClock = movableClock(new Date('2025-04-10T02:00:00Z'))): Promise<FuneralWorld> {
  const w = await openEldercareWorld(clock);
  const ctx = w.t.ctx;
  const assistance = { ...assistanceDeps(ctx), clock: { today: (): IsoDate => todayInShanghai(clock.now()) } } as AssistanceDeps;
  const monitoring = monitoringDeps(ctx, clock);
  const funeral = funeralDeps(ctx, clock);
  const accounts = new AccountVault(ctx.config.secretKey);
  let account = 0;
  const clerk = (committee: string): Actor => (committee.startsWith('310104') ? w.users.xuhui : w.users.pudong);
  return Object.assign(w, {
    funeral,
    assistance,
    monitoring,
    async register(options: { birthDate?: IsoDate; committee?: string; name?: string } = {}) {
      const committee = options.committee ?? TEST_COMMITTEES.weifang1;
      const input = newPerson({ birthDate: options.birthDate ?? '1948-06-01', residenceDivision: committee, ...(options.name ? { name: options.name } : {}) });
      const person = await registerPerson(w.registry, w.vault, clerk(committee), input);
      const household = await createHousehold(w.registry, clerk(committee), { divisionCode: committee });
      await addMember(w.registry, clerk(committee), household.id, { personId: person.id, relation: 'head', since: '2000-01-01' });
      return { personId: person.id, householdId: household.id, idNumber: input.idNumber };
    },
    async destituteCase(person: { personId: number; householdId: number }, paymentFrom: Month) {
      await recordFactBatch(w.registry, {
        batchId: `supporter-${person.householdId}`,
        source: '民政局',
        facts: [{ subjectType: 'household', subjectId: person.householdId, kind: 'legal_supporter', attributes: { able: false }, validFrom: '2020-01-01' }],
      });
      account += 1;
      const [caseId] = await insertApprovedCases(ctx.db, accounts, [
        {
          programme: 'destitute',
          householdId: person.householdId,
          applicantPersonId: person.personId,
          beneficiaryPersonId: person.personId,
          personIds: [person.personId],
          applicantName: '特困老人',
          streetCode: '310115004000',
          divisionCode: TEST_COMMITTEES.weifang1,
          amountFen: 0 as Fen,
          paymentFrom,
          appliedOn: '2025-01-02',
          decidedOn: '2025-01-20',
          acceptedBy: w.users.weifang.userId,
          approvedBy: w.users.pudong.userId,
          accountNo: `62284800000${String(account).padStart(5, '0')}`,
        },
      ]);
      // Seeded cases skip the approval action, which is what publishes this event.
      await emit(ctx.db.kysely.withTables<CoreTables>(), {
        topic: 'assistance.case.approved',
        key: String(caseId),
        payload: { caseId, programme: 'destitute', householdId: person.householdId, applicantPersonId: person.personId, districtCode: '310115000000' },
      });
      return caseId as number;
    },
    async pay(month: Month) {
      await runPayments(assistance, w.users.pudong, '310115', month);
      await grantAllowances(monitoring, null, month);
      await allowancePaymentFile(monitoring, w.users.pudong, { month, divisionCode: '310115' });
    },
  });
}
