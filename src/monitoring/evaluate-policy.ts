/**
 * The rules that need the policy engine: a household's situation after a change (job loss, a death, an
 * orphan registered, a new disability, facts from elsewhere) is re-screened by the engine; only what a rule
 * flags is explained, for the reasons the advisor reads. Reads only: evaluate.ts writes.
 */
import { openCasesOf, type OpenCase } from '../assistance/index.js';
import { formatYuan, type IsoDate, type Month } from '../kernel/index.js';
import type { MonitoringDeps } from './deps.js';
import type { GrantInput } from './grant-log.js';
import { soloFacts } from './grants.js';
import { OPEN_LEAD, type LeadCandidate } from './lead-log.js';
import { AUTO_PROGRAMMES, LEAD_PROGRAMMES, type AutoProgramme, type LeadProgramme, type MonitoringDb, type Origin } from './model.js';
import { readIndexed, type IndexedPerson } from './person-index.js';
import { programmeNames } from './programme-names.js';
import { explainProgrammes, policyParameters, reasonsOf, screenRegistryHouseholds, type HouseholdFacts, type RegistryScreen } from './policy-port.js';
import { earnerDeathWarning, incomeBelowLineWarning, jobLossWarning } from './rule-checks.js';
import type { RuleSettings } from './rules.js';
import type { WarningCandidate } from './warning-log.js';

export { programmeNames };

/** One household to screen for one month, with what happened to it. */
export interface PolicyJob {
  householdId: number;
  month: Month;
  deaths: { personId: number; deathDate: IsoDate; origin: Origin }[];
  jobLosses: { personId: number; on: IsoDate; origin: Origin }[];
  origin: Origin;
}

export interface PolicyFindings {
  warnings: WarningCandidate[];
  leads: LeadCandidate[];
  grants: GrantInput[];
  states: { householdId: number; month: Month; eligible: string[] }[];
}

/** The engine counts a member alive on the 1st when death_date is after it: a death on the 1st shows only in the month before. */
const monthBeforeDeath = (deathDate: IsoDate): Month => {
  const month = deathDate.slice(0, 7);
  if (!deathDate.endsWith('-01')) return month;
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** Re-screens the jobs' households, a month at a time (one engine call per month). */
async function screenJobs(deps: MonitoringDeps, jobs: readonly { householdId: number; month: Month }[]): Promise<Map<string, RegistryScreen>> {
  const out = new Map<string, RegistryScreen>();
  const byMonth = new Map<Month, number[]>();
  for (const j of jobs) byMonth.set(j.month, [...(byMonth.get(j.month) ?? []), j.householdId]);
  for (const [month, ids] of byMonth) for (const s of await screenRegistryHouseholds(deps.db, ids, month)) out.set(`${s.householdId}:${month}`, s);
  return out;
}

/** The engine's input of a few households for explanations, one registry read per month. */
async function factsOf(deps: MonitoringDeps, wanted: readonly { householdId: number; month: Month }[]): Promise<Map<string, HouseholdFacts>> {
  const out = new Map<string, HouseholdFacts>();
  const byMonth = new Map<Month, number[]>();
  for (const w of wanted) byMonth.set(w.month, [...new Set([...(byMonth.get(w.month) ?? []), w.householdId])]);
  for (const [month, ids] of byMonth) (await deps.registry.policyInputs(ids, month)).forEach((facts, i) => out.set(`${ids[i]}:${month}`, facts));
  return out;
}

export async function activeRoster(db: MonitoringDb, householdIds: readonly number[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  if (!householdIds.length) return out;
  const rows = await db
    .selectFrom('monitoring.programme_roster')
    .select(['household_id', 'programme'])
    .where('household_id', 'in', [...householdIds])
    .where('active', '=', true)
    .execute();
  for (const r of rows) out.set(r.household_id, (out.get(r.household_id) ?? new Set()).add(r.programme));
  return out;
}

const leadKey = (householdId: number, programme: string, personId: number | null) => `${householdId}:${programme}:${personId ?? ''}`;

/** What already exists is skipped before anything is explained: explaining is the costly part of a finding. */
async function existing(db: MonitoringDb, openCases: (householdIds: readonly number[]) => Promise<OpenCase[]>, householdIds: readonly number[], personIds: readonly number[]) {
  const granted = new Set<string>();
  for (let i = 0; i < personIds.length; i += 1000) {
    const rows = await db
      .selectFrom('monitoring.benefit_grants')
      .select(['person_id', 'programme'])
      .where('status', '=', 'active')
      .where('person_id', 'in', personIds.slice(i, i + 1000))
      .execute();
    for (const r of rows) granted.add(`${r.person_id}:${r.programme}`);
  }
  // Listed on an open lead already, or applied for (an open assistance case): no lead for it again.
  const leading = new Set<string>();
  for (let i = 0; i < householdIds.length; i += 1000) {
    const rows = await db
      .selectFrom('monitoring.leads as l')
      .innerJoin('monitoring.lead_programmes as lp', 'lp.lead_id', 'l.id')
      .select(['l.household_id', 'lp.programme', 'lp.person_id'])
      .where('l.household_id', 'in', householdIds.slice(i, i + 1000))
      .where('l.status', 'in', OPEN_LEAD)
      .execute();
    for (const r of rows) leading.add(leadKey(r.household_id, r.programme, r.person_id));
  }
  for (const c of await openCases(householdIds)) {
    leading.add(c.programme === 'destitute' && c.beneficiaryPersonId !== null ? leadKey(c.householdId, c.programme, c.beneficiaryPersonId) : `${c.householdId}:${c.programme}:*`);
  }
  const states = new Map<number, string[]>();
  for (let i = 0; i < householdIds.length; i += 1000) {
    for (const r of await db
      .selectFrom('monitoring.household_states')
      .select(['household_id', 'eligible'])
      .where('household_id', 'in', householdIds.slice(i, i + 1000))
      .execute())
      states.set(r.household_id, r.eligible);
  }
  return { granted, leading, states, roster: await activeRoster(db, householdIds) };
}

/**
 * Screens the jobs' households and returns what the rules decide. A discovery run passes
 * `warnings: false`: it looks for households to reach, not for changes to warn about.
 */
export async function policyFindings(deps: MonitoringDeps, db: MonitoringDb, jobs: readonly PolicyJob[], rulesOn: (on: IsoDate) => RuleSettings, options: { warnings?: boolean } = {}): Promise<PolicyFindings> {
  const findings: PolicyFindings = { warnings: [], leads: [], grants: [], states: [] };
  if (!jobs.length) return findings;
  const after = await screenJobs(deps, jobs);
  const householdIds = [...new Set(jobs.map((j) => j.householdId))];
  const personIds = [...new Set([...after.values()].flatMap((s) => s.persons.map((p) => p.personId)))];
  const known = await existing(db, (ids) => openCasesOf(deps.db, ids), householdIds, personIds);
  const members = await readIndexed(db, [...personIds, ...jobs.flatMap((j) => j.deaths.map((d) => d.personId))]);
  const parameters = await policyParameters(deps.db);

  // Which households need their facts: a lead or an income warning to explain, a death to weigh.
  const leadsOf = (job: PolicyJob, screen: RegistryScreen) =>
    LEAD_PROGRAMMES.filter((p) => !known.roster.get(job.householdId)?.has(p)).flatMap((programme) =>
      (programme === 'destitute' ? screen.persons.filter((p) => p.programme === 'destitute').map((p) => p.personId) : screen.eligible.has(programme) ? [null] : [])
        .filter((personId) => !known.leading.has(leadKey(job.householdId, programme, personId)) && !known.leading.has(`${job.householdId}:${programme}:*`))
        .map((personId) => ({ programme, personId })),
    );
  const needFacts = jobs.filter((j) => {
    const screen = after.get(`${j.householdId}:${j.month}`);
    return screen && (leadsOf(j, screen).length > 0 || (options.warnings !== false && (screen.eligible.has('dibao') || screen.eligible.has('low_income'))));
  });
  const facts = await factsOf(deps, [...needFacts, ...jobs.flatMap((j) => j.deaths.map((d) => ({ householdId: j.householdId, month: monthBeforeDeath(d.deathDate) })))]);

  for (const job of jobs) {
    const screen = after.get(`${job.householdId}:${job.month}`);
    if (!screen) continue;
    const division = screen.divisionCode ?? job.deaths.map((d) => members.get(d.personId)?.residenceDivision).find((d): d is string => !!d) ?? null;
    const inProgrammes = [...(known.roster.get(job.householdId) ?? [])];
    const eligible = [...screen.eligible.keys()];
    const destitute = screen.persons.filter((p) => p.programme === 'destitute');
    findings.states.push({ householdId: job.householdId, month: job.month, eligible: [...eligible, ...(destitute.length ? ['destitute'] : [])] });
    const householdFacts = facts.get(`${job.householdId}:${job.month}`);
    const reasons = (programme: string, memberId?: string) => (householdFacts ? reasonsOf(explainProgrammes(job.month, householdFacts, [programme], parameters), programme, memberId) : []);
    if (division && options.warnings !== false) {
      const subject = { householdId: job.householdId, divisionCode: division };
      for (const loss of job.jobLosses) {
        const w = jobLossWarning(
          { ...subject, personId: loss.personId, origin: loss.origin },
          { on: loss.on, inProgrammes: inProgrammes.map((p) => programmeNames[p] ?? p), eligible: eligible.filter((p) => p !== 'elderly_allowance').map((p) => programmeNames[p] ?? p) },
        );
        if (w) findings.warnings.push(w);
      }
      for (const death of job.deaths) {
        const pre = facts.get(`${job.householdId}:${monthBeforeDeath(death.deathDate)}`);
        const w = pre ? earnerDeathWarning({ ...subject, personId: death.personId, origin: death.origin }, { deathDate: death.deathDate, facts: pre }, rulesOn(death.deathDate)) : null;
        if (w) findings.warnings.push(w);
      }
      const inLine = inProgrammes.includes('dibao') || inProgrammes.includes('low_income');
      const line = eligible.includes('dibao') ? 'dibao' : 'low_income';
      const income = incomeBelowLineWarning(
        { ...subject, personId: null, origin: job.origin },
        { month: job.month, eligible, before: known.states.get(job.householdId) ?? null, inProgramme: inLine, engineReasons: eligible.includes(line) ? reasons(line) : [] },
      );
      if (income) findings.warnings.push(income);
    }
    if (division) {
      for (const { programme, personId } of leadsOf(job, screen)) {
        const amount = personId === null ? (screen.eligible.get(programme) ?? 0) : (destitute.find((p) => p.personId === personId)?.amountFen ?? 0);
        findings.leads.push(leadOf(programme, job, personId, division, amount, reasons(programme, personId === null ? undefined : String(personId))));
      }
    }
    for (const p of screen.persons) {
      if (!(AUTO_PROGRAMMES as readonly string[]).includes(p.programme) || known.granted.has(`${p.personId}:${p.programme}`)) continue;
      const grant = grantOf(p.programme as AutoProgramme, job, p.personId, members.get(p.personId), parameters);
      if (grant) findings.grants.push(grant);
    }
  }
  return findings;
}

function leadOf(programme: LeadProgramme, job: PolicyJob, personId: number | null, division: string, amountFen: number, reasons: string[]): LeadCandidate {
  const head = amountFen > 0 ? [`符合${programmeNames[programme]}条件，按规则测算月救助金额 ${formatYuan(amountFen)} 元，尚未纳入`] : [`符合${programmeNames[programme]}条件，尚未纳入`];
  return { programme, householdId: job.householdId, personId, divisionCode: division, month: job.month, amountFen: amountFen > 0 ? amountFen : null, reasons: [...head, ...reasons], origin: job.origin };
}

/** The automatic allowances read only birth date, registration and orphan status: explained on those alone. */
function grantOf(programme: AutoProgramme, job: PolicyJob, personId: number, person: IndexedPerson | undefined, parameters: Parameters<typeof explainProgrammes>[3]): GrantInput | null {
  if (!person?.birthDate || !person.hukouDivision?.startsWith('31')) return null;
  const reasons = reasonsOf(explainProgrammes(job.month, soloFacts(personId, person.birthDate, programme === 'orphan_allowance'), [programme], parameters), programme, String(personId));
  return { personId, programme, householdId: job.householdId, birthDate: person.birthDate, divisionCode: person.hukouDivision, fromMonth: job.month, reasons, cause: job.origin };
}
