/**
 * 每月系统抽查: a deterministic sample of a district's cases in payment (the same district, month and
 * population always give the same sample, so an auditor can redraw it), each re-checked against the engine
 * with current facts. The report lists where the last payment and today's result disagree.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../access/index.js';
import { divisionLevel, invalid, isValidMonth, normaliseDivisionCode, notFound, type Fen, type Month } from '../kernel/index.js';
import { tables, type AssistanceDeps } from './deps.js';
import { allowRead, guardedTransaction } from './guard.js';
import type { AssistanceProgramme } from './model.js';
import { amountKernel, batchAmounts, engineParameters, registryPolicyInputs } from './ports.js';
import { loadSettings } from './settings.js';

export interface SampledCase {
  caseId: number;
  programme: AssistanceProgramme;
  paidFen: Fen | null;
  recomputedFen: Fen;
  eligibleNow: boolean;
  mismatch: boolean;
}

export interface SampleReport {
  id: number;
  districtCode: string;
  month: Month;
  seed: string;
  ratePermille: number;
  population: number;
  sampleSize: number;
  mismatches: number;
  cases: SampledCase[];
}

/** Orders ids by a keyed hash: a fair shuffle nobody can steer without changing the seed, which is recorded. */
export function seededSample(ids: readonly number[], seed: string, ratePermille: number): number[] {
  if (ids.length === 0 || ratePermille <= 0) return [];
  const size = Math.min(ids.length, Math.max(1, Math.ceil((ids.length * ratePermille) / 1000)));
  const score = (id: number) => createHash('sha256').update(`${seed}:${id}`).digest('hex');
  return ids
    .map((id) => ({ id, key: score(id) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, size)
    .map((x) => x.id)
    .sort((a, b) => a - b);
}

export async function drawMonthlySample(deps: AssistanceDeps, actor: Actor, districtCode: string, month: Month): Promise<SampleReport> {
  const district = normaliseDivisionCode(districtCode);
  if (!district || divisionLevel(district) !== 'district') throw invalid('ASSISTANCE_INVALID_DISTRICT', '抽查按区进行，请提供区级区划代码');
  if (!isValidMonth(month)) throw invalid('ASSISTANCE_INVALID_MONTH', `月份格式错误：${month}`);
  const db = tables(deps);
  const existing = await db.selectFrom('assistance.samples').select('id').where('district_code', '=', district).where('month', '=', month).executeTakeFirst();
  if (existing) return getSample(deps, actor, existing.id);
  await allowRead(db, actor, { permission: 'assistance.integrity', action: 'assistance.sample.prepare', entityType: 'assistance_sample', entityId: `${district}:${month}`, divisionCodes: [district] });

  const population = await db
    .selectFrom('assistance.cases')
    .select(['id', 'programme', 'household_id', 'beneficiary_person_id'])
    .where('district_code', '=', district)
    .where('status', '=', 'in_payment')
    .where('programme', 'in', ['dibao', 'destitute'])
    .orderBy('id')
    .execute();
  const { samplingRatePermille } = await loadSettings(db, `${month}-01`); // the rate in force when the sampled month began
  const seed = `${district}:${month}`;
  const chosen = new Set(
    seededSample(
      population.map((c) => c.id),
      seed,
      samplingRatePermille,
    ),
  );
  const sample = population.filter((c) => chosen.has(c.id));
  const inputs = await registryPolicyInputs(
    deps.db,
    sample.map((c) => c.household_id),
    month,
  );
  const kernel = amountKernel(month, await engineParameters(deps.db));
  const amounts = batchAmounts(
    month,
    sample.map((c, i) => ({ facts: inputs[i], programme: c.programme as 'dibao' | 'destitute', beneficiaryId: String(c.beneficiary_person_id) })),
    kernel,
  ).results;
  const lastPaid = sample.length
    ? await db
        .selectFrom('assistance.payments')
        .select(['case_id', 'month', 'amount_fen'])
        .where(
          'case_id',
          'in',
          sample.map((c) => c.id),
        )
        .where('status', '=', 'paid')
        .orderBy('month')
        .execute()
    : [];
  const paidByCase = new Map(lastPaid.map((p) => [p.case_id, p.amount_fen]));

  const id = await guardedTransaction(db, actor, async (trx, gate) => {
    await gate.allow({
      permission: 'assistance.integrity',
      action: 'assistance.sample.draw',
      entityType: 'assistance_sample',
      entityId: `${district}:${month}`,
      divisionCodes: [district],
      detail: { population: population.length, size: sample.length, seed },
    });
    const row = await trx
      .insertInto('assistance.samples')
      .values({ district_code: district, month, seed, rate_permille: samplingRatePermille, population: population.length, created_by: actor.userId })
      .onConflict((oc) => oc.columns(['district_code', 'month']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return null;
    if (sample.length) {
      await trx
        .insertInto('assistance.sample_cases')
        .values(
          sample.map((c, i) => {
            const paid = paidByCase.get(c.id) ?? null;
            const { eligible, amountFen } = amounts[i];
            return { sample_id: row.id, case_id: c.id, paid_fen: paid, recomputed_fen: amountFen, eligible_now: eligible, mismatch: !eligible || paid !== amountFen };
          }),
        )
        .execute();
    }
    return row.id;
  });
  // Someone else drew it at the same moment: theirs is the sample (it is the same one).
  const sampleId = id ?? (await db.selectFrom('assistance.samples').select('id').where('district_code', '=', district).where('month', '=', month).executeTakeFirstOrThrow()).id;
  return getSample(deps, actor, sampleId);
}

export async function getSample(deps: AssistanceDeps, actor: Actor, sampleId: number): Promise<SampleReport> {
  const db = tables(deps);
  const s = await db.selectFrom('assistance.samples').selectAll().where('id', '=', sampleId).executeTakeFirst();
  const request = { permission: 'assistance.integrity' as const, action: 'assistance.sample.read', entityType: 'assistance_sample', entityId: sampleId };
  if (!s) {
    await allowRead(db, actor, request);
    throw notFound('ASSISTANCE_SAMPLE_NOT_FOUND', `抽查批次 ${sampleId} 不存在`);
  }
  await allowRead(db, actor, { ...request, divisionCodes: [s.district_code] });
  const rows = await db
    .selectFrom('assistance.sample_cases as s')
    .innerJoin('assistance.cases as c', 'c.id', 's.case_id')
    .select(['s.case_id', 'c.programme', 's.paid_fen', 's.recomputed_fen', 's.eligible_now', 's.mismatch'])
    .where('s.sample_id', '=', sampleId)
    .orderBy('s.case_id')
    .execute();
  const cases = rows.map((r) => ({ caseId: r.case_id, programme: r.programme, paidFen: r.paid_fen, recomputedFen: r.recomputed_fen, eligibleNow: r.eligible_now, mismatch: r.mismatch }));
  return { id: s.id, districtCode: s.district_code, month: s.month, seed: s.seed, ratePermille: s.rate_permille, population: s.population, sampleSize: cases.length, mismatches: cases.filter((c) => c.mismatch).length, cases };
}
