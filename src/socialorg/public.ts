/**
 * The public register (no login): what the registrars publish about each organisation — registration, events,
 * annual inspections, finances by year, list entries. Organisations only: no ID numbers, no people, no contacts.
 * Pending applications are not published; deregistered and revoked organisations stay, with date and reason.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import { csvLine, invalid, normaliseDivisionCode, notFound, type IsoDate } from '../kernel/index.js';
import { SHANGHAI_DISTRICTS } from '../registry/index.js';
import { tables, today, type SocialorgDeps } from './deps.js';
import {
  actionNames,
  conclusionNames,
  levelNames,
  listNames,
  orgTypeNames,
  penaltyKindNames,
  statusNames,
  type ActionKind,
  type Conclusion,
  type CreditList,
  type OrgType,
  type SocialorgDb,
  type SocialorgTables,
  type Status,
} from './model.js';

const PUBLISHED: Status[] = ['registered', 'liquidating', 'deregistered', 'revoked'];
const PUBLIC_ACTIONS: ActionKind[] = ['establish', 'change', 'liquidate', 'deregister', 'revoke', 'charity_recognise', 'charity_withdraw', 'fundraising_grant'];

export interface PublicFilter {
  q?: string;
  creditCode?: string;
  orgType?: OrgType;
  districtCode?: string;
  charity?: boolean;
  list?: CreditList;
  /** A grade (1–5 for 1A–5A) in force and published (公示 ended, not expired). */
  grade?: number;
  limit?: number;
  offset?: number;
}

export interface PublicOrganisation {
  creditCode: string;
  name: string;
  orgType: OrgType;
  typeName: string;
  level: string;
  districtName: string;
  status: Status;
  statusName: string;
  registeredOn: IsoDate;
  endedOn: IsoDate | null;
  endReason: string | null;
  charity: boolean;
  publicFundraising: boolean;
  lists: string[];
  /** The grade in force and published, e.g. "4A"; null when none. */
  grade: string | null;
}

type Q = SelectQueryBuilder<SocialorgTables, 'socialorg.organisations', object>;

function filtered(db: SocialorgDb, filter: PublicFilter, on: IsoDate): Q {
  let q = db.selectFrom('socialorg.organisations').where('status', 'in', PUBLISHED) as Q;
  const text = filter.q?.trim();
  if (text) {
    if (text.length > 50) throw invalid('SOCIALORG_INVALID_QUERY', '检索词不超过50个字');
    q = q.where(sql<boolean>`strpos(name, ${text}) > 0`);
  }
  if (filter.creditCode) q = q.where('credit_code', '=', filter.creditCode.trim().toUpperCase());
  if (filter.orgType) q = q.where('org_type', '=', filter.orgType);
  if (filter.districtCode) {
    const code = normaliseDivisionCode(filter.districtCode);
    if (!code) throw invalid('SOCIALORG_INVALID_DIVISION', `区划代码无效：${filter.districtCode}`);
    q = q.where('district_code', '=', `${code.slice(0, 6)}000000`);
  }
  if (filter.charity !== undefined) q = q.where('charity_since', filter.charity ? 'is not' : 'is', null);
  if (filter.list) {
    const list = filter.list;
    q = q.where(({ exists, selectFrom }) => exists(selectFrom('socialorg.list_entries as e').select('e.id').whereRef('e.organisation_id', '=', 'socialorg.organisations.id').where('e.list', '=', list).where('e.removed_on', 'is', null)));
  }
  if (filter.grade !== undefined) {
    const grade = filter.grade;
    if (!Number.isInteger(grade) || grade < 1 || grade > 5) throw invalid('SOCIALORG_INVALID_GRADE', '评估等级须为 1A–5A');
    // In force and published: 公示 over, not expired, within its 5 years.
    q = q.where(
      sql<boolean>`exists (select 1 from socialorg.grades g where g.organisation_id = socialorg.organisations.id and g.grade = ${grade}
                     and g.publicity_ends < ${on}::date and g.expired_on is null and g.valid_until >= ${on}::date)`,
    );
  }
  return q;
}

const districtName = (code: string) => SHANGHAI_DISTRICTS.find((d) => d.code === code)?.name ?? code;

async function toPublic(
  db: SocialorgDb,
  on: IsoDate,
  rows: {
    id: number;
    credit_code: string | null;
    name: string;
    org_type: OrgType;
    level: 'city' | 'district';
    district_code: string;
    status: Status;
    registered_on: IsoDate | null;
    ended_on: IsoDate | null;
    end_reason: string | null;
    charity_since: IsoDate | null;
    fundraising_since: IsoDate | null;
  }[],
): Promise<PublicOrganisation[]> {
  const ids = rows.map((r) => r.id);
  const open = ids.length ? await db.selectFrom('socialorg.list_entries').select(['organisation_id', 'list']).where('organisation_id', 'in', ids).where('removed_on', 'is', null).execute() : [];
  const graded = ids.length
    ? await db.selectFrom('socialorg.grades').select(['organisation_id', 'grade']).where('organisation_id', 'in', ids).where('publicity_ends', '<', on).where('expired_on', 'is', null).where('valid_until', '>=', on).execute()
    : [];
  const gradeOf = new Map(graded.map((g) => [Number(g.organisation_id), `${g.grade}A`]));
  return rows.map((r) => ({
    creditCode: r.credit_code ?? '',
    name: r.name,
    orgType: r.org_type,
    typeName: orgTypeNames[r.org_type],
    level: levelNames[r.level],
    districtName: districtName(r.district_code),
    status: r.status,
    statusName: statusNames[r.status],
    registeredOn: r.registered_on ?? '',
    endedOn: r.ended_on,
    endReason: r.end_reason,
    charity: r.charity_since !== null,
    publicFundraising: r.fundraising_since !== null,
    lists: [...new Set(open.filter((e) => Number(e.organisation_id) === Number(r.id)).map((e) => listNames[e.list]))],
    grade: gradeOf.get(Number(r.id)) ?? null,
  }));
}

const COLUMNS = ['id', 'credit_code', 'name', 'org_type', 'level', 'district_code', 'status', 'registered_on', 'ended_on', 'end_reason', 'charity_since', 'fundraising_since'] as const;

export async function publicSearch(deps: SocialorgDeps, filter: PublicFilter): Promise<{ total: number; items: PublicOrganisation[] }> {
  const limit = filter.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('SOCIALORG_INVALID_LIMIT', '每页条数须为1–100');
  const db = tables(deps);
  const on = today(deps);
  const q = filtered(db, filter, on);
  const [{ n }] = await q.select(sql<number>`count(*)::int`.as('n')).execute();
  const rows = await q
    .select([...COLUMNS])
    .orderBy(sql`name collate "C"`)
    .orderBy('id')
    .limit(limit)
    .offset(filter.offset ?? 0)
    .execute();
  return { total: Number(n), items: await toPublic(db, on, rows) };
}

export interface PublicDetail {
  organisation: PublicOrganisation;
  events: { onDate: IsoDate; event: string; detail: string }[];
  inspections: { year: number; filedOn: IsoDate; conclusion: string | null }[];
  finances: { year: number; incomeFen: number; expenditureFen: number; netAssetsFen: number }[];
  entries: { list: string; reason: string; basis: string; listedOn: IsoDate; removedOn: IsoDate | null }[];
  grades: { grade: string; evaluatedOn: IsoDate; validUntil: IsoDate; expired: boolean }[];
  penalties: { kind: string; amountFen: number; basis: string; department: string; decisionNo: string; decidedOn: IsoDate; carriedOutOn: IsoDate | null }[];
}

export async function publicOrganisation(deps: SocialorgDeps, creditCode: string): Promise<PublicDetail> {
  const db = tables(deps);
  const on = today(deps);
  const row = await filtered(db, { creditCode }, on)
    .select([...COLUMNS])
    .executeTakeFirst();
  if (!row) throw notFound('SOCIALORG_NOT_PUBLISHED', '未找到该统一社会信用代码的社会组织');
  const [detail] = await publicDetails(db, on, [row]);
  return detail as PublicDetail;
}

type PublicRow = Parameters<typeof toPublic>[2][number];

/** The page of each organisation, for many at once (one query per part): the bulk files hold exactly what the page shows. */
export async function publicDetails(db: SocialorgDb, on: IsoDate, rows: PublicRow[]): Promise<PublicDetail[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const organisations = await toPublic(db, on, rows);
  const actions = await db.selectFrom('socialorg.actions').select(['organisation_id', 'action', 'on_date', 'payload']).where('organisation_id', 'in', ids).where('action', 'in', PUBLIC_ACTIONS).orderBy('seq').execute();
  const reports = await db.selectFrom('socialorg.annual_reports').selectAll().where('organisation_id', 'in', ids).orderBy('year', 'desc').execute();
  const entries = await db.selectFrom('socialorg.list_entries').selectAll().where('organisation_id', 'in', ids).orderBy('listed_on', 'desc').orderBy('id', 'desc').execute();
  // A grade is published once its 公示 has ended.
  const grades = await db.selectFrom('socialorg.grades').selectAll().where('organisation_id', 'in', ids).where('publicity_ends', '<', on).orderBy('evaluated_on', 'desc').orderBy('id', 'desc').execute();
  const penalties = await db.selectFrom('socialorg.penalties').selectAll().where('organisation_id', 'in', ids).orderBy('decided_on', 'desc').orderBy('id', 'desc').execute();
  const of = <T extends { organisation_id: number }>(list: T[], id: number) => list.filter((x) => Number(x.organisation_id) === Number(id));
  return rows.map((row, i) => {
    const own = of(reports, row.id);
    return {
      organisation: organisations[i] as PublicOrganisation,
      events: of(actions, row.id).map((a) => ({ onDate: a.on_date, event: actionNames[a.action], detail: publicDetail(a.action, a.payload) })),
      inspections: own.map((r) => ({ year: r.year, filedOn: r.filed_on, conclusion: r.conclusion ? conclusionNames[r.conclusion as Conclusion] : null })),
      finances: own.map((r) => ({ year: r.year, incomeFen: Number(r.income_fen), expenditureFen: Number(r.expenditure_fen), netAssetsFen: Number(r.net_assets_fen) })),
      entries: of(entries, row.id).map((e) => ({ list: listNames[e.list], reason: e.evidence || e.reason_code, basis: e.basis, listedOn: e.listed_on, removedOn: e.removed_on })),
      grades: of(grades, row.id).map((g) => ({ grade: `${g.grade}A`, evaluatedOn: g.evaluated_on, validUntil: g.valid_until, expired: g.expired_on !== null || g.valid_until < on })),
      penalties: of(penalties, row.id).map((p) => ({
        kind: penaltyKindNames[p.kind],
        amountFen: Number(p.amount_fen),
        basis: p.basis,
        department: p.department,
        decisionNo: p.decision_no,
        decidedOn: p.decided_on,
        carriedOutOn: p.carried_out_on,
      })),
    };
  });
}

/** Published organisations in id order, a page at a time (keyset on id): the bulk files' and the CSV's reader. */
export async function* publishedPages(db: SocialorgDb, on: IsoDate, pageSize: number, filter: PublicFilter = {}): AsyncGenerator<PublicRow[]> {
  for (let after = 0; ; ) {
    const rows = await filtered(db, filter, on)
      .select([...COLUMNS])
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (!rows.length) return;
    yield rows;
    after = Number(rows[rows.length - 1]?.id);
  }
}

/** What a change published says: the organisation's own fields only (never who applied). */
function publicDetail(action: ActionKind, payload: Record<string, unknown>): string {
  if (action !== 'change') return '';
  const change = (payload.change ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof change.name === 'string') parts.push(`名称变更为“${change.name}”`);
  if (typeof change.divisionCode === 'string') parts.push('住所变更');
  if (typeof change.supervisorUnit === 'string') parts.push(`业务主管单位变更为“${change.supervisorUnit}”`);
  if (typeof change.fundsFen === 'number') parts.push('资金变更');
  return parts.join('；');
}

export const PUBLIC_CSV_HEADER = ['统一社会信用代码', '名称', '类型', '登记层级', '所在区', '状态', '成立登记日期', '终止日期', '终止原因', '慈善组织', '公开募捐资格', '所在名录', '评估等级'];

/**
 * The search as CSV, page by page on the primary key (keyset), so memory stays bounded whatever the size;
 * the rows are those the search counts, in the same filter.
 */
export async function* publicCsv(deps: SocialorgDeps, filter: PublicFilter, pageSize = 2000): AsyncGenerator<string> {
  const db = tables(deps);
  const on = today(deps);
  yield `\ufeff${csvLine(PUBLIC_CSV_HEADER)}\r\n`;
  for await (const rows of publishedPages(db, on, pageSize, filter)) {
    const items = await toPublic(db, on, rows);
    yield items.map((o) => `${csvLine(publicCsvCells(o))}\r\n`).join('');
  }
}

export const publicCsvCells = (o: PublicOrganisation) => [
  o.creditCode,
  o.name,
  o.typeName,
  o.level,
  o.districtName,
  o.statusName,
  o.registeredOn,
  o.endedOn,
  o.endReason,
  o.charity ? '是' : '否',
  o.publicFundraising ? '是' : '否',
  o.lists.join('、'),
  o.grade ?? '',
];
