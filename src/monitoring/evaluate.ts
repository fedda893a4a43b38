/**
 * Re-evaluates the households a change touched, right after the change: the department batch that brought
 * it (ingest.ts) or the registry event that announced it (jobs.ts). Reads first (the registry, the engine),
 * then one transaction writes every warning, lead, grant and household state, with one audit entry.
 */
import type { AccessTables } from '../access/index.js';
import { addMonths, monthOf, todayInShanghai, type Fen, type IsoDate } from '../kernel/index.js';
import { thisMonth, tables, type MonitoringDeps } from './deps.js';
import { auditSystem } from './guard.js';
import { childAllowanceGrants } from './child-allowance.js';
import { grantBenefits } from './grant-log.js';
import { raiseHouseholdLead, type LeadCandidate } from './lead-log.js';
import type { Origin } from './model.js';
import { householdMembers, readIndexed, type IndexedPerson } from './person-index.js';
import { policyFindings, type PolicyFindings, type PolicyJob } from './evaluate-policy.js';
import { lowIncomeLineFen, policyParameters } from './policy-port.js';
import { evaluationMonth, medicalCostWarning, severeDisabilityWarning, waterIdleWarning } from './rule-checks.js';
import { storedRuleValues } from './rule-settings.js';
import { resolveRules, type RuleSettings } from './rules.js';
import { loadStaff } from './staff.js';
import type { WarningCandidate } from './warning-log.js';
import { raiseWarnings } from './warning-raise.js';

/** What happened: a department row, or (type `facts_changed`) facts recorded or corrected elsewhere. */
export interface Trigger {
  type: string;
  personId: number | null;
  householdId: number | null;
  occurredOn: IsoDate;
  amountFen: Fen | null;
  values: Record<string, string | number | null>;
  origin: Origin;
  /** A wage lower than the last one the department sent for the person. */
  incomeDrop?: boolean;
  /** The person's disability grade before this certificate. */
  previousGrade?: number | null;
}

export interface EvaluationSummary {
  warnings: number[];
  leads: number[];
  grants: number[];
  households: number;
}

/** Changes after which the household's eligibility is screened again. */
const POLICY_TRIGGERS = new Set(['unemployment', 'death', 'orphan', 'disability_certificate', 'facts_changed']);

const householdOf = (t: Trigger, persons: Map<number, IndexedPerson>): number | null => t.householdId ?? (t.personId !== null ? (persons.get(t.personId)?.householdId ?? null) : null);

async function medicalCandidates(deps: MonitoringDeps, triggers: readonly Trigger[], persons: Map<number, IndexedPerson>, rulesOn: (on: IsoDate) => RuleSettings): Promise<WarningCandidate[]> {
  const latest = new Map<number, Trigger>();
  for (const t of triggers) {
    const h = householdOf(t, persons);
    if (t.type !== 'medical_cost' || h === null) continue;
    const seen = latest.get(h);
    if (!seen || seen.occurredOn < t.occurredOn) latest.set(h, t);
  }
  if (!latest.size) return [];
  const windowFrom = (on: IsoDate) => `${addMonths(monthOf(on), -12)}${on.slice(7)}`;
  const earliest = [...latest.values()].map((t) => windowFrom(t.occurredOn)).sort()[0];
  const rows = await tables(deps)
    .selectFrom('monitoring.exchange_rows')
    .select(['household_id', 'occurred_on', 'amount_fen'])
    .where('accepted', '=', true)
    .where('row_type', '=', 'medical_cost')
    .where('household_id', 'in', [...latest.keys()])
    .where('occurred_on', '>', earliest)
    .execute();
  const byHousehold = new Map<number, typeof rows>();
  for (const r of rows) byHousehold.set(r.household_id as number, [...(byHousehold.get(r.household_id as number) ?? []), r]);
  const out: WarningCandidate[] = [];
  for (const [householdId, t] of latest) {
    const from = windowFrom(t.occurredOn);
    const bills = (byHousehold.get(householdId) ?? []).filter((r) => (r.occurred_on as string) > from && (r.occurred_on as string) <= t.occurredOn);
    const totalFen = bills.reduce((n, r) => n + (r.amount_fen ?? 0), 0);
    const division = t.personId !== null ? persons.get(t.personId)?.residenceDivision : null;
    if (!division) continue;
    const w = medicalCostWarning({ householdId, personId: t.personId, divisionCode: division, origin: t.origin }, { totalFen, latestOn: t.occurredOn, windowFrom: from, bills: bills.length }, rulesOn(t.occurredOn));
    if (w) out.push(w);
  }
  return out;
}

async function personCandidates(deps: MonitoringDeps, triggers: readonly Trigger[], persons: Map<number, IndexedPerson>, rulesOn: (on: IsoDate) => RuleSettings): Promise<WarningCandidate[]> {
  const waterHouseholds = triggers
    .filter((t) => t.type === 'water_idle')
    .map((t) => householdOf(t, persons))
    .filter((h): h is number => h !== null);
  const living = await householdMembers(tables(deps), [...new Set(waterHouseholds)]);
  const out: WarningCandidate[] = [];
  for (const t of triggers) {
    const person = t.personId !== null ? persons.get(t.personId) : undefined;
    if (!person?.residenceDivision) continue;
    const subject = { householdId: person.householdId, personId: person.personId, divisionCode: person.residenceDivision, origin: t.origin };
    let w: WarningCandidate | null = null;
    if (t.type === 'water_idle' && person.birthDate && !person.deathDate) {
      const livingMembers = person.householdId === null ? null : (living.get(person.householdId)?.length ?? 1);
      w = waterIdleWarning(subject, { idleHours: Number(t.values.idleHours), observedAt: String(t.values.observedAt), birthDate: person.birthDate, on: t.occurredOn, livingMembers }, rulesOn(t.occurredOn));
    } else if (t.type === 'disability_certificate') {
      w = severeDisabilityWarning(subject, { grade: Number(t.values.grade), category: String(t.values.category), previousGrade: t.previousGrade ?? null, issuedOn: t.occurredOn }, rulesOn(t.occurredOn));
    }
    if (w) out.push(w);
  }
  return out;
}

/** `alsoHouseholds`: households a warning just flagged (large medical costs may mean 支出型贫困). */
function policyJobs(triggers: readonly Trigger[], persons: Map<number, IndexedPerson>, current: string, alsoHouseholds: ReadonlySet<number>, sizes: ReadonlyMap<number, number>, lineOf: (month: string) => number): PolicyJob[] {
  const jobs = new Map<string, PolicyJob>();
  for (const t of triggers) {
    const flagged = t.personId !== null && alsoHouseholds.has(persons.get(t.personId)?.householdId ?? -1);
    if (!POLICY_TRIGGERS.has(t.type) && !(t.type === 'wage' && t.incomeDrop) && !flagged) continue;
    const householdId = householdOf(t, persons);
    if (householdId === null) continue;
    const month = evaluationMonth(t.occurredOn, current);
    // A lower wage that alone keeps everyone above the 低收入 line cannot take the household under it.
    if (t.type === 'wage' && !flagged && (t.amountFen ?? 0) >= lineOf(month) * (sizes.get(householdId) ?? 1)) continue;
    const key = `${householdId}:${month}`;
    const job = jobs.get(key) ?? { householdId, month, deaths: [], jobLosses: [], origin: t.origin };
    if (t.type === 'death' && t.personId !== null) job.deaths.push({ personId: t.personId, deathDate: t.occurredOn, origin: t.origin });
    if (t.type === 'unemployment' && t.personId !== null) job.jobLosses.push({ personId: t.personId, on: t.occurredOn, origin: t.origin });
    jobs.set(key, job);
  }
  return [...jobs.values()];
}

/** `known`: the triggers' persons as the index holds them now, when the caller has them (else they are read). */
export async function evaluateTriggers(deps: MonitoringDeps, triggers: readonly Trigger[], known?: Map<number, IndexedPerson>): Promise<EvaluationSummary> {
  const summary: EvaluationSummary = { warnings: [], leads: [], grants: [], households: 0 };
  if (!triggers.length) return summary;
  const db = tables(deps);
  const stored = await storedRuleValues(db);
  const cache = new Map<IsoDate, RuleSettings>();
  const rulesOn = (on: IsoDate) => cache.get(on) ?? (cache.set(on, resolveRules(stored, on)).get(on) as RuleSettings);
  const persons =
    known ??
    (await readIndexed(
      db,
      triggers.flatMap((t) => (t.personId !== null ? [t.personId] : [])),
    ));
  const medical = await medicalCandidates(deps, triggers, persons, rulesOn);
  const dropped = triggers
    .filter((t) => t.type === 'wage' && t.incomeDrop)
    .map((t) => householdOf(t, persons))
    .filter((h): h is number => h !== null);
  const sizes = new Map([...(await householdMembers(db, [...new Set(dropped)]))].map(([h, m]) => [h, m.length]));
  const line = dropped.length ? await policyParameters(deps.db) : undefined;
  const jobs = policyJobs(triggers, persons, thisMonth(deps), new Set(medical.map((w) => w.householdId as number)), sizes, (month) => lowIncomeLineFen(month, line));
  const warnings = [...(await personCandidates(deps, triggers, persons, rulesOn)), ...medical];
  const findings = await policyFindings(deps, db, jobs, rulesOn);
  findings.grants.push(...(await childAllowanceGrants(db, deps.db, triggers, persons)));
  warnings.push(...findings.warnings);
  summary.households = new Set([...triggers.map((t) => householdOf(t, persons)), ...jobs.map((j) => j.householdId)].filter((h) => h !== null)).size;
  if (!warnings.length && !findings.leads.length && !findings.grants.length && !findings.states.length) return summary;
  const written = await writeFindings(deps, { ...findings, warnings }, { triggers: triggers.length }, rulesOn);
  return { ...written, households: summary.households };
}

/** One transaction for everything a round of rules decided, with one system audit entry naming it all. */
export async function writeFindings(deps: MonitoringDeps, findings: PolicyFindings, auditDetail: Record<string, unknown>, rulesOn?: (on: IsoDate) => RuleSettings): Promise<EvaluationSummary> {
  const summary: EvaluationSummary = { warnings: [], leads: [], grants: [], households: findings.states.length };
  const db = tables(deps);
  const now = deps.clock.now();
  const staff = findings.warnings.length || findings.leads.length ? await loadStaff(db.withTables<AccessTables>()) : [];
  const day = todayInShanghai(now);
  const context = { settings: rulesOn ? rulesOn(day) : resolveRules(await storedRuleValues(db), day), staff, now };

  await db.transaction().execute(async (trx) => {
    summary.warnings.push(...(await raiseWarnings(trx, findings.warnings, context)));
    const byHousehold = new Map<number, LeadCandidate[]>();
    for (const lead of findings.leads) byHousehold.set(lead.householdId, [...(byHousehold.get(lead.householdId) ?? []), lead]);
    for (const candidates of byHousehold.values()) {
      const id = await raiseHouseholdLead(trx, candidates, context);
      if (id !== null) summary.leads.push(id);
    }
    summary.grants.push(...(await grantBenefits(trx, findings.grants, now)));
    // One household may be screened for two months in a round: the later month is its state.
    const states = new Map(findings.states.map((s) => [s.householdId, s]));
    const rows = [...states.values()].map((s) => ({ household_id: s.householdId, month: s.month, eligible: JSON.stringify(s.eligible), evaluated_at: now }));
    for (let i = 0; i < rows.length; i += 1000) {
      await trx
        .insertInto('monitoring.household_states')
        .values(rows.slice(i, i + 1000))
        .onConflict((oc) => oc.column('household_id').doUpdateSet((eb) => ({ month: eb.ref('excluded.month'), eligible: eb.ref('excluded.eligible'), evaluated_at: eb.ref('excluded.evaluated_at') })))
        .execute();
    }
    if (summary.warnings.length || summary.leads.length || summary.grants.length) {
      await auditSystem(trx, 'monitoring.evaluate', 'household', undefined, { ...auditDetail, warnings: summary.warnings, leads: summary.leads, grants: summary.grants });
    }
  });
  return summary;
}
