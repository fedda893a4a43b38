/**
 * 经济状况核对: the household's current facts (as the registry assembles them for the engine, plus the
 * fact list with sources and dates), the engine's decision, and a stored report that reproduces it.
 * Correcting a fact goes through the registry (a new fact with a reason), then the case is re-verified.
 */
import type { Actor } from '../access/index.js';
import { invalid, monthOf, notFound, type Fen, type IsoDate, type Month } from '../kernel/index.js';
import { act } from './cases.js';
import { tables, type AssistanceDeps } from './deps.js';
import { allowRead } from './guard.js';
import type { CaseDetail } from './model.js';
import { correctRegistryFact, engineParameters, ENGINE_PROGRAMMES, evaluate, readFacts, readPolicyInput, reproduce, type EngineRequest, type EvaluateResponse, type FactView } from './ports.js';

export interface VerificationReport {
  id: number;
  caseId: number;
  month: Month;
  eligible: boolean;
  monthlyAmountFen: Fen;
  ruleVersion: string;
  rulesFingerprint: string;
  request: EngineRequest;
  response: EvaluateResponse;
  facts: FactView[];
  createdBy: number | null;
  createdAt: string;
}

/** The result the case stands on: the household programme, or the beneficiary's line for 特困供养. */
function caseResult(programme: string, beneficiaryId: number | null, response: EvaluateResponse) {
  // 临时救助 has no means-test rule: the caseworker's judgement, with 低保/低收入 shown for context.
  if (programme === 'temporary') return { eligible: true, amountFen: 0, conclusion: null };
  const result = response.results.find((r) => r.programme === programme && (programme !== 'destitute' || r.memberId === String(beneficiaryId)));
  return { eligible: result?.eligible ?? false, amountFen: result?.monthlyAmountFen ?? 0, conclusion: result?.reasons[0] ?? '供养对象已不在本户' };
}

async function caseForWork(deps: AssistanceDeps, actor: Actor, caseId: number, action: string) {
  const db = tables(deps);
  const row = await db.selectFrom('assistance.cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  const request = { permission: 'assistance.handle' as const, action, entityType: 'assistance_case', entityId: caseId };
  if (!row) {
    await allowRead(db, actor, request);
    throw notFound('ASSISTANCE_CASE_NOT_FOUND', `救助案件 ${caseId} 不存在`);
  }
  // Checked before the registry is read on the case's behalf; `act` checks again under the lock.
  await allowRead(db, actor, { ...request, divisionCodes: [row.street_code] });
  return row;
}

/** Runs the verification for this month and records it as the case's `verify` action. */
export async function verifyCase(deps: AssistanceDeps, actor: Actor, caseId: number): Promise<{ case: CaseDetail; verification: VerificationReport }> {
  const row = await caseForWork(deps, actor, caseId, 'assistance.case.verify.prepare');
  const month = monthOf(deps.clock.today());
  const household = await readPolicyInput(deps.db, actor, row.household_id, month);
  const personIds = household.members.map((m) => Number(m.id));
  const facts = await readFacts(deps.db, actor, row.household_id, personIds);
  const request: EngineRequest = { month, household, programmes: ENGINE_PROGRAMMES[row.programme] };
  const response = evaluate(request, await engineParameters(deps.db));
  const { eligible, amountFen, conclusion } = caseResult(row.programme, row.beneficiary_person_id, response);
  let verificationId = 0;
  const detail = await act(deps, actor, caseId, 'verify', async (c) => {
    const inserted = await c.trx
      .insertInto('assistance.verifications')
      .values({
        case_id: caseId,
        month,
        household_input: JSON.stringify(household),
        facts: JSON.stringify(facts),
        request: JSON.stringify(request),
        response: JSON.stringify(response),
        rule_version: response.ruleVersion,
        rules_fingerprint: response.rulesFingerprint,
        eligible,
        monthly_amount_fen: amountFen,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    verificationId = inserted.id;
    if (personIds.length) {
      await c.trx
        .insertInto('assistance.case_persons')
        .values(personIds.map((person_id) => ({ case_id: caseId, person_id })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return { reason: conclusion, payload: { verificationId, eligible, amountFen, month } };
  });
  return { case: detail, verification: await getVerification(deps, actor, verificationId) };
}

export async function getVerification(deps: AssistanceDeps, actor: Actor, verificationId: number): Promise<VerificationReport> {
  const db = tables(deps);
  const v = await db.selectFrom('assistance.verifications as v').innerJoin('assistance.cases as c', 'c.id', 'v.case_id').selectAll('v').select(['c.street_code', 'c.division_code']).where('v.id', '=', verificationId).executeTakeFirst();
  const request = { permission: 'assistance.read' as const, action: 'assistance.verification.read', entityType: 'assistance_verification', entityId: verificationId };
  if (!v) {
    await allowRead(db, actor, request);
    throw notFound('ASSISTANCE_VERIFICATION_NOT_FOUND', `核对报告 ${verificationId} 不存在`);
  }
  await allowRead(db, actor, { ...request, divisionCodes: [v.street_code, v.division_code] });
  return {
    id: v.id,
    caseId: v.case_id,
    month: v.month,
    eligible: v.eligible,
    monthlyAmountFen: v.monthly_amount_fen,
    ruleVersion: v.rule_version,
    rulesFingerprint: v.rules_fingerprint,
    request: v.request as EngineRequest,
    response: v.response as EvaluateResponse,
    facts: v.facts as FactView[],
    createdBy: v.created_by,
    createdAt: v.created_at.toISOString(),
  };
}

/** Re-runs a stored report with its own inputs and recorded parameter values: it must give the same results. */
export async function reproduceVerification(deps: AssistanceDeps, actor: Actor, verificationId: number): Promise<{ identical: boolean; recorded: EvaluateResponse; reproduced: EvaluateResponse }> {
  const report = await getVerification(deps, actor, verificationId);
  const reproduced = reproduce(report.request, report.response.parameters);
  const strip = (r: EvaluateResponse) => JSON.stringify(r.results.map((x) => ({ programme: x.programme, memberId: x.memberId, eligible: x.eligible, amount: x.monthlyAmountFen, reasons: x.reasons })));
  return { identical: strip(reproduced) === strip(report.response) && reproduced.ruleVersion === report.ruleVersion, recorded: report.response, reproduced };
}

export interface FactCorrectionInput {
  factId: number;
  amountFen?: Fen | null;
  attributes?: Record<string, unknown> | null;
  validFrom?: IsoDate;
  validTo?: IsoDate | null;
  reason: string;
}

/**
 * A caseworker's correction of one of the household's facts, then a fresh verification. Two steps, each
 * safe to retry: the correction is kept even if the re-verification fails, and verifying again is harmless.
 */
export async function correctFactAndReverify(deps: AssistanceDeps, actor: Actor, caseId: number, input: FactCorrectionInput) {
  const row = await caseForWork(deps, actor, caseId, 'assistance.case.correct_fact');
  if (!(input.reason ?? '').trim()) throw invalid('ASSISTANCE_REASON_REQUIRED', '更正事实须填写更正原因');
  const household = await readPolicyInput(deps.db, actor, row.household_id, monthOf(deps.clock.today()));
  const facts = await readFacts(
    deps.db,
    actor,
    row.household_id,
    household.members.map((m) => Number(m.id)),
  );
  if (!facts.some((f) => f.id === input.factId)) throw invalid('ASSISTANCE_FACT_NOT_IN_HOUSEHOLD', `事实 ${input.factId} 不属于本案件家庭`);
  const { factId, ...correction } = input;
  const fact = await correctRegistryFact(deps.db, actor, factId, correction);
  const verified = await verifyCase(deps, actor, caseId);
  return { fact, ...verified };
}
