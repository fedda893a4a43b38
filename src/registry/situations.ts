/**
 * A person's situations that other departments report (the court, justice, the police, health) and the
 * public-security parent links, kept as registry facts — the one place every module reads them from.
 * Children's welfare reads them for 事实无人抚养 (民发〔2019〕62号): the facts say what happened and when, the
 * rules there decide what it means. Each fact carries the evidence it rests on (a judgment, a police receipt).
 *
 * Dates: valid_from is the first day (for 失联 the day the police accepted the report); valid_to is, as for
 * every fact, the first day no longer covered (a sentence ending 2025-07-15 has valid_to 2025-07-16).
 */
import { sql } from 'kysely';
import { addDays, type IsoDate } from '../kernel/index.js';
import type { RegistryDb } from './model.js';

export const SITUATION_FACT_KINDS = ['custody', 'custody_release', 'lost_contact', 'serious_illness', 'guardianship_revoked', 'declared_missing', 'deported'] as const;
export type SituationFactKind = (typeof SITUATION_FACT_KINDS)[number];

export const CUSTODY_MEASURES = { prison: '服刑在押', drug_rehab: '强制隔离戒毒', other: '被执行其他限制人身自由的措施' } as const;
export type CustodyMeasure = keyof typeof CUSTODY_MEASURES;

export const situationFactNames: Record<SituationFactKind, string> = {
  custody: '服刑在押、强制隔离戒毒或其他限制人身自由',
  custody_release: '刑满释放（解除强制隔离戒毒）',
  lost_contact: '失联',
  serious_illness: '重病',
  guardianship_revoked: '被撤销监护资格',
  declared_missing: '被宣告失踪',
  deported: '被遣送（驱逐）出境',
};

/** The child's parent as public security links them: subject = the child, attributes {parentId, role}. */
export const PARENT_LINK_KIND = 'parent_link';
export const PARENT_ROLES = { father: '父亲', mother: '母亲' } as const;
export type ParentRole = keyof typeof PARENT_ROLES;

const isSituation = (kind: string): kind is SituationFactKind => (SITUATION_FACT_KINDS as readonly string[]).includes(kind);

/** The attribute checks of these kinds; returns the problem in Chinese, or null. */
export function situationFactProblem(kind: string, attributes: Record<string, unknown> | null): string | null {
  if (kind === PARENT_LINK_KIND) {
    const parentId = attributes?.parentId;
    if (typeof parentId !== 'number' || !Number.isSafeInteger(parentId) || parentId < 1) return '亲子关系须有父（母）人员编号 parentId';
    if (typeof attributes?.role !== 'string' || !(attributes.role in PARENT_ROLES)) return '亲子关系须注明 role：father（父亲）或 mother（母亲）';
    return null;
  }
  if (!isSituation(kind)) return null;
  const evidence = attributes?.evidence;
  if (typeof evidence !== 'string' || evidence.trim() === '' || evidence.length > 200) return `${situationFactNames[kind]}须注明依据（判决书、报案回执等，不超过200个字符）`;
  if (kind === 'serious_illness' && attributes?.disease !== undefined && attributes.disease !== null && (typeof attributes.disease !== 'string' || attributes.disease.length > 200)) return '重病的病种 disease 须为不超过200个字符的文字';
  if (kind === 'custody' && !(typeof attributes?.measure === 'string' && attributes.measure in CUSTODY_MEASURES)) return '限制人身自由须注明措施 measure：prison（服刑在押）、drug_rehab（强制隔离戒毒）或 other（其他）';
  return null;
}

export interface SituationFact {
  factId: number;
  personId: number;
  kind: SituationFactKind;
  /** For custody: the measure. */
  measure: CustodyMeasure | null;
  from: IsoDate;
  /** The last day covered (inclusive), or null when open-ended. */
  to: IsoDate | null;
  evidence: string;
  /** For 重病: the disease as the diagnosis names it (checked against the 大病 list by the reader), or null. */
  disease: string | null;
  source: string;
}

/** The current (not superseded) situation facts of these persons, oldest first; one query per thousand persons. */
export async function situationFactsOf(db: RegistryDb, personIds: readonly number[]): Promise<Map<number, SituationFact[]>> {
  const out = new Map<number, SituationFact[]>();
  const unique = [...new Set(personIds)];
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await db
      .selectFrom('registry.facts as f')
      .select(['f.id', 'f.subject_id', 'f.kind', 'f.attributes', 'f.valid_from', 'f.valid_to', 'f.source'])
      .where('f.subject_type', '=', 'person')
      .where('f.subject_id', 'in', unique.slice(i, i + 1000))
      .where('f.kind', 'in', [...SITUATION_FACT_KINDS])
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('registry.facts as s').select('s.id').whereRef('s.supersedes', '=', 'f.id'))))
      .orderBy('f.valid_from')
      .orderBy('f.id')
      .execute();
    for (const r of rows) {
      const a = (r.attributes ?? {}) as Record<string, unknown>;
      const fact: SituationFact = {
        factId: Number(r.id),
        personId: Number(r.subject_id),
        kind: r.kind as SituationFactKind,
        measure: r.kind === 'custody' ? ((a.measure as CustodyMeasure) ?? 'other') : null,
        from: r.valid_from,
        to: r.valid_to === null ? null : addDays(r.valid_to, -1),
        evidence: typeof a.evidence === 'string' ? a.evidence : '',
        disease: r.kind === 'serious_illness' && typeof a.disease === 'string' && a.disease.trim() !== '' ? a.disease.trim() : null,
        source: r.source,
      };
      out.set(fact.personId, [...(out.get(fact.personId) ?? []), fact]);
    }
  }
  return out;
}

/** A batch's situation facts (for the handlers of `registry.facts.recorded`). */
export async function situationFactsOfBatch(db: RegistryDb, batchId: string, kinds: readonly SituationFactKind[]): Promise<{ factId: number; personId: number; kind: SituationFactKind; from: IsoDate; evidence: string }[]> {
  if (kinds.length === 0) return [];
  const rows = await db
    .selectFrom('registry.facts')
    .select(['id', 'subject_id', 'kind', 'valid_from', sql<string | null>`attributes->>'evidence'`.as('evidence')])
    .where('batch_id', '=', batchId)
    .where('subject_type', '=', 'person')
    .where('kind', 'in', [...kinds])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ factId: Number(r.id), personId: Number(r.subject_id), kind: r.kind as SituationFactKind, from: r.valid_from, evidence: r.evidence ?? '' }));
}

/** Parent links not ended: the children of these parents ({parentId, childId}). Uses the partial index of 006. */
export async function linkedChildren(db: RegistryDb, parentIds: readonly number[]): Promise<{ parentId: number; childId: number }[]> {
  const out: { parentId: number; childId: number }[] = [];
  const unique = [...new Set(parentIds)];
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await sql<{ parent_id: string | number; child_id: string | number }>`
      select (f.attributes->>'parentId')::bigint as parent_id, f.subject_id as child_id from registry.facts f
      where f.kind = ${PARENT_LINK_KIND} and f.subject_type = 'person'
        and (f.attributes->>'parentId')::bigint = any(${unique.slice(i, i + 1000)}::bigint[])
        and f.valid_to is null
        and not exists (select 1 from registry.facts s where s.supersedes = f.id)`.execute(db);
    for (const r of rows.rows) out.push({ parentId: Number(r.parent_id), childId: Number(r.child_id) });
  }
  return out;
}

/** A child's linked father and mother (the latest link of each role), or nulls. */
export async function linkedParents(db: RegistryDb, childId: number): Promise<{ fatherId: number | null; motherId: number | null }> {
  const rows = await db
    .selectFrom('registry.facts as f')
    .select(['f.attributes'])
    .where('f.kind', '=', PARENT_LINK_KIND)
    .where('f.subject_type', '=', 'person')
    .where('f.subject_id', '=', childId)
    // An ended link (a dissolved adoption, a link superseded with an end day) is no parent today.
    .where('f.valid_to', 'is', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('registry.facts as s').select('s.id').whereRef('s.supersedes', '=', 'f.id'))))
    .orderBy('f.id')
    .execute();
  let fatherId: number | null = null;
  let motherId: number | null = null;
  for (const r of rows) {
    const a = (r.attributes ?? {}) as { parentId?: number; role?: string };
    if (a.role === 'father' && typeof a.parentId === 'number') fatherId = a.parentId;
    if (a.role === 'mother' && typeof a.parentId === 'number') motherId = a.parentId;
  }
  return { fatherId, motherId };
}
