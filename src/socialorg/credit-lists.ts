/**
 * 活动异常名录 and 严重违法失信名单 (《社会组织信用信息管理办法》民政部令第60号). Entries are raised by the
 * module's own runs (late annual reports, two years on the abnormal list, revocation) and removed on
 * verification or by time; `source_key` makes every cause count once, so every run may be repeated.
 */
import { sql } from 'kysely';
import { requirePermission, type Actor } from '../access/index.js';
import { addMonthsToDate, addWorkingDays, divisionPrefix, invalid, isValidDate, recordNotFound, type IsoDate } from '../kernel/index.js';
import { tables, today, type SocialorgDeps } from './deps.js';
import { allowRead, auditRun, emitEvent, guardedTransaction } from './guard.js';
import { listNames, type CreditList, type SocialorgDb } from './model.js';
import type { Cursor } from './keyset.js';
import { ruleBreach } from './rules.js';
import { loadSettings } from './settings.js';

export interface NewEntry {
  organisationId: number;
  list: CreditList;
  reason: string;
  basis: string;
  evidence: string;
  listedOn: IsoDate;
  sourceKey: string;
}

/** Inserts one entry unless its cause is already recorded; true when it was new. */
export async function raiseEntry(trx: SocialorgDb, actor: Actor | null, entry: NewEntry): Promise<boolean> {
  const inserted = await trx
    .insertInto('socialorg.list_entries')
    .values({
      organisation_id: entry.organisationId,
      list: entry.list,
      reason_code: entry.reason,
      basis: entry.basis,
      evidence: entry.evidence,
      listed_on: entry.listedOn,
      source_key: entry.sourceKey,
      removed_on: null,
      removal_reason: null,
    })
    .onConflict((oc) => oc.column('source_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted)
    await emitEvent(trx, {
      topic: 'socialorg.credit.listed',
      key: String(entry.organisationId),
      payload: { organisationId: entry.organisationId, entryId: Number(inserted.id), list: entry.list, reason: entry.reason, listedOn: entry.listedOn, by: actor?.userId ?? null },
    });
  return Boolean(inserted);
}

export interface EntryView {
  id: number;
  organisationId: number;
  organisationName: string;
  creditCode: string | null;
  list: CreditList;
  listName: string;
  reasonCode: string;
  basis: string;
  evidence: string;
  listedOn: IsoDate;
  removedOn: IsoDate | null;
  removalReason: string | null;
}

export interface CreditRunResult {
  escalated: number;
  autoRemoved: number;
  /** Qualified charities listed for 6 months without public fundraising. */
  idle: number;
}

/**
 * The daily credit run, set-based: (1) an organisation whose latest open abnormal listing is 2 years old goes on
 * the 严重违法失信名单 (a new listing restarts the clock, so the latest one counts); (2) light-penalty entries,
 * which need no rectification, are removed 6 months after listing. A second run on the same day changes nothing.
 */
export async function runCreditLists(deps: SocialorgDeps, actor: Actor | null, on: IsoDate = today(deps)): Promise<CreditRunResult> {
  const db = tables(deps);
  // A registrar runs it for the organisations it registered; the scheduler (no actor) for the whole city.
  const scope = actor ? divisionPrefix(actor.jurisdiction) : '';
  if (actor) await allowRead(db, actor, { permission: 'socialorg.supervise', action: 'socialorg.credit.run', entityType: 'socialorg_list', detail: { on } });
  const settings = await loadSettings(db, on);
  const escalateBefore = addMonthsToDate(on, -settings.num('credit.abnormalToSeriousMonths'));
  const removeBefore = addMonthsToDate(on, -settings.num('credit.autoRemovalMonths'));
  const idleBefore = addMonthsToDate(on, -settings.num('credit.fundraisingIdleMonths'));
  return db.transaction().execute(async (trx) => {
    const escalated = await sql<{ n: number }>`
      with raised as (
        insert into socialorg.list_entries (organisation_id, list, reason_code, basis, evidence, listed_on, source_key)
        select e.organisation_id, 'serious', 'abnormal_two_years', ${settings.used['credit.abnormalToSeriousMonths'].source},
               '自 ' || max(e.listed_on)::text || ' 起列入活动异常名录', ${on}::date,
               'abnormal_two_years:' || e.organisation_id || ':' || max(e.listed_on)::text
          from socialorg.list_entries e
          join socialorg.organisations o on o.id = e.organisation_id
         where e.list = 'abnormal' and e.removed_on is null and o.registrar_division like ${scope + '%'}
         group by e.organisation_id
        having max(e.listed_on) <= ${escalateBefore}::date
        on conflict (source_key) do nothing
        returning id, organisation_id
      ), events as (
        insert into core.outbox (topic, key, payload)
        select 'socialorg.credit.listed', organisation_id::text,
               jsonb_build_object('organisationId', organisation_id, 'entryId', id, 'list', 'serious', 'reason', 'abnormal_two_years', 'listedOn', ${on}::text)
          from raised
      )
      select count(*)::int as n from raised`.execute(trx);
    const removed = await trx
      .updateTable('socialorg.list_entries')
      .set({ removed_on: on, removal_reason: `列入满${settings.num('credit.autoRemovalMonths')}个月且无需整改，自动移出（${settings.used['credit.autoRemovalMonths'].source}）` })
      .where('list', '=', 'abnormal')
      .where('reason_code', '=', 'light_penalty')
      .where('removed_on', 'is', null)
      .where('listed_on', '<=', removeBefore)
      .where('organisation_id', 'in', (sub) => sub.selectFrom('socialorg.organisations').select('id').where('registrar_division', 'like', `${scope}%`))
      .executeTakeFirst();
    // 民政部令第60号 第十条(四): a qualified charity with no public fundraising for 6 months. The idle stretch starts at
    // the qualification or at the end of the last fundraising begun by the day; one entry per stretch (source key).
    const idle = await sql<{ n: number }>`
      with idle as (
        select o.id, greatest(o.fundraising_since, max(p.ends_on) filter (where p.starts_on <= ${on}::date)) as idle_since,
               coalesce(bool_or(p.starts_on <= ${on}::date and p.ends_on >= ${on}::date), false) as running
          from socialorg.organisations o
          left join socialorg.fundraising_plans p on p.organisation_id = o.id
         where o.fundraising_since is not null and o.status = 'registered' and o.registrar_division like ${scope + '%'}
         group by o.id, o.fundraising_since
      ), raised as (
        insert into socialorg.list_entries (organisation_id, list, reason_code, basis, evidence, listed_on, source_key)
        select id, 'abnormal', 'fundraising_idle', ${settings.used['credit.fundraisingIdleMonths'].source},
               '自 ' || idle_since::text || ' 起未开展公开募捐活动', ${on}::date, 'fundraising_idle:' || id || ':' || idle_since::text
          from idle where not running and idle_since <= ${idleBefore}::date
        on conflict (source_key) do nothing
        returning id, organisation_id
      ), events as (
        insert into core.outbox (topic, key, payload)
        select 'socialorg.credit.listed', organisation_id::text,
               jsonb_build_object('organisationId', organisation_id, 'entryId', id, 'list', 'abnormal', 'reason', 'fundraising_idle', 'listedOn', ${on}::text)
          from raised
      )
      select count(*)::int as n from raised`.execute(trx);
    const result = { escalated: Number(escalated.rows[0].n), autoRemoved: Number(removed.numUpdatedRows), idle: Number(idle.rows[0].n) };
    await auditRun(trx, actor, 'socialorg.credit.run', 'socialorg_list', on, result);
    return result;
  });
}

/**
 * Removal on application (移出): the registrar verifies that the obligation is met and removes the entry; the
 * answer carries the last day allowed for it (5 working days after verification). A late report's entry needs
 * the report filed first; a 严重违法失信名单 entry needs 2 years since listing.
 */
export async function removeEntry(deps: SocialorgDeps, actor: Actor, entryId: number, input: { verifiedOn?: IsoDate; reason: string }): Promise<EntryView & { removalDue: IsoDate }> {
  const on = input.verifiedOn ?? today(deps);
  if (!isValidDate(on)) throw invalid('SOCIALORG_INVALID_DATE', `日期无效：${on}`);
  if (!input.reason?.trim()) throw invalid('SOCIALORG_REASON_REQUIRED', '须说明移出理由（已履行义务或已整改的核实情况）');
  const db = tables(deps);
  // A role without the permission is refused before anything is looked up (no existence oracle).
  requirePermission(actor, 'socialorg.supervise');
  const seen = await db.selectFrom('socialorg.list_entries as e').innerJoin('socialorg.organisations as o', 'o.id', 'e.organisation_id').select(['o.registrar_division']).where('e.id', '=', entryId).executeTakeFirst();
  if (!seen) throw recordNotFound();
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'socialorg.supervise', action: 'socialorg.credit.remove', entityType: 'socialorg_list_entry', entityId: entryId, divisionCodes: [seen.registrar_division], detail: { verifiedOn: on } });
    const entry = await trx.selectFrom('socialorg.list_entries').selectAll().where('id', '=', entryId).forUpdate().executeTakeFirstOrThrow();
    if (entry.removed_on) throw ruleBreach('SOCIALORG_ALREADY_REMOVED', `该名录记录已于 ${entry.removed_on} 移出`);
    const settings = await loadSettings(trx, on);
    if (entry.list === 'serious') {
      const firstAllowed = addMonthsToDate(entry.listed_on, 24);
      if (on < firstAllowed) throw ruleBreach('SOCIALORG_TOO_EARLY', `列入严重违法失信名单满2年方可申请移出，最早可于 ${firstAllowed} 移出（民政部令第60号）`, { rule: 'serious.removalAfterYears', firstAllowed });
    }
    const late = /^late_report:(\d{4}):/.exec(entry.source_key);
    if (late) {
      const filed = await trx.selectFrom('socialorg.annual_reports').select('filed_on').where('organisation_id', '=', entry.organisation_id).where('year', '=', Number(late[1])).executeTakeFirst();
      if (!filed) throw ruleBreach('SOCIALORG_OBLIGATION_NOT_MET', `尚未补报 ${late[1]} 年度工作报告，不能移出活动异常名录`);
    }
    await trx.updateTable('socialorg.list_entries').set({ removed_on: on, removal_reason: input.reason.trim() }).where('id', '=', entryId).execute();
    await emitEvent(trx, { topic: 'socialorg.credit.removed', key: String(entry.organisation_id), payload: { organisationId: Number(entry.organisation_id), entryId, list: entry.list, removedOn: on } });
    const [view] = await entryViews(trx, { ids: [entryId] });
    return { ...view, removalDue: addWorkingDays(on, settings.num('credit.removalWorkingDays')) };
  });
}

export async function entryViews(db: SocialorgDb, filter: { ids?: number[]; organisationId?: number; list?: CreditList; open?: boolean; registrarPrefix?: string; limit?: number; after?: Cursor }): Promise<EntryView[]> {
  let q = db
    .selectFrom('socialorg.list_entries as e')
    .innerJoin('socialorg.organisations as o', 'o.id', 'e.organisation_id')
    .select(['e.id', 'e.organisation_id', 'o.name', 'o.credit_code', 'e.list', 'e.reason_code', 'e.basis', 'e.evidence', 'e.listed_on', 'e.removed_on', 'e.removal_reason']);
  if (filter.ids) q = q.where('e.id', 'in', filter.ids);
  if (filter.organisationId !== undefined) q = q.where('e.organisation_id', '=', filter.organisationId);
  if (filter.list) q = q.where('e.list', '=', filter.list);
  if (filter.open) q = q.where('e.removed_on', 'is', null);
  if (filter.registrarPrefix) q = q.where('o.registrar_division', 'like', `${filter.registrarPrefix}%`);
  if (filter.after) q = q.where(sql<boolean>`(e.listed_on, e.id) < (${filter.after.date}::date, ${filter.after.id})`);
  const rows = await q
    .orderBy('e.listed_on', 'desc')
    .orderBy('e.id', 'desc')
    .limit(filter.limit ?? 1000)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    organisationId: Number(r.organisation_id),
    organisationName: r.name,
    creditCode: r.credit_code,
    list: r.list,
    listName: listNames[r.list],
    reasonCode: r.reason_code,
    basis: r.basis,
    evidence: r.evidence,
    listedOn: r.listed_on,
    removedOn: r.removed_on,
    removalReason: r.removal_reason,
  }));
}
