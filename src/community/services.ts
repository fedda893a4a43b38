/**
 * 社区事务受理服务中心: the service points (受理中心, 分中心, 自助终端, 远程虚拟窗口), the item catalogue (department,
 * channels, 全市通办, 两个免于提交, promised limit in working days) and the 办件 — imported in batches from 一网通办
 * (idempotent by batch id and by case number; bad rows reported with their line, the good ones land) or keyed at
 * the window. A finished case's working days are counted on the platform's one calendar (kernel/working-days.ts,
 * shared with marriage) and stored with the item's limit, so the figures are one grouped query.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { guardedTransaction, requirePermission, scopeDivision, type Actor } from '../access/index.js';
import { copyValue } from '../db/index.js';
import {
  type BatchFormat,
  type BatchRowError,
  conflict,
  currentMonthInShanghai,
  divisionLevel,
  divisionPrefix,
  firstDayOfMonth,
  invalid,
  isValidDate,
  isValidMonth,
  isWithin,
  lastDayOfMonth,
  notFound,
  readBatchFile,
  type RawRecord,
  todayInShanghai,
  workingDaysBetween,
  type IsoDate,
} from '../kernel/index.js';
import { findDivision, SHANGHAI_DISTRICTS, type RegistryDb, type RegistryTables } from '../registry/index.js';
import { CHANNELS, channelNames, type Channel, POINT_KINDS, pointKindNames, type PointKind, RATING_NAMES } from './model.js';
import { communityTables, type CommunityDeps } from './roster.js';

const registryOf = (deps: { db: CommunityDeps['db'] }) => deps.db.kysely.withTables<RegistryTables>() as unknown as RegistryDb;
const today = (deps: CommunityDeps) => todayInShanghai(deps.now());

// ── service points ─────────────────────────────────────────────────────────────────────────────────────────

export interface NewPoint {
  /** Street code (12 digits) + 2 digits. */
  code: string;
  name: string;
  kind: PointKind;
  openedOn: IsoDate;
}
export interface PointView {
  code: string;
  name: string;
  kind: PointKind;
  kindName: string;
  streetCode: string;
  streetName: string;
  districtCode: string;
  openedOn: IsoDate;
  closedOn: IsoDate | null;
}

export async function addServicePoint(deps: CommunityDeps, actor: Actor, input: NewPoint): Promise<PointView> {
  requirePermission(actor, 'community.services.manage');
  const code = typeof input.code === 'string' ? input.code.trim() : '';
  if (!/^31[0-9]{12}$/.test(code)) throw invalid('COMMUNITY_INVALID_POINT_CODE', `受理点编码格式错误：${String(input.code)}（应为所在街镇 12 位代码加 2 位序号）`);
  const street = code.slice(0, 12);
  if (divisionLevel(street) !== 'street') throw invalid('COMMUNITY_INVALID_POINT_CODE', '受理点编码的前 12 位须为街道（镇）代码');
  if (!POINT_KINDS.includes(input.kind)) throw invalid('COMMUNITY_INVALID_POINT_KIND', '受理点类型无效');
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name || name.length > 60) throw invalid('COMMUNITY_INVALID_NAME', '请填写受理点名称（不超过 60 字）');
  if (typeof input.openedOn !== 'string' || !isValidDate(input.openedOn)) throw invalid('COMMUNITY_INVALID_DATE', `启用日期无效：${String(input.openedOn)}`);
  if (input.openedOn > today(deps)) throw invalid('COMMUNITY_DATE_IN_FUTURE', '启用日期不能晚于今天');
  if (!(await findDivision(registryOf(deps), street, input.openedOn))) throw invalid('COMMUNITY_PARENT_NOT_IN_FORCE', `所在街镇 ${street} 在 ${input.openedOn} 不存在或已撤销`);
  await guardedTransaction(communityTables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'community.services.manage', action: 'community.service_point.add', entityType: 'service_point', entityId: code, divisionCodes: [street], detail: { kind: input.kind } });
    const inserted = await trx
      .insertInto('community.service_points')
      .values({ code, name, kind: input.kind, street_code: street, district_code: `${street.slice(0, 6)}000000`, opened_on: input.openedOn, closed_on: null, entered_by: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .returning('code')
      .executeTakeFirst();
    if (!inserted) throw conflict('COMMUNITY_POINT_CODE_IN_USE', `受理点编码 ${code} 已被使用`);
  });
  const [view] = await pointViews(deps, [code]);
  return view;
}

async function pointViews(deps: CommunityDeps, codes?: string[], prefix?: string): Promise<PointView[]> {
  const rows = await communityTables(deps)
    .selectFrom('community.service_points')
    .selectAll()
    .$if(codes !== undefined, (q) => q.where('code', 'in', codes as string[]))
    .$if(prefix !== undefined, (q) => q.where('street_code', 'like', `${prefix}%`))
    .orderBy('code')
    .execute();
  const streets = new Map<string, string>();
  for (const r of rows) if (!streets.has(r.street_code)) streets.set(r.street_code, (await findDivision(registryOf(deps), r.street_code))?.name ?? r.street_code);
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    kind: r.kind,
    kindName: pointKindNames[r.kind],
    streetCode: r.street_code,
    streetName: streets.get(r.street_code) ?? r.street_code,
    districtCode: r.district_code,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
  }));
}

/** The points in the caller's jurisdiction (no personal data). */
export async function listServicePoints(deps: CommunityDeps, actor: Actor, division?: string): Promise<PointView[]> {
  requirePermission(actor, 'stats.read');
  return pointViews(deps, undefined, divisionPrefix(scopeDivision(actor, division)));
}

// ── item catalogue ─────────────────────────────────────────────────────────────────────────────────────────

export interface NewItem {
  code: string;
  name: string;
  department: string;
  channels: Channel[];
  citywide: boolean;
  exemptSubmission: boolean;
  limitDays: number;
  validFrom: IsoDate;
  source: string;
}
export interface ItemView extends NewItem {
  channelNames: string[];
  validTo: IsoDate | null;
}

export async function addServiceItem(deps: CommunityDeps, actor: Actor, input: NewItem): Promise<ItemView> {
  requirePermission(actor, 'community.services.catalogue');
  const code = typeof input.code === 'string' ? input.code.trim() : '';
  if (!/^[0-9]{4,20}$/.test(code)) throw invalid('COMMUNITY_INVALID_ITEM_CODE', `事项编码格式错误：${String(input.code)}（4–20 位数字）`);
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  const department = typeof input.department === 'string' ? input.department.trim() : '';
  const source = typeof input.source === 'string' ? input.source.trim() : '';
  if (!name || name.length > 100) throw invalid('COMMUNITY_INVALID_NAME', '请填写事项名称（不超过 100 字）');
  if (!department || department.length > 60) throw invalid('COMMUNITY_INVALID_DEPARTMENT', '请填写实施部门');
  if (!source) throw invalid('COMMUNITY_SOURCE_REQUIRED', '请填写事项依据或来源');
  const channels = [...new Set(input.channels ?? [])];
  if (channels.length === 0 || channels.some((c) => !CHANNELS.includes(c))) throw invalid('COMMUNITY_INVALID_CHANNEL', '办理渠道至少一项，且须为窗口、网上、自助终端或远程虚拟窗口');
  if (!Number.isInteger(input.limitDays) || input.limitDays < 0 || input.limitDays > 365) throw invalid('COMMUNITY_INVALID_LIMIT', '承诺时限须为 0–365 个工作日');
  if (typeof input.validFrom !== 'string' || !isValidDate(input.validFrom)) throw invalid('COMMUNITY_INVALID_DATE', `生效日期无效：${String(input.validFrom)}`);
  await guardedTransaction(communityTables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'community.services.catalogue', action: 'community.service_item.add', entityType: 'service_item', entityId: code, detail: { limitDays: input.limitDays } });
    const inserted = await trx
      .insertInto('community.service_items')
      .values({
        code,
        name,
        department,
        channels,
        citywide: Boolean(input.citywide),
        exempt_submission: Boolean(input.exemptSubmission),
        limit_days: input.limitDays,
        valid_from: input.validFrom,
        valid_to: null,
        source,
        entered_by: actor.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('code')
      .executeTakeFirst();
    if (!inserted) throw conflict('COMMUNITY_ITEM_CODE_IN_USE', `事项编码 ${code} 已在目录中`);
  });
  return (await listServiceItems(deps, actor, { code }))[0];
}

export async function listServiceItems(deps: CommunityDeps, actor: Actor, filter: { code?: string } = {}): Promise<ItemView[]> {
  if (filter.code === undefined) requirePermission(actor, 'stats.read');
  const rows = await communityTables(deps)
    .selectFrom('community.service_items')
    .selectAll()
    .$if(filter.code !== undefined, (q) => q.where('code', '=', filter.code as string))
    .orderBy('code')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    department: r.department,
    channels: r.channels,
    channelNames: r.channels.map((c) => channelNames[c]),
    citywide: r.citywide,
    exemptSubmission: r.exempt_submission,
    limitDays: r.limit_days,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    source: r.source,
  }));
}

// ── 办件: checking one row ─────────────────────────────────────────────────────────────────────────────────

/** Field names of a 一网通办 办件 file (CSV header or NDJSON keys). */
export const CASE_FIELDS = { caseNo: '办件编号', itemCode: '事项编码', pointCode: '受理点编码', channel: '渠道', receivedOn: '受理日期', finishedOn: '办结日期', rating: '评价' } as const;

export interface CheckedCase {
  caseNo: string;
  itemCode: string;
  pointCode: string;
  streetCode: string;
  districtCode: string;
  channel: Channel;
  receivedOn: IsoDate;
  finishedOn: IsoDate | null;
  workingDays: number | null;
  limitDays: number;
  withinLimit: boolean | null;
  rating: number | null;
}

interface CaseContext {
  items: Map<string, { limit_days: number; channels: Channel[]; valid_from: IsoDate; valid_to: IsoDate | null }>;
  points: Map<string, { street_code: string; district_code: string; opened_on: IsoDate; closed_on: IsoDate | null }>;
  prefix: string;
  today: IsoDate;
  /** Dates and spans already checked: a month's file repeats a few dozen dates a million times. */
  validDates: Map<string, boolean>;
  spans: Map<string, number>;
}

function validDate(c: CaseContext, value: string): boolean {
  let ok = c.validDates.get(value);
  if (ok === undefined) {
    ok = isValidDate(value);
    if (c.validDates.size < 10_000) c.validDates.set(value, ok);
  }
  return ok;
}

function span(c: CaseContext, from: IsoDate, to: IsoDate): number {
  const key = `${from}${to}`;
  let days = c.spans.get(key);
  if (days === undefined) {
    days = workingDaysBetween(from, to);
    if (c.spans.size < 100_000) c.spans.set(key, days);
  }
  return days;
}

const CHANNEL_BY_TEXT = new Map<string, Channel>([...CHANNELS.map((c) => [c, c] as [string, Channel]), ...CHANNELS.map((c) => [channelNames[c], c] as [string, Channel])]);
const RATING_BY_TEXT = new Map<string, number>(Object.entries(RATING_NAMES).flatMap(([n, text]) => [[text, Number(n)] as [string, number], [n, Number(n)] as [string, number]]));

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());

async function caseContext(deps: CommunityDeps, actor: Actor | null): Promise<CaseContext> {
  const db = communityTables(deps);
  const items = await db.selectFrom('community.service_items').select(['code', 'limit_days', 'channels', 'valid_from', 'valid_to']).execute();
  const points = await db.selectFrom('community.service_points').select(['code', 'street_code', 'district_code', 'opened_on', 'closed_on']).execute();
  return {
    items: new Map(items.map((i) => [i.code, i])),
    points: new Map(points.map((p) => [p.code, p])),
    prefix: actor ? divisionPrefix(actor.jurisdiction) : '31',
    today: today(deps),
    validDates: new Map(),
    spans: new Map(),
  };
}

export function checkCase(record: RawRecord, row: number, c: CaseContext): { case: CheckedCase } | { errors: BatchRowError[] } {
  const errors: BatchRowError[] = [];
  const fail = (field: string, message: string) => errors.push({ row, field, message });
  const caseNo = text(record[CASE_FIELDS.caseNo]);
  if (!/^[0-9A-Za-z-]{1,40}$/.test(caseNo)) fail(CASE_FIELDS.caseNo, '办件编号须为 1–40 位字母、数字或连字符');
  const itemCode = text(record[CASE_FIELDS.itemCode]);
  const item = c.items.get(itemCode);
  if (!item) fail(CASE_FIELDS.itemCode, `事项目录中没有编码 ${itemCode || '（空）'}`);
  const pointCode = text(record[CASE_FIELDS.pointCode]);
  const point = c.points.get(pointCode);
  if (!point) fail(CASE_FIELDS.pointCode, `没有编码为 ${pointCode || '（空）'} 的受理点`);
  else if (!point.street_code.startsWith(c.prefix)) fail(CASE_FIELDS.pointCode, '该受理点不在您的辖区内');
  const channel = CHANNEL_BY_TEXT.get(text(record[CASE_FIELDS.channel]));
  if (!channel) fail(CASE_FIELDS.channel, '渠道须为窗口、网上、自助终端或远程虚拟窗口');
  else if (item && !item.channels.includes(channel)) fail(CASE_FIELDS.channel, `该事项不能通过${channelNames[channel]}办理`);
  const receivedOn = text(record[CASE_FIELDS.receivedOn]);
  const finishedRaw = text(record[CASE_FIELDS.finishedOn]);
  const finishedOn = finishedRaw === '' ? null : finishedRaw;
  if (!validDate(c, receivedOn)) fail(CASE_FIELDS.receivedOn, `受理日期无效：${receivedOn || '（空）'}`);
  else {
    if (receivedOn > c.today) fail(CASE_FIELDS.receivedOn, '受理日期不能晚于今天');
    if (item && (receivedOn < item.valid_from || (item.valid_to !== null && receivedOn > item.valid_to))) fail(CASE_FIELDS.itemCode, `该事项在 ${receivedOn} 不在目录有效期内`);
    if (point && (receivedOn < point.opened_on || (point.closed_on !== null && receivedOn > point.closed_on))) fail(CASE_FIELDS.pointCode, `该受理点在 ${receivedOn} 未启用或已关闭`);
  }
  if (finishedOn !== null) {
    if (!validDate(c, finishedOn)) fail(CASE_FIELDS.finishedOn, `办结日期无效：${finishedOn}`);
    else if (finishedOn > c.today) fail(CASE_FIELDS.finishedOn, '办结日期不能晚于今天');
    else if (validDate(c, receivedOn) && finishedOn < receivedOn) fail(CASE_FIELDS.finishedOn, '办结日期不能早于受理日期');
  }
  const ratingText = text(record[CASE_FIELDS.rating]);
  const rating = ratingText === '' ? null : (RATING_BY_TEXT.get(ratingText) ?? -1);
  if (rating === -1) fail(CASE_FIELDS.rating, '评价须为非常满意、满意、基本满意、不满意、非常不满意或留空');
  else if (rating !== null && finishedOn === null) fail(CASE_FIELDS.rating, '未办结的办件不能有评价');
  if (errors.length > 0 || !item || !point || !channel) return { errors };
  const workingDays = finishedOn === null ? null : span(c, receivedOn, finishedOn);
  return {
    case: {
      caseNo,
      itemCode,
      pointCode,
      streetCode: point.street_code,
      districtCode: point.district_code,
      channel,
      receivedOn,
      finishedOn,
      workingDays,
      limitDays: item.limit_days,
      withinLimit: workingDays === null ? null : workingDays <= item.limit_days,
      rating,
    },
  };
}

// ── 办件: batch import ────────────────────────────────────────────────────────────────────────────────────

export interface CaseBatchInput {
  batchId: string;
  format: BatchFormat;
  content: string;
}
export interface CaseBatchReceipt {
  batchId: string;
  /** True when this batch was received before: the first receipt, nothing changed. */
  alreadyReceived: boolean;
  rows: number;
  accepted: number;
  /** Good rows whose case number was already received (by an earlier batch or at the window): skipped. */
  duplicates: number;
  rejected: number;
  errors: BatchRowError[];
}

const STAGING_COPY = 'copy community.service_case_staging (batch_id, case_no, item_code, point_code, street_code, district_code, channel, received_on, finished_on, working_days, limit_days, within_limit, rating) from stdin';
const MAX_ERRORS_KEPT = 1000;

function* stagingLines(batchId: string, cases: CheckedCase[]): Generator<string> {
  const b = copyValue(batchId);
  for (const k of cases)
    yield `${b}\t${k.caseNo}\t${k.itemCode}\t${k.pointCode}\t${k.streetCode}\t${k.districtCode}\t${k.channel}\t${k.receivedOn}\t${k.finishedOn ?? '\\N'}\t${k.workingDays ?? '\\N'}\t${k.limitDays}\t${k.withinLimit === null ? '\\N' : k.withinLimit ? 't' : 'f'}\t${k.rating ?? '\\N'}\n`;
}

const CASES_COPY = 'copy community.service_cases (case_no, item_code, point_code, street_code, district_code, channel, received_on, finished_on, working_days, limit_days, within_limit, rating, batch_id) from stdin';

function* caseLines(batchId: string, cases: CheckedCase[]): Generator<string> {
  const b = copyValue(batchId);
  for (const k of cases)
    yield `${k.caseNo}\t${k.itemCode}\t${k.pointCode}\t${k.streetCode}\t${k.districtCode}\t${k.channel}\t${k.receivedOn}\t${k.finishedOn ?? '\\N'}\t${k.workingDays ?? '\\N'}\t${k.limitDays}\t${k.withinLimit === null ? '\\N' : k.withinLimit ? 't' : 'f'}\t${k.rating ?? '\\N'}\t${b}\n`;
}

/**
 * The fast way: the case numbers already received are looked up in one query, the others COPied straight into
 * service_cases. Rows an interrupted delivery of this batch already landed count as accepted. Null when another
 * delivery landed one of the same numbers meanwhile (the COPY fails whole): then the staging way decides row by row.
 */
async function copyDirect(deps: CommunityDeps, batchId: string, good: CheckedCase[]): Promise<number | null> {
  const found = new Map<string, string | null>();
  for (let i = 0; i < good.length; i += 200_000) {
    const rows = await sql<{ case_no: string; batch_id: string | null }>`select case_no, batch_id from community.service_cases where case_no = any(${good.slice(i, i + 200_000).map((k) => k.caseNo)}::text[])`.execute(deps.db.kysely);
    for (const r of rows.rows) found.set(r.case_no, r.batch_id);
  }
  const fresh = found.size === 0 ? good : good.filter((k) => !found.has(k.caseNo));
  const landedBefore = [...found.values()].filter((b) => b === batchId).length;
  if (fresh.length === 0) return landedBefore;
  try {
    await deps.db.copyFrom(CASES_COPY, caseLines(batchId, fresh));
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return null;
    throw error;
  }
  return fresh.length + landedBefore;
}

async function throughStaging(deps: CommunityDeps, batchId: string, good: CheckedCase[]): Promise<number> {
  const db = communityTables(deps);
  await db.deleteFrom('community.service_case_staging').where('batch_id', '=', batchId).execute();
  if (good.length > 0) await deps.db.copyFrom(STAGING_COPY, stagingLines(batchId, good));
  return db.transaction().execute(async (trx) => {
    const moved = await sql<{ n: number }>`
      with moved as (
        insert into community.service_cases (case_no, item_code, point_code, street_code, district_code, channel, received_on, finished_on, working_days, limit_days, within_limit, rating, batch_id)
        select case_no, item_code, point_code, street_code, district_code, channel, received_on, finished_on, working_days, limit_days, within_limit, rating, batch_id
          from community.service_case_staging where batch_id = ${batchId}
        on conflict (case_no) do nothing
        returning 1)
      select count(*)::int as n from moved`.execute(trx);
    await trx.deleteFrom('community.service_case_staging').where('batch_id', '=', batchId).execute();
    const landed = await sql<{ n: number }>`select count(*)::int as n from community.service_cases where batch_id = ${batchId}`.execute(trx);
    return Math.max(moved.rows[0]?.n ?? 0, landed.rows[0]?.n ?? 0);
  });
}

async function storedReceipt(deps: CommunityDeps, batchId: string): Promise<CaseBatchReceipt> {
  const b = await communityTables(deps).selectFrom('community.service_batches').selectAll().where('batch_id', '=', batchId).executeTakeFirstOrThrow();
  return { batchId, alreadyReceived: true, rows: b.row_count ?? 0, accepted: b.accepted_count ?? 0, duplicates: b.duplicate_count ?? 0, rejected: b.rejected_count ?? 0, errors: (b.errors as BatchRowError[] | null) ?? [] };
}

/**
 * One 一网通办 batch of 办件. Claimed by (batch id, content hash): a finished batch answers its first receipt, other
 * content under the same id is refused (409). Every row is checked; the good ones go by COPY to a staging table and
 * from there in one insert that skips case numbers already received, so an interrupted batch sent again finishes.
 * `actor` null = the exchange job (the city's whole feed).
 */
export async function importServiceCases(deps: CommunityDeps, actor: Actor | null, input: CaseBatchInput): Promise<CaseBatchReceipt> {
  if (actor) requirePermission(actor, 'community.services.manage');
  const batchId = text(input.batchId);
  if (!/^[0-9A-Za-z_.:-]{1,100}$/.test(batchId)) throw invalid('COMMUNITY_INVALID_BATCH_ID', '批次号须为 1–100 位字母、数字或 _ . : -');
  if (input.format !== 'csv' && input.format !== 'ndjson') throw invalid('COMMUNITY_INVALID_FORMAT', '文件格式须为 CSV 或 NDJSON');
  const sha = createHash('sha256').update(input.content).digest('hex');
  const db = communityTables(deps);
  const claim = async (trx: typeof db): Promise<'new' | 'resume' | 'done'> => {
    const existing = await trx.selectFrom('community.service_batches').select(['status', 'content_sha256']).where('batch_id', '=', batchId).executeTakeFirst();
    if (existing) {
      if (existing.content_sha256 !== sha) throw conflict('COMMUNITY_BATCH_CONTENT_MISMATCH', `批次 ${batchId} 已收到过，但内容与本次不同；修正后的数据请使用新的批次号`);
      return existing.status === 'done' ? 'done' : 'resume';
    }
    await trx
      .insertInto('community.service_batches')
      .values({ batch_id: batchId, content_sha256: sha, status: 'receiving', row_count: null, accepted_count: null, duplicate_count: null, rejected_count: null, errors: null, received_by: actor?.userId ?? null, finished_at: null })
      .execute();
    return 'new';
  };
  const claimed = actor
    ? await guardedTransaction(db, actor, async (trx, allow) => {
        await allow({
          permission: 'community.services.manage',
          action: 'community.service_cases.import',
          entityType: 'service_batch',
          entityId: batchId,
          divisionCodes: [actor.jurisdiction],
          detail: { format: input.format, bytes: input.content.length },
        });
        return claim(trx);
      })
    : await db.transaction().execute(claim);
  if (claimed === 'done') return storedReceipt(deps, batchId);

  const context = await caseContext(deps, actor);
  const rowErrors: BatchRowError[] = [];
  const good: CheckedCase[] = [];
  const seen = new Set<string>();
  // Each row is checked as it is read (readBatchFile): the file's records are never all held at once.
  const parsed = readBatchFile(input.content, input.format, ({ row, record }) => {
    const result = checkCase(record, row, context);
    if ('errors' in result) rowErrors.push(...result.errors);
    else if (seen.has(result.case.caseNo)) rowErrors.push({ row, field: CASE_FIELDS.caseNo, message: `办件编号 ${result.case.caseNo} 在本批次中重复` });
    else {
      seen.add(result.case.caseNo);
      good.push(result.case);
    }
  });
  const errors = [...parsed.errors, ...rowErrors].sort((a, b) => a.row - b.row);
  const rejected = new Set(errors.map((e) => e.row)).size;
  const accepted = (await copyDirect(deps, batchId, good)) ?? (await throughStaging(deps, batchId, good));
  await db
    .updateTable('community.service_batches')
    .set({
      status: 'done',
      row_count: parsed.count,
      accepted_count: accepted,
      duplicate_count: good.length - accepted,
      rejected_count: rejected,
      errors: JSON.stringify(errors.slice(0, MAX_ERRORS_KEPT)),
      finished_at: deps.now(),
    })
    .where('batch_id', '=', batchId)
    .execute();
  return { batchId, alreadyReceived: false, rows: parsed.count, accepted, duplicates: good.length - accepted, rejected, errors: errors.slice(0, MAX_ERRORS_KEPT) };
}

// ── 办件: keyed at the window ───────────────────────────────────────────────────────────────────────────────

export interface KeyedCase {
  caseNo: string;
  itemCode: string;
  pointCode: string;
  channel: Channel;
  receivedOn: IsoDate;
  finishedOn?: IsoDate | null;
  rating?: number | null;
}
export interface CaseView extends CheckedCase {
  itemName: string;
  pointName: string;
  channelName: string;
}

function rowErrorsToError(errors: BatchRowError[]) {
  const first = errors[0];
  return invalid(
    'COMMUNITY_INVALID_CASE',
    `${first.field ? `${first.field}：` : ''}${first.message}`,
    errors.map((e) => ({ field: e.field, message: e.message })),
  );
}

export async function recordServiceCase(deps: CommunityDeps, actor: Actor, input: KeyedCase): Promise<CaseView> {
  requirePermission(actor, 'community.services.record');
  const record: RawRecord = {
    [CASE_FIELDS.caseNo]: input.caseNo,
    [CASE_FIELDS.itemCode]: input.itemCode,
    [CASE_FIELDS.pointCode]: input.pointCode,
    [CASE_FIELDS.channel]: input.channel,
    [CASE_FIELDS.receivedOn]: input.receivedOn,
    [CASE_FIELDS.finishedOn]: input.finishedOn ?? null,
    [CASE_FIELDS.rating]: input.rating === null || input.rating === undefined ? null : (RATING_NAMES[input.rating] ?? String(input.rating)),
  };
  const context = await caseContext(deps, null);
  const result = checkCase(record, 1, context);
  if ('errors' in result) throw rowErrorsToError(result.errors);
  const k = result.case;
  await guardedTransaction(communityTables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'community.services.record', action: 'community.service_case.record', entityType: 'service_case', entityId: k.caseNo, divisionCodes: [k.streetCode] });
    const inserted = await trx
      .insertInto('community.service_cases')
      .values({
        case_no: k.caseNo,
        item_code: k.itemCode,
        point_code: k.pointCode,
        street_code: k.streetCode,
        district_code: k.districtCode,
        channel: k.channel,
        received_on: k.receivedOn,
        finished_on: k.finishedOn,
        working_days: k.workingDays,
        limit_days: k.limitDays,
        within_limit: k.withinLimit,
        rating: k.rating,
        batch_id: null,
        keyed_by: actor.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('case_no')
      .executeTakeFirst();
    if (!inserted) throw conflict('COMMUNITY_CASE_EXISTS', `办件 ${k.caseNo} 已登记`);
  });
  return getServiceCase(deps, actor, k.caseNo);
}

/** Finishes a case keyed or imported unfinished: its working days are counted now. */
export async function finishServiceCase(deps: CommunityDeps, actor: Actor, caseNo: string, input: { finishedOn: IsoDate; rating?: number | null }): Promise<CaseView> {
  requirePermission(actor, 'community.services.record');
  const row = await communityTables(deps).selectFrom('community.service_cases').selectAll().where('case_no', '=', caseNo).executeTakeFirst();
  if (!row) throw notFound('NOT_FOUND', '记录不存在或不在您的辖区范围内');
  if (typeof input.finishedOn !== 'string' || !isValidDate(input.finishedOn)) throw invalid('COMMUNITY_INVALID_DATE', `办结日期无效：${String(input.finishedOn)}`);
  if (input.finishedOn > today(deps)) throw invalid('COMMUNITY_DATE_IN_FUTURE', '办结日期不能晚于今天');
  if (input.finishedOn < row.received_on) throw invalid('COMMUNITY_INVALID_PERIOD', '办结日期不能早于受理日期');
  const rating = input.rating ?? null;
  if (rating !== null && !(Number.isInteger(rating) && rating >= 1 && rating <= 5)) throw invalid('COMMUNITY_INVALID_RATING', '评价须为 1（非常不满意）至 5（非常满意）');
  await guardedTransaction(communityTables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'community.services.record', action: 'community.service_case.finish', entityType: 'service_case', entityId: caseNo, divisionCodes: [row.street_code] });
    if (row.finished_on !== null) throw invalid('COMMUNITY_CASE_FINISHED', `该办件已于 ${row.finished_on} 办结`);
    const days = workingDaysBetween(row.received_on, input.finishedOn);
    await trx
      .updateTable('community.service_cases')
      .set({ finished_on: input.finishedOn, working_days: days, within_limit: days <= row.limit_days, rating })
      .where('case_no', '=', caseNo)
      .where('finished_on', 'is', null)
      .execute();
  });
  return getServiceCase(deps, actor, caseNo);
}

export async function getServiceCase(deps: CommunityDeps, actor: Actor, caseNo: string): Promise<CaseView> {
  const row = await communityTables(deps)
    .selectFrom('community.service_cases as c')
    .innerJoin('community.service_items as i', 'i.code', 'c.item_code')
    .innerJoin('community.service_points as p', 'p.code', 'c.point_code')
    .selectAll('c')
    .select(['i.name as item_name', 'p.name as point_name'])
    .where('c.case_no', '=', caseNo)
    .executeTakeFirst();
  if (!row || !isWithin(row.street_code, actor.jurisdiction)) throw notFound('NOT_FOUND', '记录不存在或不在您的辖区范围内');
  return {
    caseNo: row.case_no,
    itemCode: row.item_code,
    itemName: row.item_name,
    pointCode: row.point_code,
    pointName: row.point_name,
    streetCode: row.street_code,
    districtCode: row.district_code,
    channel: row.channel,
    channelName: channelNames[row.channel],
    receivedOn: row.received_on,
    finishedOn: row.finished_on,
    workingDays: row.working_days,
    limitDays: row.limit_days,
    withinLimit: row.within_limit,
    rating: row.rating,
  };
}

// ── processing-time figures ──────────────────────────────────────────────────────────────────────────────────

export interface TimeFigures {
  /** Cases finished in the month. */
  volume: number;
  /** Working days of the middle case (percentile_disc 0.5: the lower middle for an even count). */
  medianDays: number | null;
  /** Working days within which 90 % of the cases finished (percentile_disc 0.9). */
  p90Days: number | null;
  withinLimit: number;
  /** Share finished within the promised limit, %, one decimal. */
  withinLimitPercent: number | null;
  rated: number;
  /** 差评: 不满意 and 非常不满意. */
  bad: number;
  /** 好评率: rated cases not 差评 ÷ rated, %, one decimal. */
  goodPercent: number | null;
}
export interface ServiceFigures {
  month: string;
  scope: string;
  total: TimeFigures;
  byItem: (TimeFigures & { code: string; name: string; limitDays: number })[];
  byPoint: (TimeFigures & { code: string; name: string })[];
  byDistrict: (TimeFigures & { code: string; name: string })[];
  rule: string;
}

const RULE =
  '按当月办结的办件统计：工作日自受理次日起算至办结日（含），按国务院办公厅节假日安排（含调休上班日）计算；中位数、P90 取实际办件的工作日数（偶数件取较小的中间值）；时限内＝工作日数不超过事项承诺时限；好评率＝评价为非常满意、满意、基本满意的件数 ÷ 有评价的件数。';
const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part * 1000) / whole) / 10);

export async function serviceFigures(deps: CommunityDeps, actor: Actor, query: { month?: string; division?: string }): Promise<ServiceFigures> {
  requirePermission(actor, 'stats.read');
  const month = query.month ?? currentMonthInShanghai(deps.now());
  if (typeof month !== 'string' || !isValidMonth(month)) throw invalid('COMMUNITY_INVALID_MONTH', `月份格式应为 YYYY-MM：${String(month)}`);
  if (month > currentMonthInShanghai(deps.now())) throw invalid('COMMUNITY_FUTURE_MONTH', '不能查询未来月份');
  if (query.division !== undefined && !/^[0-9]{12}$/.test(query.division)) throw invalid('COMMUNITY_INVALID_DIVISION_CODE', `区划代码格式错误：${query.division}`);
  const scope = scopeDivision(actor, query.division);
  const prefix = divisionPrefix(scope);
  // One pass: per (item | point | district | all) and working-day count, the cases, those within the limit, rated and
  // 差评. Working days are small integers, so the median and P90 come from these histograms exactly as
  // percentile_disc would give them, without sorting the month's cases four times.
  const histogram = await sql<{
    gi: number;
    gp: number;
    gd: number;
    item_code: string | null;
    point_code: string | null;
    district_code: string | null;
    days: number;
    volume: number;
    within: number;
    rated: number;
    bad: number;
  }>`select grouping(item_code)::int as gi, grouping(point_code)::int as gp, grouping(district_code)::int as gd, item_code, point_code, district_code,
            working_days as days,
            count(*)::int as volume,
            (count(*) filter (where within_limit))::int as within,
            count(rating)::int as rated,
            (count(*) filter (where rating <= 2))::int as bad
       from community.service_cases
      where finished_on between ${firstDayOfMonth(month)}::date and ${lastDayOfMonth(month)}::date and street_code like ${`${prefix}%`}
      group by grouping sets ((item_code, working_days), (point_code, working_days), (district_code, working_days), (working_days))`.execute(deps.db.kysely);
  type Group = { gi: number; gp: number; gd: number; item_code: string | null; point_code: string | null; district_code: string | null; volume: number; within: number; rated: number; bad: number; days: [number, number][] };
  const groups = new Map<string, Group>();
  for (const h of histogram.rows) {
    const key = `${h.gi}${h.gp}${h.gd}:${h.item_code ?? h.point_code ?? h.district_code ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g = { gi: h.gi, gp: h.gp, gd: h.gd, item_code: h.item_code, point_code: h.point_code, district_code: h.district_code, volume: 0, within: 0, rated: 0, bad: 0, days: [] };
      groups.set(key, g);
    }
    g.volume += h.volume;
    g.within += h.within;
    g.rated += h.rated;
    g.bad += h.bad;
    g.days.push([h.days, h.volume]);
  }
  /** percentile_disc: the first working-day count whose cumulative share reaches p (tenths, so no rounding drift). */
  const percentile = (g: Group, tenths: number): number | null => {
    let seen = 0;
    for (const [d, n] of g.days.sort((x, y) => x[0] - y[0])) {
      seen += n;
      if (seen * 10 >= tenths * g.volume) return d;
    }
    return null;
  };
  const rows = { rows: [...groups.values()].map((g) => ({ ...g, median: percentile(g, 5), p90: percentile(g, 9) })) };
  const figures = (r: (typeof rows.rows)[number]): TimeFigures => ({
    volume: r.volume,
    medianDays: r.median,
    p90Days: r.p90,
    withinLimit: r.within,
    withinLimitPercent: percent(r.within, r.volume),
    rated: r.rated,
    bad: r.bad,
    goodPercent: percent(r.rated - r.bad, r.rated),
  });
  const db = communityTables(deps);
  const items = new Map((await db.selectFrom('community.service_items').select(['code', 'name', 'limit_days']).execute()).map((i) => [i.code, i]));
  const pointCodes = rows.rows.filter((r) => r.gp === 0).map((r) => r.point_code as string);
  const points = new Map(pointCodes.length ? (await db.selectFrom('community.service_points').select(['code', 'name']).where('code', 'in', pointCodes).execute()).map((p) => [p.code, p.name]) : []);
  const districtNames = new Map(SHANGHAI_DISTRICTS.map((d) => [d.code, d.name]));
  const empty: TimeFigures = { volume: 0, medianDays: null, p90Days: null, withinLimit: 0, withinLimitPercent: null, rated: 0, bad: 0, goodPercent: null };
  const total = rows.rows.find((r) => r.gi === 1 && r.gp === 1 && r.gd === 1);
  const byVolume = <T extends { volume: number; code: string }>(a: T, b: T) => b.volume - a.volume || a.code.localeCompare(b.code);
  return {
    month,
    scope,
    total: total ? figures(total) : empty,
    byItem: rows.rows
      .filter((r) => r.gi === 0)
      .map((r) => ({ code: r.item_code as string, name: items.get(r.item_code as string)?.name ?? (r.item_code as string), limitDays: items.get(r.item_code as string)?.limit_days ?? 0, ...figures(r) }))
      .sort(byVolume),
    byPoint: rows.rows
      .filter((r) => r.gp === 0)
      .map((r) => ({ code: r.point_code as string, name: points.get(r.point_code as string) ?? (r.point_code as string), ...figures(r) }))
      .sort(byVolume),
    byDistrict: rows.rows
      .filter((r) => r.gd === 0)
      .map((r) => ({ code: r.district_code as string, name: districtNames.get(r.district_code as string) ?? (r.district_code as string), ...figures(r) }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    rule: RULE,
  };
}
