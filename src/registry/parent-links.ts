/**
 * Parent links changed by a registration that the law keeps secret (收养: 民法典第1110条 收养秘密, PIPL art. 28), written by
 * the registering module inside its own transaction after it has authorised the act (as organisation-lifecycle.ts).
 * Every row written here is sealed (`attributes.sealed`): the links themselves serve the modules that read parents
 * (linkedParents, linkedChildren), but the registry's ordinary views (the facts of a person, for street caseworkers)
 * show neither the sealed rows nor the rows they end — so a person page never reveals that a link changed or why.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { addDays, invalid, isValidDate, type IsoDate } from '../kernel/index.js';
import type { RegistryTables } from './model.js';
import { PARENT_LINK_KIND, PARENT_ROLES, type ParentRole } from './situations.js';

export const SEALED_ATTRIBUTE = 'sealed';

export interface ParentLinkChange {
  childId: number;
  /** The day the change takes effect: ended links get valid_to = on, new ones valid_from = on. */
  on: IsoDate;
  /** Roles whose current links end (an ended link is superseded by a sealed row with valid_to). */
  end: readonly ParentRole[];
  add: readonly { parentId: number; role: ParentRole }[];
  /** The registering body and its reference (kept on the rows, never shown in ordinary views). */
  source: string;
  reason: string;
}

const nextId = async (trx: Kysely<RegistryTables>) => Number((await sql<{ id: number }>`select nextval('registry.fact_id_seq') as id`.execute(trx)).rows[0].id);

/** Ends and adds the child's parent links, all rows sealed; returns how many links ended and were added. */
export async function changeSealedParentLinks(trx: Kysely<RegistryTables>, change: ParentLinkChange): Promise<{ ended: number; added: number }> {
  if (!isValidDate(change.on)) throw invalid('REGISTRY_INVALID_DATE', `日期无效：${String(change.on)}`);
  if (change.add.some((a) => !(a.role in PARENT_ROLES) || !Number.isSafeInteger(a.parentId) || a.parentId < 1 || a.parentId === change.childId)) throw invalid('REGISTRY_INVALID_FACT', '亲子关系的父（母）人员编号或身份无效');
  const child = await trx.selectFrom('registry.persons').select('id').where('id', '=', change.childId).executeTakeFirst();
  if (!child) throw invalid('REGISTRY_UNKNOWN_SUBJECT', `人员 ${change.childId} 不存在`);
  const current = await trx
    .selectFrom('registry.facts as f')
    .selectAll('f')
    .where('f.kind', '=', PARENT_LINK_KIND)
    .where('f.subject_type', '=', 'person')
    .where('f.subject_id', '=', change.childId)
    .where((eb) => eb.or([eb('f.valid_to', 'is', null), eb('f.valid_to', '>', change.on)]))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('registry.facts as s').select('s.id').whereRef('s.supersedes', '=', 'f.id'))))
    .orderBy('f.id')
    .forUpdate()
    .execute();
  const batchId = `sealed:${change.source}:${change.childId}:${await nextId(trx)}`.slice(0, 200);
  await trx.insertInto('registry.fact_batches').values({ id: batchId, source: change.source, row_count: 0 }).execute();
  let ended = 0;
  for (const row of current) {
    const attributes = (row.attributes ?? {}) as { role?: string };
    if (!change.end.includes(attributes.role as ParentRole)) continue;
    // A link that starts on the day itself ends after one day, marked void (valid_to must lie after valid_from).
    const validTo = change.on > row.valid_from ? change.on : null;
    const id = await nextId(trx);
    await trx
      .insertInto('registry.facts')
      .values({
        id,
        subject_type: 'person',
        subject_id: change.childId,
        kind: PARENT_LINK_KIND,
        amount_fen: null,
        attributes: JSON.stringify({ ...attributes, [SEALED_ATTRIBUTE]: true, ...(validTo === null ? { void: true } : {}) }),
        valid_from: row.valid_from,
        valid_to: validTo ?? addDays(row.valid_from, 1),
        source: change.source,
        batch_id: batchId,
        supersedes: row.id,
        reason: change.reason,
      })
      .execute();
    ended += 1;
  }
  for (const link of change.add) {
    await trx
      .insertInto('registry.facts')
      .values({
        id: await nextId(trx),
        subject_type: 'person',
        subject_id: change.childId,
        kind: PARENT_LINK_KIND,
        amount_fen: null,
        attributes: JSON.stringify({ parentId: link.parentId, role: link.role, [SEALED_ATTRIBUTE]: true }),
        valid_from: change.on,
        valid_to: null,
        source: change.source,
        batch_id: batchId,
        supersedes: null,
        reason: change.reason,
      })
      .execute();
  }
  await trx
    .updateTable('registry.fact_batches')
    .set({ row_count: ended + change.add.length })
    .where('id', '=', batchId)
    .execute();
  return { ended, added: change.add.length };
}

/** For the ordinary views: keeps a fact row only when it is not sealed and no sealed row supersedes it. */
export const sealedOut = (eb: ExpressionBuilder<RegistryTables & { f: RegistryTables['registry.facts'] }, 'f'>) =>
  eb.and([
    sql<boolean>`coalesce(f.attributes->>'sealed', 'false') <> 'true'`,
    eb.not(eb.exists(eb.selectFrom('registry.facts as z').select('z.id').whereRef('z.supersedes', '=', 'f.id').where(sql<boolean>`z.attributes->>'sealed' = 'true'`))),
  ]);
