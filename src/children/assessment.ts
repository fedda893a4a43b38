/** The rules' input for a case, read from the registry, the situations recorded here and the poverty roster. */
import type { IsoDate } from '../kernel/index.js';
import type { ChildrenDb } from './model.js';
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

export async function situationsOf(db: ChildrenDb, personIds: readonly number[]): Promise<Map<number, Situation[]>> {
  const out = new Map<number, Situation[]>();
  if (personIds.length === 0) return out;
  const rows = await db
    .selectFrom('children.parent_situations')
    .select(['parent_id', 'kind', 'from_date', 'to_date', 'evidence'])
    .where('parent_id', 'in', [...personIds])
    .orderBy('from_date')
    .execute();
  for (const r of rows) out.set(r.parent_id, [...(out.get(r.parent_id) ?? []), { kind: r.kind, from: r.from_date, to: r.to_date, evidence: r.evidence }]);
  return out;
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
        seriousIllness: childSituations.some((s) => s.kind === 'serious_illness' && s.from <= on && (s.to === null || s.to >= on)),
        householdPoverty: await povertyOf(db, row.child_id, on),
        abuse: row.abuse,
      },
      father: row.father_id === null ? null : asParent(persons.get(row.father_id), situations.get(row.father_id)),
      mother: row.mother_id === null ? null : asParent(persons.get(row.mother_id), situations.get(row.mother_id)),
    },
    { termMonths: settings.termMonths, severeGradeMax: settings.severeGradeMax, mentalCategories: settings.mentalCategories },
  );
  return { on, results, persons };
}
