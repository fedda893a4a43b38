/**
 * 社区工作者 roster: periods of service per street and committee. A street caseworker keeps her own street's
 * roster; the district its streets'. Periods of one person never overlap; a committee must be in force under the
 * street named. Every read of the list is audited (names and education are personal data).
 */
import { type ExpressionBuilder, sql } from 'kysely';
import { guardedTransaction, requirePermission, scopeDivision, type Actor } from '../access/index.js';
import type { Database } from '../db/index.js';
import { ageOn, divisionLevel, divisionPrefix, invalid, isValidDate, normaliseDivisionCode, notFound, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { findDivision, getPerson, householdCountsByDivision, type IdVault, personNames, type RegistryDb, type RegistryTables } from '../registry/index.js';
import { CERTIFICATES, certificateNames, type Certificate, type CommunityTables, EDUCATIONS, educationNames, type Education } from './model.js';
import { settingOn } from './settings.js';

export interface CommunityDeps {
  db: Database;
  vault: IdVault;
  now(): Date;
}

export const communityTables = (deps: { db: Database }) => deps.db.kysely.withTables<CommunityTables>();
const registryOf = (deps: { db: Database }) => deps.db.kysely.withTables<RegistryTables>() as unknown as RegistryDb;

export interface NewWorker {
  personId: number;
  /** 12-digit committee code, or the street's own code for work at the street. */
  divisionCode: string;
  post: string;
  startOn: IsoDate;
  endOn?: IsoDate | null;
  education: Education;
  certificate?: Certificate;
}

export interface WorkerView {
  id: number;
  personId: number;
  personName: string;
  streetCode: string;
  streetName: string;
  committeeCode: string | null;
  committeeName: string | null;
  post: string;
  startOn: IsoDate;
  endOn: IsoDate | null;
  education: Education;
  educationName: string;
  certificate: Certificate;
  certificateName: string;
  age: number;
}

const bad = (code: string, message: string) => invalid(code, message);

async function placeOf(deps: CommunityDeps, raw: string, on: IsoDate): Promise<{ street: string; committee: string | null }> {
  const code = typeof raw === 'string' ? normaliseDivisionCode(raw) : null;
  if (!code?.startsWith('31')) throw bad('COMMUNITY_INVALID_DIVISION_CODE', `区划代码格式错误：${raw}（应为上海市 12 位街镇或居村委会代码）`);
  const level = divisionLevel(code);
  if (level !== 'street' && level !== 'committee') throw bad('COMMUNITY_WRONG_DIVISION_LEVEL', '社区工作者须登记在街道（镇）或居（村）委会');
  const division = await findDivision(registryOf(deps), code, on);
  if (!division) throw bad('COMMUNITY_DIVISION_NOT_IN_FORCE', `区划 ${code} 在 ${on} 不存在或已撤销`);
  if (level === 'street') return { street: code, committee: null };
  const street = division.parentCode ?? `${code.slice(0, 9)}000`;
  if (!(await findDivision(registryOf(deps), street, on))) throw bad('COMMUNITY_PARENT_NOT_IN_FORCE', `上级街镇 ${street} 在 ${on} 不存在或已撤销`);
  return { street, committee: code };
}

function checkDates(startOn: unknown, endOn: unknown): void {
  if (typeof startOn !== 'string' || !isValidDate(startOn)) throw bad('COMMUNITY_INVALID_DATE', `到岗日期无效：${String(startOn)}`);
  if (endOn !== undefined && endOn !== null && (typeof endOn !== 'string' || !isValidDate(endOn))) throw bad('COMMUNITY_INVALID_DATE', `离岗日期无效：${String(endOn)}`);
  if (typeof endOn === 'string' && endOn < startOn) throw bad('COMMUNITY_INVALID_PERIOD', '离岗日期不能早于到岗日期');
}

async function checkNoOverlap(trx: ReturnType<typeof communityTables>, personId: number, startOn: IsoDate, endOn: IsoDate | null, except?: number): Promise<void> {
  // Two periods [a1, b1] and [a2, b2] (open end = infinity) overlap when a1 <= b2 and a2 <= b1.
  const clash = await trx
    .selectFrom('community.workers')
    .select(['id', 'start_on', 'end_on'])
    .where('person_id', '=', personId)
    .$if(except !== undefined, (q) => q.where('id', '<>', except as number))
    .$if(endOn !== null, (q) => q.where('start_on', '<=', endOn as IsoDate))
    .where((eb) => eb.or([eb('end_on', 'is', null), eb('end_on', '>=', startOn)]))
    .executeTakeFirst();
  if (clash) throw bad('COMMUNITY_ROSTER_OVERLAP', `该人员已有 ${clash.start_on} 至 ${clash.end_on ?? '今'} 的在岗记录，任职期间不能重叠`);
}

export async function addWorker(deps: CommunityDeps, actor: Actor, input: NewWorker): Promise<WorkerView> {
  requirePermission(actor, 'community.roster.write');
  checkDates(input.startOn, input.endOn);
  if (!EDUCATIONS.includes(input.education)) throw bad('COMMUNITY_INVALID_EDUCATION', '学历取值无效');
  const certificate = input.certificate ?? 'none';
  if (!CERTIFICATES.includes(certificate)) throw bad('COMMUNITY_INVALID_CERTIFICATE', '证书等级取值无效');
  const post = typeof input.post === 'string' ? input.post.trim() : '';
  if (!post || post.length > 50) throw bad('COMMUNITY_INVALID_POST', '请填写岗位（不超过 50 字）');
  const place = await placeOf(deps, input.divisionCode, input.startOn);
  const person = await getPerson(registryOf(deps), deps.vault, actor, input.personId);
  const id = await guardedTransaction(communityTables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'community.roster.write', action: 'community.worker.add', entityType: 'person', entityId: input.personId, divisionCodes: [place.committee ?? place.street], detail: { post, startOn: input.startOn } });
    await sql`select pg_advisory_xact_lock(7231201, ${input.personId}::int)`.execute(trx);
    await checkNoOverlap(trx, input.personId, input.startOn, input.endOn ?? null);
    const row = await trx
      .insertInto('community.workers')
      .values({
        person_id: input.personId,
        birth_date: person.birthDate,
        street_code: place.street,
        committee_code: place.committee,
        post,
        start_on: input.startOn,
        end_on: input.endOn ?? null,
        education: input.education,
        certificate,
        entered_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  return getWorker(deps, actor, id);
}

/** Ends a period on its last day in post. */
export async function endWorker(deps: CommunityDeps, actor: Actor, id: number, endOn: IsoDate): Promise<WorkerView> {
  requirePermission(actor, 'community.roster.write');
  const row = await communityTables(deps).selectFrom('community.workers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('NOT_FOUND', '记录不存在或不在您的辖区范围内');
  checkDates(row.start_on, endOn);
  await guardedTransaction(communityTables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'community.roster.write', action: 'community.worker.end', entityType: 'worker', entityId: id, divisionCodes: [row.committee_code ?? row.street_code], detail: { endOn } });
    if (row.end_on !== null) throw bad('COMMUNITY_ALREADY_ENDED', `该任职已于 ${row.end_on} 结束`);
    await trx.updateTable('community.workers').set({ end_on: endOn, ended_by: actor.userId }).where('id', '=', id).execute();
  });
  return getWorker(deps, actor, id);
}

async function toViews(deps: CommunityDeps, actor: Actor, rows: Awaited<ReturnType<typeof selectRows>>, on: IsoDate): Promise<WorkerView[]> {
  const names = await personNames(
    registryOf(deps),
    actor,
    rows.map((r) => r.person_id),
    'community.workers',
  );
  const divisions = new Map<string, string>();
  for (const code of new Set(rows.flatMap((r) => [r.street_code, r.committee_code ?? r.street_code]))) divisions.set(code, (await findDivision(registryOf(deps), code, on))?.name ?? code);
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    personName: names.get(r.person_id)?.name ?? '—',
    streetCode: r.street_code,
    streetName: divisions.get(r.street_code) ?? r.street_code,
    committeeCode: r.committee_code,
    committeeName: r.committee_code ? (divisions.get(r.committee_code) ?? r.committee_code) : null,
    post: r.post,
    startOn: r.start_on,
    endOn: r.end_on,
    education: r.education,
    educationName: educationNames[r.education],
    certificate: r.certificate,
    certificateName: certificateNames[r.certificate],
    age: ageOn(r.birth_date, on),
  }));
}

/** A committee's own periods, or every period of the streets within a street, district or the city. */
const inScope = (scope: string) => (eb: ExpressionBuilder<CommunityTables, 'community.workers'>) => (divisionLevel(scope) === 'committee' ? eb('committee_code', '=', scope) : eb('street_code', 'like', `${divisionPrefix(scope)}%`));

/** Where a page of the roster ends: street, committee ('' for work at the street) and id, the list's own order. */
export interface WorkerCursor {
  street: string;
  committee: string;
  id: number;
}
export const encodeCursor = (c: WorkerCursor): string => `${c.street}.${c.committee}.${c.id}`;
function decodeCursor(raw: string): WorkerCursor {
  const m = /^([0-9]{12})\.([0-9]{12})?\.([0-9]{1,15})$/.exec(raw);
  if (!m) throw bad('COMMUNITY_INVALID_CURSOR', '翻页位置无效，请从第一页重新查询');
  return { street: m[1], committee: m[2] ?? '', id: Number(m[3]) };
}

const selectRows = (db: ReturnType<typeof communityTables>, scope: string, on: IsoDate | null, page: { after?: WorkerCursor; limit?: number } = {}) =>
  db
    .selectFrom('community.workers')
    .selectAll()
    .where(inScope(scope))
    .$if(on !== null, (q) => q.where('start_on', '<=', on as IsoDate).where((eb) => eb.or([eb('end_on', 'is', null), eb('end_on', '>=', on as IsoDate)])))
    // Keyset: the rows after the last one of the previous page in the list's order (an index serves it).
    .$if(page.after !== undefined, (q) => q.where(sql<boolean>`(street_code, coalesce(committee_code, ''), id) > (${page.after?.street}, ${page.after?.committee}, ${page.after?.id})`))
    .orderBy('street_code')
    .orderBy(sql`coalesce(committee_code, '')`)
    .orderBy('id')
    .$if(page.limit !== undefined, (q) => q.limit(page.limit as number))
    .execute();

export async function getWorker(deps: CommunityDeps, actor: Actor, id: number): Promise<WorkerView> {
  const row = await communityTables(deps).selectFrom('community.workers').selectAll().where('id', '=', id).executeTakeFirst();
  const on = todayInShanghai(deps.now());
  if (!row) throw notFound('NOT_FOUND', '记录不存在或不在您的辖区范围内');
  const [view] = await toViews(deps, actor, [row], on);
  return view;
}

/** The roster in the caller's jurisdiction (or a division within it): in post on `on`, or every period when `all`. */
/**
 * The roster in the caller's jurisdiction (or a division within it): in post on `on`, or every period when `all`.
 * With `limit`, one page in the list's order (street, committee, id) and `next`, the cursor of the page after it
 * (keyset: a later page costs what the first does, and a period added meanwhile shifts nothing); without, all of it.
 */
export async function listWorkers(deps: CommunityDeps, actor: Actor, query: { divisionCode?: string; on?: IsoDate; all?: boolean; after?: string; limit?: number } = {}): Promise<{ on: IsoDate; items: WorkerView[]; next: string | null }> {
  requirePermission(actor, 'community.read');
  const on = query.on ?? todayInShanghai(deps.now());
  if (!isValidDate(on)) throw bad('COMMUNITY_INVALID_DATE', `日期无效：${on}`);
  if (query.limit !== undefined && !(Number.isInteger(query.limit) && query.limit >= 1 && query.limit <= 1000)) throw bad('COMMUNITY_INVALID_LIMIT', '每页条数须为 1–1000');
  const after = query.after ? decodeCursor(query.after) : undefined;
  const scope = scopeDivision(actor, query.divisionCode ? checkedCode(query.divisionCode) : undefined);
  const rows = await guardedTransaction(communityTables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'community.read', action: 'community.workers.read', entityType: 'roster', entityId: scope, detail: { on, all: Boolean(query.all), after: query.after ?? null } });
    return selectRows(trx, scope, query.all ? null : on, { after, limit: query.limit === undefined ? undefined : query.limit + 1 });
  });
  const more = query.limit !== undefined && rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  return { on, items: await toViews(deps, actor, page, on), next: more && last ? encodeCursor({ street: last.street_code, committee: last.committee_code ?? '', id: last.id }) : null };
}

function checkedCode(raw: string): string {
  const code = normaliseDivisionCode(raw);
  if (!code) throw bad('COMMUNITY_INVALID_DIVISION_CODE', `区划代码格式错误：${raw}`);
  return code;
}

export interface CommitteeStaffing {
  committeeCode: string;
  committeeName: string;
  households: number;
  workers: number;
  /** Households per worker, one decimal; null without a worker. */
  householdsPerWorker: number | null;
  /** Workers the quota asks for: ceil(households ÷ quota). */
  required: number;
  understaffed: boolean;
}

export interface RosterFigures {
  on: IsoDate;
  scope: string;
  headcount: number;
  certified: number;
  /** 持证率: certified ÷ headcount, per cent with one decimal (indicator 12). */
  certifiedPercent: number;
  averageAge: number | null;
  collegeOrAbovePercent: number;
  byCertificate: Record<Certificate, number>;
  quota: { householdsPerWorker: number; verified: boolean; source: string };
  committees: CommitteeStaffing[];
  understaffed: CommitteeStaffing[];
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part * 1000) / whole) / 10 : 0);

/**
 * The roster's figures on a date, aggregates only: headcount, certificate share (indicator 12), age, education,
 * and households per worker against the quota per committee (a committee with households and fewer workers than
 * ceil(households ÷ quota) is under-staffed). System callers (the indicators) pass no actor check through `scope`.
 */
export async function rosterFigures(deps: CommunityDeps, actor: Actor, query: { divisionCode?: string; on?: IsoDate } = {}): Promise<RosterFigures> {
  requirePermission(actor, 'stats.read');
  const on = query.on ?? todayInShanghai(deps.now());
  if (!isValidDate(on)) throw bad('COMMUNITY_INVALID_DATE', `日期无效：${on}`);
  const scope = scopeDivision(actor, query.divisionCode ? checkedCode(query.divisionCode) : undefined);
  return figuresOn(deps, scope, on);
}

/** `staffing: false` skips the per-committee household counts (the indicators need the headcount and certificates only). */
export async function figuresOn(deps: CommunityDeps, scope: string, on: IsoDate, options: { staffing?: boolean } = {}): Promise<RosterFigures> {
  // One grouped aggregate in SQL: the city's 57 000 periods are counted where they lie, not shipped to Node.
  const grouped = await communityTables(deps)
    .selectFrom('community.workers')
    .select(['committee_code', 'certificate'])
    .select(sql<number>`count(*)::int`.as('n'))
    .select(sql<number>`coalesce(sum(extract(year from age(${on}::date, birth_date))), 0)::int`.as('age_sum'))
    .select(sql<number>`count(*) filter (where education <> 'secondary')::int`.as('college'))
    .where(inScope(scope))
    .where('start_on', '<=', on)
    .where((eb) => eb.or([eb('end_on', 'is', null), eb('end_on', '>=', on)]))
    .groupBy(['committee_code', 'certificate'])
    .execute();
  const byCertificate = Object.fromEntries(CERTIFICATES.map((c) => [c, 0])) as Record<Certificate, number>;
  let ageSum = 0;
  let college = 0;
  const perCommittee = new Map<string, number>();
  for (const r of grouped) {
    byCertificate[r.certificate] += Number(r.n);
    ageSum += Number(r.age_sum);
    college += Number(r.college);
    if (r.committee_code) perCommittee.set(r.committee_code, (perCommittee.get(r.committee_code) ?? 0) + Number(r.n));
  }
  const headcount = Object.values(byCertificate).reduce((a, b) => a + b, 0);
  const certified = headcount - byCertificate.none;
  const quota = settingOn('householdsPerWorker', on);
  const households = options.staffing === false ? new Map<string, number>() : await householdCountsByDivision(registryOf(deps), scope, on);
  const codes = options.staffing === false ? [] : [...new Set([...households.keys(), ...perCommittee.keys()])].filter((c) => divisionLevel(c) === 'committee').sort();
  const committees: CommitteeStaffing[] = [];
  for (const code of codes) {
    const h = households.get(code) ?? 0;
    const w = perCommittee.get(code) ?? 0;
    const required = Math.ceil(h / quota.value);
    committees.push({
      committeeCode: code,
      committeeName: (await findDivision(registryOf(deps), code, on))?.name ?? code,
      households: h,
      workers: w,
      householdsPerWorker: w > 0 ? Math.round((h * 10) / w) / 10 : null,
      required,
      understaffed: w < required,
    });
  }
  return {
    on,
    scope,
    headcount,
    certified,
    certifiedPercent: pct(certified, headcount),
    averageAge: headcount > 0 ? Math.round((ageSum * 10) / headcount) / 10 : null,
    collegeOrAbovePercent: pct(college, headcount),
    byCertificate,
    quota: { householdsPerWorker: quota.value, verified: quota.verified, source: quota.source },
    committees,
    understaffed: committees.filter((c) => c.understaffed),
  };
}
