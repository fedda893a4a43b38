/**
 * Loads many cases already in payment with COPY, for payment-run tests and benchmarks. Each case gets the
 * log a real one would have (apply → accept → verify → visit → notice → approve) unless `withLog` is false,
 * and its projection is computed from that log by the same reducer, so the rows are what the services write.
 */
import { copyValue, type Database } from '../db/index.js';
import type { Fen, IsoDate, Month } from '../kernel/index.js';
import { projection } from './case-log.js';
import type { AccountVault } from './deps.js';
import { maskAccount } from './deps.js';
import type { AssistanceProgramme } from './model.js';
import { reduceCase, type LoggedAction } from './states.js';

export interface SeedCase {
  programme: AssistanceProgramme;
  householdId: number;
  applicantPersonId: number;
  beneficiaryPersonId?: number | null;
  personIds: number[];
  applicantName: string;
  streetCode: string;
  divisionCode: string;
  amountFen: Fen;
  paymentFrom: Month;
  appliedOn: IsoDate;
  decidedOn: IsoDate;
  acceptedBy: number;
  approvedBy: number;
  accountNo: string;
}

const row = (values: (string | number | boolean | null | undefined)[]) => `${values.map(copyValue).join('\t')}\n`;

function syntheticLog(c: SeedCase): LoggedAction[] {
  const on = c.appliedOn;
  return [
    { seq: 1, action: 'apply', actorId: c.acceptedBy, onDate: on, payload: { appliedOn: on, deadlineOn: c.decidedOn, memberIds: c.personIds } },
    { seq: 2, action: 'accept', actorId: c.acceptedBy, onDate: on, payload: {} },
    { seq: 3, action: 'verify', actorId: c.acceptedBy, onDate: on, payload: { verificationId: 0, eligible: true, amountFen: c.amountFen, month: c.paymentFrom } },
    { seq: 4, action: 'record_visit', actorId: c.acceptedBy, onDate: on, payload: { visitedOn: on } },
    { seq: 5, action: 'start_notice', actorId: c.acceptedBy, onDate: on, payload: { startsOn: on, endsOn: on, days: 7 } },
    { seq: 6, action: 'approve', actorId: c.approvedBy, onDate: c.decidedOn, payload: { amountFen: c.amountFen, paymentFrom: c.paymentFrom, nextReviewOn: `${Number(c.decidedOn.slice(0, 4)) + 1}${c.decidedOn.slice(4)}` } },
  ];
}

/** Returns the new case ids, in the order of `cases`. */
export async function insertApprovedCases(db: Database, accounts: AccountVault, cases: readonly SeedCase[], options: { withLog?: boolean; withAccounts?: boolean } = {}): Promise<number[]> {
  if (cases.length === 0) return [];
  const withLog = options.withLog ?? true;
  const withAccounts = options.withAccounts ?? true;
  const first = await db.exclusive(async (s) => {
    const [r] = await s.query<{ last: string }>(`select setval('assistance.case_id_seq', nextval('assistance.case_id_seq') + $1 - 1) as last`, [cases.length]);
    return Number(r.last) - cases.length + 1;
  });
  const ids = cases.map((_, i) => first + i);
  const caseLines = function* () {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i];
      const p = projection(reduceCase(syntheticLog(c)));
      yield row([
        ids[i],
        c.programme,
        c.householdId,
        c.applicantPersonId,
        c.beneficiaryPersonId ?? null,
        c.applicantName,
        c.streetCode,
        `${c.streetCode.slice(0, 6)}000000`,
        c.divisionCode,
        c.appliedOn,
        c.acceptedBy,
        p.status,
        p.version,
        p.accepted_by,
        p.amount_fen,
        p.payment_from,
        p.payment_until,
        p.notice_ends_on,
        p.review_due,
        p.due_on,
        p.last_verification_id,
      ]);
    }
  };
  await db.copyFrom(
    'copy assistance.cases (id, programme, household_id, applicant_person_id, beneficiary_person_id, applicant_name, street_code, district_code, division_code, applied_on, created_by, status, version, accepted_by, amount_fen, payment_from, payment_until, notice_ends_on, review_due, due_on, last_verification_id) from stdin',
    caseLines(),
  );
  await db.copyFrom(
    'copy assistance.case_persons (case_id, person_id) from stdin',
    (function* () {
      for (let i = 0; i < cases.length; i++) for (const p of new Set(cases[i].personIds)) yield row([ids[i], p]);
    })(),
  );
  if (withLog) {
    await db.copyFrom(
      'copy assistance.case_actions (case_id, seq, action, actor_id, on_date, payload) from stdin',
      (function* () {
        for (let i = 0; i < cases.length; i++) for (const a of syntheticLog(cases[i])) yield row([ids[i], a.seq, a.action, a.actorId, a.onDate, JSON.stringify(a.payload)]);
      })(),
    );
  }
  if (withAccounts) {
    await db.copyFrom(
      'copy assistance.payee_accounts (case_id, holder_name, bank_name, account_enc, account_masked) from stdin',
      (function* () {
        for (let i = 0; i < cases.length; i++) {
          const c = cases[i];
          yield row([ids[i], c.applicantName, '上海农商银行', `\\x${accounts.encrypt(c.accountNo).toString('hex')}`, maskAccount(c.accountNo)]);
        }
      })(),
    );
  }
  return ids;
}
