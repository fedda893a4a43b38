/**
 * A department row in the registry's terms: dated facts (recorded as one batch) and/or a change to the
 * person (death, move, disability certificate, the end of a wage). Fact kinds follow registry.facts.kind,
 * so the policy engine reads them without knowing where they came from. End dates a department sends are
 * inclusive (the last day); facts end exclusively (valid_to is the first day no longer covered).
 */
import { formatDate, parseDate, type IsoDate } from '../kernel/index.js';
import type { Disability, NewFact } from '../registry/index.js';
import type { ExchangeRow } from './exchange-rows.js';

export type PersonChange =
  | { kind: 'death'; deathDate: IsoDate }
  | { kind: 'move'; to: string; movedOn: IsoDate }
  | { kind: 'moved_out'; to: string; movedOn: IsoDate }
  | { kind: 'disability'; disability: Disability }
  | { kind: 'end_wage'; on: IsoDate };

export interface RowEffects {
  facts: NewFact[];
  change: PersonChange | null;
}

export function dayAfter(date: IsoDate): IsoDate {
  const { year, month, day } = parseDate(date);
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return formatDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

const text = (v: string | number | null | undefined): string | null => (typeof v === 'string' ? v : null);
const int = (v: string | number | null | undefined): number | null => (typeof v === 'number' ? v : null);
const endOf = (v: string | number | null | undefined): IsoDate | null => (typeof v === 'string' ? dayAfter(v) : null);

/** Attributes without empty values: the registry keeps what was said, not what was left blank. */
function attrs(values: Record<string, string | number | boolean | null>): Record<string, string | number | boolean> | null {
  const out = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)) as Record<string, string | number | boolean>;
  return Object.keys(out).length ? out : null;
}

export function rowEffects(row: ExchangeRow, personId: number): RowEffects {
  const v = row.values;
  const fact = (kind: string, extra: Partial<NewFact> = {}): NewFact => ({ subjectType: 'person', subjectId: personId, kind, validFrom: row.occurredOn, ...extra });
  switch (row.type) {
    case 'wage':
      return { facts: [fact('income.wage', { amountFen: row.amountFen, validTo: endOf(v.to), attributes: attrs({ employer: text(v.employer) }) })], change: null };
    case 'unemployment': {
      const facts = [fact('employment', { attributes: { status: 'unemployed' } })];
      if (row.amountFen !== null) facts.push(fact('income.unemployment_benefit', { amountFen: row.amountFen, validTo: endOf(v.benefitUntil) }));
      return { facts, change: { kind: 'end_wage', on: row.occurredOn } };
    }
    case 'medical_cost':
      return { facts: [fact('expense.medical', { amountFen: row.amountFen, attributes: attrs({ hospital: text(v.hospital) }) })], change: null };
    case 'hospital_stay':
      return { facts: [fact('hospital_stay', { validTo: endOf(v.dischargedOn), attributes: attrs({ hospital: text(v.hospital) }) })], change: null };
    case 'disability_certificate': {
      const disability = { grade: int(v.grade) as Disability['grade'], category: String(v.category) };
      return { facts: [fact('disability.certificate', { attributes: { grade: disability.grade, category: disability.category } })], change: { kind: 'disability', disability } };
    }
    case 'death':
      return { facts: [], change: { kind: 'death', deathDate: row.occurredOn } };
    case 'moved': {
      const to = String(v.toDivision);
      // The registry moves residences within Shanghai; leaving the city is kept as a fact and an event.
      if (to.startsWith('31')) return { facts: [], change: { kind: 'move', to, movedOn: row.occurredOn } };
      return { facts: [fact('registration.moved_out', { attributes: { to } })], change: { kind: 'moved_out', to, movedOn: row.occurredOn } };
    }
    case 'property':
      return { facts: [fact('asset.property', { amountFen: row.amountFen, attributes: attrs({ areaSqm: int(v.areaSqm) }) })], change: null };
    case 'water_idle':
      return { facts: [fact('utility.water_idle', { attributes: attrs({ observedAt: text(v.observedAt), idleHours: int(v.idleHours), meterId: text(v.meterId) }) })], change: null };
    case 'education_cost':
      return { facts: [fact('expense.education', { amountFen: row.amountFen, attributes: attrs({ school: text(v.school) }) })], change: null };
    case 'orphan':
      return { facts: [fact('orphan', { attributes: { orphan: true } })], change: null };
    case 'custody':
      return { facts: [fact('custody', { validTo: endOf(v.to), attributes: { measure: String(v.measure), evidence: String(v.evidence) } })], change: null };
    case 'serious_illness':
      return { facts: [fact('serious_illness', { validTo: endOf(v.to), attributes: attrs({ evidence: String(v.evidence), disease: text(v.disease) }) })], change: null };
    case 'custody_release':
    case 'declared_missing':
    case 'guardianship_revoked':
    case 'lost_contact':
    case 'deported':
      return { facts: [fact(row.type, { attributes: { evidence: String(v.evidence) } })], change: null };
    case 'parent_link':
      return { facts: [fact('parent_link', { attributes: { parentId: Number(v.parentPersonId), role: String(v.role) } })], change: null };
  }
}
