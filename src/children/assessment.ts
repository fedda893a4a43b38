/** The rules' input for a case, read from the registry (persons, situation facts) and the poverty roster. */
import type { IsoDate } from '../kernel/index.js';
import { situationFactsOf, type CustodyMeasure, type RegistryTables, type SituationFact } from '../registry/index.js';
import type { ChildrenDb, SituationKind } from './model.js';
import { householdOf, personFacts, type PersonFacts } from './registry-port.js';
import { evaluateCategories, type ParentInput, type RuleResult, type Situation } from './rules.js';
import type { ChildrenSettings } from './settings.js';
import type { CaseRow } from './case-access.js';
import type { Category } from './model.js';

export type Poverty = 'dibao' | 'low_income' | 'destitute' | null;

const POVERTY_ORDER: Record<string, Exclude<Poverty, null>> = { destitute: 'destitute', dibao: 'dibao', low_income: 'low_income' };

/** The household's approved programme from assistance's events (特困 before 低保 before 低收入). */
export async function povertyOf(db: ChildrenDb, personId: number, on: IsoDate): Promise<Poverty> {
  const household = await householdOf(db, personId, on);
  if (household === null) return null;
  const rows = await db.selectFrom('children.poverty_roster').select('programme').where('household_id', '=', household).where('active', '=', true).execute();
  for (const p of ['destitute', 'dibao', 'low_income'] as const) if (rows.some((r) => POVERTY_ORDER[r.programme] === p)) return p;
  return null;
}

const custodyKind: Record<CustodyMeasure, SituationKind> = { prison: 'custody', drug_rehab: 'drug_rehab', other: 'restricted' };

/** A registry fact in the rules' words; a release ends the custody it follows (the term still counts as sentenced). */
export function asSituations(facts: readonly SituationFact[]): Situation[] {
  const releases = facts.filter((f) => f.kind === 'custody_release');
  const out: Situation[] = [];
  for (const f of facts) {
    if (f.kind === 'custody_release') continue;
    const kind: SituationKind = f.kind === 'custody' ? custodyKind[f.measure ?? 'other'] : f.kind;
    const released = f.kind === 'custody' ? releases.find((r) => r.from >= f.from && (f.to === null || r.from <= f.to)) : undefined;
    out.push({ kind, from: f.from, to: f.to, evidence: f.evidence, releasedOn: released?.from ?? null, disease: f.disease });
  }
  return out;
}

export async function situationsOf(db: ChildrenDb, personIds: readonly number[]): Promise<Map<number, Situation[]>> {
  const facts = await situationFactsOf(db.withTables<RegistryTables>(), personIds);
  return new Map([...facts].map(([id, list]) => [id, asSituations(list)]));
}

const asParent = (p: PersonFacts | undefined, situations: Situation[] | undefined): ParentInput | null => (p ? { name: p.name, deathDate: p.deathDate, disability: p.disability, situations: situations ?? [] } : null);

export interface CaseAssessment {
  on: IsoDate;
  results: Record<Category, RuleResult>;
  persons: Map<number, PersonFacts>;
}

export async function assessCase(db: ChildrenDb, row: Pick<CaseRow, 'child_id' | 'father_id' | 'mother_id' | 'abuse'>, settings: ChildrenSettings, on: IsoDate): Promise<CaseAssessment> {
  const ids = [row.child_id, row.father_id, row.mother_id].filter((x): x is number => x !== null);
  const persons = await personFacts(db, ids);
  const situations = await situationsOf(db, ids);
  const child = persons.get(row.child_id);
  if (!child) throw new Error(`child ${row.child_id} missing from the registry`);
  const childSituations = situations.get(row.child_id) ?? [];
  const results = evaluateCategories(
    {
      on,
      child: {
        birthDate: child.birthDate,
        deathDate: child.deathDate,
        disability: child.disability,
        illnesses: childSituations.filter((s) => s.kind === 'serious_illness'),
        householdPoverty: await povertyOf(db, row.child_id, on),
        abuse: row.abuse,
      },
      father: row.father_id === null ? null : asParent(persons.get(row.father_id), situations.get(row.father_id)),
      mother: row.mother_id === null ? null : asParent(persons.get(row.mother_id), situations.get(row.mother_id)),
    },
    { termMonths: settings.termMonths, severeGradeMax: settings.severeGradeMax, mentalCategories: settings.mentalCategories, seriousDiseases: settings.seriousDiseases },
  );
  return { on, results, persons };
}
