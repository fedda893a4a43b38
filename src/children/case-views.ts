/**
 * The register (overdue first) and the case page. Lists show names masked (王*明) and no addresses (PIPL art.
 * 28, 未成年人保护法 art. 103); the case page shows the name to its workers. Every read is audited.
 */
import type { Actor } from '../access/index.js';
import { jurisdictionPrefix } from '../access/index.js';
import { addDays, addMonthsToDate, ageOn, invalid, monthOf, type IsoDate } from '../kernel/index.js';
import { explainAllowance } from './allowance.js';
import { maskPersonName, getPerson, type IdVault, unmaskPurposeText, type RegistryTables } from '../registry/index.js';
import { assessCase } from './assessment.js';
import { caseFor, mayOpenAbuse, type CaseRow } from './case-access.js';
import { tables, today, type ChildrenDeps } from './deps.js';
import { allowRead, guardedTransaction } from './guard.js';
import { categoryNames, caseStatusNames, guardianKindNames, type Category, type CaseStatus, type ChildrenDb, type GuardianKind } from './model.js';
import { CHILDREN_SYSTEM_ACTOR, personFacts } from './registry-port.js';
import type { RuleResult } from './rules.js';
import { loadSettings, type ChildrenSettings } from './settings.js';

export interface Due {
  kind: 'first' | 'routine';
  due: IsoDate;
  overdue: boolean;
  /** Overdue escalates to the street's 督导员, and past twice the time to the district. */
  escalatedTo: 'supervisor' | 'district' | null;
}

/** The next visit due: the first one after the report (24 h without a carer, else N days), then by category. */
export function visitDue(row: Pick<CaseRow, 'status' | 'reported_on' | 'no_carer' | 'first_visit_on' | 'last_visit_on' | 'category'>, s: ChildrenSettings, on: IsoDate): Due | null {
  if (row.status === 'closed' || row.status === 'refused') return null;
  let kind: Due['kind'];
  let from: IsoDate;
  let due: IsoDate;
  if (row.first_visit_on === null) {
    kind = 'first';
    from = row.reported_on;
    due = addDays(row.reported_on, row.no_carer ? Math.ceil(s.firstHoursNoCarer / 24) : s.firstDays);
  } else {
    kind = 'routine';
    from = row.last_visit_on ?? row.first_visit_on;
    due = addMonthsToDate(from, row.category !== null && s.monthlyCategories.includes(row.category) ? 1 : 3);
  }
  const overdue = due < on;
  const span = Math.max(1, (Date.parse(due) - Date.parse(from)) / 86_400_000);
  const late = (Date.parse(on) - Date.parse(due)) / 86_400_000;
  return { kind, due, overdue, escalatedTo: !overdue ? null : late > span ? 'district' : 'supervisor' };
}

export interface CaseListItem {
  id: number;
  childName: string;
  age: number;
  divisionCode: string;
  status: CaseStatus;
  statusName: string;
  category: Category | null;
  categoryName: string | null;
  reportedOn: IsoDate;
  abuse: boolean;
  noCarer: boolean;
  due: Due | null;
  /** 复核 due (yearly, or now after a parent's release); overdue when past. */
  review: { due: IsoDate; overdue: boolean } | null;
  /** 无人照料 and nobody in care yet: 应急处置 — temporary care (临时监护) within the 24-hour limit. */
  needsTemporaryCare: boolean;
}

const reviewOf = (row: Pick<CaseRow, 'status' | 'review_due_on'>, on: IsoDate): CaseListItem['review'] => (row.status === 'decided' && row.review_due_on !== null ? { due: row.review_due_on, overdue: row.review_due_on <= on } : null);

/** Children with someone in care today (any guardianship period covering the day). */
async function inCare(db: ChildrenDb, childIds: readonly number[], on: IsoDate): Promise<Set<number>> {
  if (childIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('children.guardians')
    .select('child_id')
    .where('child_id', 'in', [...new Set(childIds)])
    .where('from_date', '<=', on)
    .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>=', on)]))
    .execute();
  return new Set(rows.map((r) => r.child_id));
}

export async function listCases(deps: ChildrenDeps, actor: Actor, query: { status?: CaseStatus; overdueOnly?: boolean } = {}): Promise<CaseListItem[]> {
  const db = tables(deps);
  const on = today(deps);
  await allowRead(db, actor, { permission: 'children.read', action: 'children.cases.list', entityType: 'division', entityId: actor.jurisdiction, detail: query });
  let q = db
    .selectFrom('children.cases')
    .selectAll()
    .where('division_code', 'like', `${jurisdictionPrefix(actor)}%`);
  if (query.status) q = q.where('status', '=', query.status);
  const rows = ((await q.orderBy('id').limit(5000).execute()) as CaseRow[]).filter((r) => !r.abuse || mayOpenAbuse(actor, r));
  const s = await loadSettings(db, on);
  const persons = await personFacts(
    db,
    rows.map((r) => r.child_id),
  );
  const cared = await inCare(
    db,
    rows.filter((r) => r.no_carer && r.status !== 'closed').map((r) => r.child_id),
    on,
  );
  const items = rows.map((r): CaseListItem => {
    const p = persons.get(r.child_id);
    return {
      id: r.id,
      childName: maskPersonName(p?.name ?? ''),
      age: p ? ageOn(p.birthDate, on) : 0,
      divisionCode: r.division_code,
      status: r.status,
      statusName: caseStatusNames[r.status],
      category: r.category,
      categoryName: r.category ? categoryNames[r.category] : null,
      reportedOn: r.reported_on,
      abuse: r.abuse,
      noCarer: r.no_carer,
      due: visitDue(r, s, on),
      review: reviewOf(r, on),
      needsTemporaryCare: r.no_carer && r.status !== 'closed' && !cared.has(r.child_id),
    };
  });
  const filtered = query.overdueOnly ? items.filter((i) => i.due?.overdue) : items;
  // Children with nobody in care first, then overdue visits (the most overdue on top), then the next due, then the closed ones.
  return filtered.sort((a, b) => Number(b.needsTemporaryCare) - Number(a.needsTemporaryCare) || Number(b.due?.overdue ?? false) - Number(a.due?.overdue ?? false) || (a.due?.due ?? '9999').localeCompare(b.due?.due ?? '9999') || a.id - b.id);
}

export interface CaseDetail extends CaseListItem {
  childName: string;
  sex: string;
  birthDate: IsoDate;
  idNumberMasked: string;
  parents: { role: '父亲' | '母亲'; name: string; deathDate: IsoDate | null; disability: string | null }[];
  startMonth: string | null;
  endMonth: string | null;
  assessment: RuleResult[];
  allowance: { paid: boolean; amountFen: number; explanation: string };
  timeline: { kind: string; onDate: IsoDate; actorId: number | null; detail: unknown }[];
  visits: { id: number; visitedOn: IsoDate; visitedBy: string; note: string }[];
  guardians: { kind: GuardianKind; kindName: string; guardianName: string | null; from: IsoDate; to: IsoDate | null }[];
}

export async function getCase(deps: ChildrenDeps, actor: Actor, caseId: number): Promise<CaseDetail> {
  const db = tables(deps);
  const on = today(deps);
  const s = await loadSettings(db, on);
  const row = await guardedTransaction(db, actor, (trx, allow) => caseFor(trx, actor, caseId, allow, { permission: 'children.read', action: 'children.case.read' }));
  const { results, persons } = await assessCase(db, row, s, on);
  const child = persons.get(row.child_id);
  const guardians = await db.selectFrom('children.guardians').selectAll().where('child_id', '=', row.child_id).orderBy('from_date').execute();
  const gp = await personFacts(
    db,
    guardians.map((g) => g.guardian_id).filter((x): x is number => x !== null),
  );
  const visits = await db.selectFrom('children.visits').selectAll().where('case_id', '=', caseId).orderBy('visited_on', 'desc').execute();
  const users = await userNames(
    db,
    visits.map((v) => v.visited_by),
  );
  const timeline = await db.selectFrom('children.case_actions').select(['kind', 'on_date', 'actor_id', 'detail']).where('case_id', '=', caseId).orderBy('id').execute();
  const parent = (role: '父亲' | '母亲', id: number | null) => {
    const p = id === null ? undefined : persons.get(id);
    return p ? [{ role, name: p.name, deathDate: p.deathDate, disability: p.disability ? `${p.disability.category}残疾 ${p.disability.grade} 级` : null }] : [];
  };
  const allowance = await explainAllowance(deps.db, row, child ? { personId: row.child_id, birthDate: child.birthDate } : undefined, monthOf(on));
  const base: CaseListItem = {
    id: row.id,
    childName: child?.name ?? '',
    age: child ? ageOn(child.birthDate, on) : 0,
    divisionCode: row.division_code,
    status: row.status,
    statusName: caseStatusNames[row.status],
    category: row.category,
    categoryName: row.category ? categoryNames[row.category] : null,
    reportedOn: row.reported_on,
    abuse: row.abuse,
    noCarer: row.no_carer,
    due: visitDue(row, s, on),
    review: reviewOf(row, on),
    needsTemporaryCare: row.no_carer && row.status !== 'closed' && !(await inCare(db, [row.child_id], on)).has(row.child_id),
  };
  return {
    ...base,
    sex: child?.sex === 'F' ? '女' : '男',
    birthDate: child?.birthDate ?? '',
    idNumberMasked: child?.idNumberMasked ?? '',
    parents: [...parent('父亲', row.father_id), ...parent('母亲', row.mother_id)],
    startMonth: row.start_month,
    endMonth: row.end_month,
    assessment: Object.values(results),
    allowance,
    timeline: timeline.map((t) => ({ kind: t.kind, onDate: t.on_date, actorId: t.actor_id, detail: t.detail })),
    visits: visits.map((v) => ({ id: v.id, visitedOn: v.visited_on, visitedBy: users.get(v.visited_by) ?? String(v.visited_by), note: v.note })),
    guardians: guardians.map((g) => ({ kind: g.kind, kindName: guardianKindNames[g.kind], guardianName: g.guardian_id === null ? null : (gp.get(g.guardian_id)?.name ?? null), from: g.from_date, to: g.to_date })),
  };
}

async function userNames(db: ChildrenDb, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .withTables<{ 'access.users': { id: number; display_name: string } }>()
    .selectFrom('access.users')
    .select(['id', 'display_name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** A minor's full ID number: `children.pii.reveal` and a purpose, audited with both. */
export async function revealChildIdNumber(deps: ChildrenDeps, vault: IdVault, actor: Actor, caseId: number, purpose: string | undefined): Promise<{ idNumber: string }> {
  const text = unmaskPurposeText(purpose, `儿童案件 ${caseId}`);
  const db = tables(deps);
  const row = await guardedTransaction(db, actor, (trx, allow) => caseFor(trx, actor, caseId, allow, { permission: 'children.pii.reveal', action: 'children.case.reveal_id_number', purpose: text }));
  const person = await getPerson(db.withTables<RegistryTables>(), vault, CHILDREN_SYSTEM_ACTOR, row.child_id, { revealIdNumber: true, purpose: purpose as never, purposeRef: `儿童案件 ${caseId}（${actor.username}）` });
  if (!person.idNumber) throw invalid('CHILDREN_NO_ID_NUMBER', '该儿童无身份证号码');
  return { idNumber: person.idNumber };
}
