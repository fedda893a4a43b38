/**
 * One death, many notices. A notice (hospital, police, a caseworker's home-death record, the collection crew)
 * is matched to the registry person by ID number; the first has the registry record the death (which emits
 * `registry.person.died` with the source), later ones attach their proof, and one with a different date goes
 * to review — never a second death. A person the registry does not hold gets a death record of their own.
 */
import { sql } from 'kysely';
import { jurisdictionPrefix, requirePermission, type Actor } from '../access/index.js';
import { checkIdNumber, conflict, idNumberProblemMessage, invalid, isValidDate, isWithin, maskIdNumber, normaliseDivisionCode, notFound, type IsoDate } from '../kernel/index.js';
import { checklistOf, refreshCompletion, type ChecklistItemView } from './checklist.js';
import { allowRead, guardedTransaction, tables, today, type FuneralDeps } from './deps.js';
import { DEATH_SOURCES, type DeathSource, type FuneralDb } from './model.js';
import { fileDeathReports } from './notices.js';
import { isDomainCode, type PersonView } from './registry-port.js';
import { settingOn, type ChecklistItemDef } from './setting-defs.js';

export interface DeathNoticeInput {
  idNumber: string;
  /** Needed only for a person the registry does not hold. */
  name?: string;
  source: Exclude<DeathSource, 'registry'>;
  proofNumber?: string;
  deathDate: IsoDate;
  /** 12-digit division of an unregistered person (where the death is handled). */
  divisionCode?: string;
  note?: string;
}

export interface NoticeView {
  id: number;
  source: DeathSource;
  proofNumber: string | null;
  deathDate: IsoDate;
  status: 'first' | 'attached' | 'review';
  note: string | null;
  reportedAt: string;
}

export interface DeathView {
  id: number;
  personId: number | null;
  name: string;
  idNumberMasked: string | null;
  deathDate: IsoDate;
  source: DeathSource;
  hukouDivision: string;
  residenceDivision: string;
  shanghaiHukou: boolean;
  openedAt: string;
  completedAt: string | null;
  notices: NoticeView[];
  checklist: ChecklistItemView[];
  recoverFen: number;
}

/** The checklist on the death date; a person the registry does not hold has nothing for the modules to stop. Conditional items join when their condition is found (`conditionalItems`). */
export function itemsFor(deathDate: IsoDate, registered: boolean): ChecklistItemDef[] {
  const items = (settingOn('checklist.items', deathDate).value as ChecklistItemDef[]).filter((i) => !i.when);
  return registered ? items : items.filter((i) => i.kind === 'manual');
}

/** The configured items that hold only under a condition, e.g. 变更户主 when the registry reports a household left without a head. */
export function conditionalItems(deathDate: IsoDate, when: NonNullable<ChecklistItemDef['when']>): ChecklistItemDef[] {
  return (settingOn('checklist.items', deathDate).value as ChecklistItemDef[]).filter((i) => i.when === when);
}

function validNotice(input: DeathNoticeInput, on: IsoDate): { idNumber: string; birthDate: IsoDate } {
  const parsed = checkIdNumber(String(input.idNumber ?? ''), on);
  if (typeof parsed === 'string') throw invalid('FUNERAL_INVALID_ID_NUMBER', `身份证号码有误：${idNumberProblemMessage[parsed]}`);
  if (!(DEATH_SOURCES as readonly string[]).includes(input.source) || (input.source as string) === 'registry') throw invalid('FUNERAL_INVALID_SOURCE', '通报来源须为医院、公安、街镇社工或殡仪馆');
  if (!isValidDate(String(input.deathDate ?? ''))) throw invalid('FUNERAL_INVALID_DATE', `死亡日期不是有效日期：${input.deathDate}`);
  if (input.deathDate > on) throw invalid('FUNERAL_FUTURE_DATE', '死亡日期不能晚于今天');
  if (input.deathDate < parsed.birthDate) throw invalid('FUNERAL_DEATH_BEFORE_BIRTH', `死亡日期不能早于出生日期（${parsed.birthDate}）`);
  if ((input.source === 'hospital' || input.source === 'police') && !input.proofNumber?.trim()) throw invalid('FUNERAL_PROOF_REQUIRED', input.source === 'hospital' ? '医院通报须填写居民死亡医学证明编号' : '公安通报须填写死亡确认编号');
  return { idNumber: parsed.idNumber, birthDate: parsed.birthDate };
}

/** 死亡通报: see the file's comment. Returns the death with its notices and checklist. */
export async function reportDeath(deps: FuneralDeps, actor: Actor, input: DeathNoticeInput): Promise<DeathView> {
  requirePermission(actor, 'funeral.record');
  const on = today(deps);
  const { idNumber, birthDate } = validNotice(input, on);
  const person = await deps.registry.personByIdNumber(actor, idNumber);
  let registered: PersonView | null = person;
  if (person && !person.deathDate) {
    try {
      registered = await deps.registry.recordDeath(actor, person.id, input.deathDate, input.source);
    } catch (error) {
      // Another notice of the same death won the race: this one attaches to it.
      if (!isDomainCode(error, 'REGISTRY_PERSON_ALREADY_DEAD')) throw error;
      registered = await deps.registry.person(actor, person.id);
    }
  }
  let division: string | null = null;
  if (!registered) {
    const name = input.name?.trim();
    if (!name) throw invalid('FUNERAL_NAME_REQUIRED', '人口库中无此身份证号码，须填写逝者姓名');
    division = normaliseDivisionCode(String(input.divisionCode ?? ''));
    if (division?.length !== 12 || division.endsWith('000000')) throw invalid('FUNERAL_DIVISION_REQUIRED', '人口库中无此身份证号码，须填写逝者所在的街镇（12 位区划代码）');
  }
  const hash = deps.vault.hash(idNumber);
  const now = deps.clock.now();
  const deathId = await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const divisions = registered ? [registered.hukouDivision, registered.residenceDivision] : [division as string];
    if (!registered && !isWithin(division as string, actor.jurisdiction)) throw invalid('FUNERAL_DIVISION_OUTSIDE', '所填街镇不在您的辖区范围内');
    await allow({
      permission: 'funeral.record',
      action: 'funeral.death.notice',
      entityType: 'person',
      entityId: registered?.id,
      divisionCodes: divisions,
      detail: { source: input.source, proofNumber: input.proofNumber ?? null, deathDate: input.deathDate },
    });
    const deathDate = registered?.deathDate ?? input.deathDate;
    const values = registered
      ? { person_id: registered.id, hukou_division: registered.hukouDivision, residence_division: registered.residenceDivision, household_id: registered.householdId ?? null, birth_date: registered.birthDate }
      : { id_number_hash: hash, id_number_masked: maskIdNumber(idNumber), name: input.name?.trim() ?? null, hukou_division: division as string, residence_division: division as string, household_id: null, birth_date: birthDate };
    const row = await openDeath(
      trx,
      { ...values, death_date: deathDate, source: input.source, shanghai_hukou: values.hukou_division.startsWith('31'), items: itemsFor(deathDate, registered !== null), opened_at: now },
      registered ? { person_id: registered.id } : { hash },
    );
    await fileDeathReports(trx, [
      { deathId: row.id, recordedDeathDate: row.death_date, source: input.source, proofNumber: input.proofNumber?.trim() || null, deathDate: input.deathDate, note: input.note?.trim() || null, reportedBy: actor.userId },
    ]);
    await refreshCompletion(trx, row.id, now);
    return row.id;
  });
  return getDeath(deps, actor, deathId);
}

type OpenValues = {
  person_id?: number;
  id_number_hash?: Buffer;
  id_number_masked?: string;
  name?: string | null;
  birth_date: IsoDate | null;
  death_date: IsoDate;
  source: DeathSource;
  hukou_division: string;
  residence_division: string;
  shanghai_hukou: boolean;
  household_id: number | null;
  items: ChecklistItemDef[];
  /** When the checklist opened (the service's clock; the handler's is the event's time). */
  opened_at: Date;
};

/** The death's row, made by whichever comes first (a notice or the registry's event); locked for the caller. */
export async function openDeath(trx: FuneralDb, values: OpenValues, key: { person_id: number } | { hash: Buffer }): Promise<{ id: number; death_date: IsoDate }> {
  const { items, ...rest } = values;
  await trx
    .insertInto('funeral.deaths')
    .values({ ...rest, items: JSON.stringify(items) })
    .onConflict((oc) => oc.column('person_id' in key ? 'person_id' : 'id_number_hash').doNothing())
    .execute();
  const q = trx.selectFrom('funeral.deaths').select(['id', 'death_date']).forUpdate();
  return ('person_id' in key ? q.where('person_id', '=', key.person_id) : q.where('id_number_hash', '=', key.hash)).executeTakeFirstOrThrow();
}

/** The death as the actor may see it: 404 outside the jurisdiction. The names are read after the audited check. */
export async function getDeath(deps: FuneralDeps, actor: Actor, deathId: number): Promise<DeathView> {
  requirePermission(actor, 'funeral.read');
  const db = tables(deps);
  const row = await db.selectFrom('funeral.deaths').selectAll().where('id', '=', deathId).executeTakeFirst();
  const request = { permission: 'funeral.read' as const, action: 'funeral.death.read', entityType: 'death', entityId: deathId };
  if (!row) {
    await allowRead(db, actor, request);
    throw notFound('FUNERAL_DEATH_NOT_FOUND', '逝者记录不存在或不在您的辖区范围内');
  }
  await allowRead(db, actor, { ...request, divisionCodes: [row.hukou_division, row.residence_division] });
  const [view] = await deathViews(deps, actor, db, [row]);
  return view as DeathView;
}

type DeathRow = Awaited<ReturnType<typeof selectDeaths>>[number];
const selectDeaths = (db: FuneralDb) => db.selectFrom('funeral.deaths').selectAll().execute();

export async function deathViews(deps: FuneralDeps, actor: Actor, trx: FuneralDb, rows: DeathRow[]): Promise<DeathView[]> {
  const names = await deps.registry.names(
    actor,
    rows.flatMap((r) => (r.person_id === null ? [] : [r.person_id])),
    'funeral.deaths',
  );
  const notices = rows.length
    ? await trx
        .selectFrom('funeral.notices')
        .selectAll()
        .where(
          'death_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('id')
        .execute()
    : [];
  const now = deps.clock.now();
  const out: DeathView[] = [];
  for (const r of rows) {
    const checklist = await checklistOf(trx, r, now);
    out.push({
      id: r.id,
      personId: r.person_id,
      name: r.person_id === null ? (r.name ?? '（未登记）') : (names.get(r.person_id)?.name ?? `人员 ${r.person_id}`),
      idNumberMasked: r.id_number_masked,
      deathDate: r.death_date,
      source: r.source,
      hukouDivision: r.hukou_division,
      residenceDivision: r.residence_division,
      shanghaiHukou: r.shanghai_hukou,
      openedAt: r.opened_at.toISOString(),
      completedAt: r.completed_at?.toISOString() ?? null,
      notices: notices.filter((n) => n.death_id === r.id).map((n) => ({ id: n.id, source: n.source, proofNumber: n.proof_number, deathDate: n.death_date, status: n.status, note: n.note, reportedAt: n.reported_at.toISOString() })),
      checklist,
      recoverFen: checklist.reduce((n, i) => n + i.recoverFen, 0),
    });
  }
  return out;
}

export interface DeskQuery {
  status?: 'open' | 'complete' | 'all';
  limit?: number;
}

/** 身故一件事 desk: the jurisdiction's deaths, overdue checklists first, then the open ones, newest first. */
export async function listDeaths(deps: FuneralDeps, actor: Actor, query: DeskQuery = {}): Promise<{ items: DeathView[] }> {
  requirePermission(actor, 'funeral.read');
  const db = tables(deps);
  const limit = Math.min(Math.max(Number(query.limit ?? 100) || 100, 1), 500);
  await allowRead(db, actor, { permission: 'funeral.read', action: 'funeral.deaths.list', entityType: 'death_list', detail: { status: query.status ?? 'open' } });
  const prefix = jurisdictionPrefix(actor);
  let q = db
    .selectFrom('funeral.deaths')
    .selectAll()
    .where((eb) => eb.or([eb('residence_division', 'like', `${prefix}%`), eb('hukou_division', 'like', `${prefix}%`)]));
  if ((query.status ?? 'open') === 'open') q = q.where('completed_at', 'is', null);
  if (query.status === 'complete') q = q.where('completed_at', 'is not', null);
  const rows = await q.orderBy(sql`completed_at is null`, 'desc').orderBy('opened_at', 'asc').limit(limit).execute();
  const views = await deathViews(deps, actor, db, rows);
  const rank = (v: DeathView) => (v.checklist.some((i) => i.status === 'overdue') ? 0 : v.completedAt ? 2 : 1);
  return { items: views.sort((a, b) => rank(a) - rank(b) || b.deathDate.localeCompare(a.deathDate)) };
}

/** A manual item ticked with a note (who did what, where: 社保经办机构, 派出所…). */
export async function tickItem(deps: FuneralDeps, actor: Actor, deathId: number, item: string, input: { note: string }): Promise<DeathView> {
  requirePermission(actor, 'funeral.record');
  const note = String(input.note ?? '').trim();
  const db = tables(deps);
  await guardedTransaction(db, actor, async (trx, allow) => {
    const row = await trx.selectFrom('funeral.deaths').select(['id', 'items', 'hukou_division', 'residence_division']).where('id', '=', deathId).forUpdate().executeTakeFirst();
    if (!row) {
      await allow({ permission: 'funeral.record', action: 'funeral.item.tick', entityType: 'death', entityId: deathId });
      throw notFound('FUNERAL_DEATH_NOT_FOUND', '逝者记录不存在或不在您的辖区范围内');
    }
    await allow({ permission: 'funeral.record', action: 'funeral.item.tick', entityType: 'death', entityId: deathId, divisionCodes: [row.hukou_division, row.residence_division], detail: { item, note } });
    const def = row.items.find((i) => i.key === item);
    if (!def) throw notFound('FUNERAL_ITEM_NOT_FOUND', `该逝者的事项清单中没有此事项：${item}`);
    if (def.kind !== 'manual') throw conflict('FUNERAL_ITEM_AUTOMATIC', `“${def.label}”由业务系统自动办理，不能手工勾选`);
    if (!note) throw invalid('FUNERAL_NOTE_REQUIRED', '勾选事项须填写办理说明（何时、何处办结）');
    await trx
      .insertInto('funeral.ticks')
      .values({ death_id: deathId, item, note, ticked_by: actor.userId })
      .onConflict((oc) => oc.columns(['death_id', 'item']).doNothing())
      .execute();
    await refreshCompletion(trx, deathId, deps.clock.now());
  });
  return getDeath(deps, actor, deathId);
}
