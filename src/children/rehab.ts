/**
 * 精神障碍社区康复 (reference §4.4): the district registers the providers of each street (社区康复机构 or 社会组织),
 * the street enrols the persons they serve and records when they leave. Coverage = streets (街道 + 镇 + 乡) with at
 * least one open provider serving a participant ÷ streets, against the setting `rehab.coverageTargetPercent`
 * (≥ 90 % in 2025, seed 2025 要点). A participant's record is mental-health data (PIPL art. 28): lists mask the
 * name and show no address, every read is audited, counts below 5 show as "<5" outside district staff.
 */
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { jurisdictionPrefix } from '../access/index.js';
import { conflict, divisionAncestors, divisionLevel, invalid, isValidDate, normaliseDivisionCode, notFound, recordNotFound, type IsoDate } from '../kernel/index.js';
import { maskPersonName, type RegistryTables } from '../registry/index.js';
import { tables, today, type ChildrenDeps } from './deps.js';
import { allowRead, guardedTransaction } from './guard.js';
import { REHAB_PROVIDER_KINDS, rehabProviderKindNames, type ChildrenDb, type RehabProviderKind } from './model.js';
import { personFacts } from './registry-port.js';

export interface RehabProviderView {
  id: number;
  name: string;
  kind: RehabProviderKind;
  kindName: string;
  divisionCode: string;
  divisionName: string;
  openedOn: IsoDate;
  closedOn: IsoDate | null;
  /** Persons served now ("<5" outside district staff). */
  participants: number | '<5';
}

export interface RehabParticipantView {
  id: number;
  /** Masked (王*明): no full name and no address in a list. */
  personName: string;
  providerId: number;
  providerName: string;
  divisionCode: string;
  joinedOn: IsoDate;
  leftOn: IsoDate | null;
  leaveReason: string | null;
}

const divisionNames = async (db: ChildrenDb, codes: readonly string[]): Promise<Map<string, string>> =>
  new Map(
    codes.length
      ? (
          await db
            .withTables<RegistryTables>()
            .selectFrom('registry.divisions')
            .select(['code', 'name'])
            .where('code', 'in', [...new Set(codes)])
            .execute()
        ).map((d) => [d.code, d.name])
      : [],
  );

export async function registerRehabProvider(deps: ChildrenDeps, actor: Actor, input: { name: string; kind: RehabProviderKind; divisionCode: string; openedOn: IsoDate }): Promise<{ providerId: number }> {
  if (!(REHAB_PROVIDER_KINDS as readonly string[]).includes(input.kind)) throw invalid('DISABILITY_UNKNOWN_PROVIDER_KIND', `未知的机构类型：${input.kind}`);
  const division = normaliseDivisionCode(input.divisionCode);
  if (!division) throw invalid('DISABILITY_INVALID_DIVISION', '区划代码格式错误');
  if (!isValidDate(input.openedOn)) throw invalid('DISABILITY_INVALID_DATE', '开始服务日期格式错误');
  if (input.openedOn > today(deps)) throw invalid('DISABILITY_DATE_IN_FUTURE', '开始服务日期不能晚于今天');
  if (typeof input.name !== 'string' || input.name.trim() === '') throw invalid('DISABILITY_NAME_REQUIRED', '须填写机构名称');
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'disability.decide', action: 'disability.rehab_provider.register', entityType: 'division', entityId: division, divisionCodes: [division], detail: { kind: input.kind } });
    // After the permission: who may not register hears 403, not what the right level would be.
    if (divisionLevel(division) !== 'street') throw invalid('DISABILITY_INVALID_DIVISION', '社区康复服务机构按街镇登记：须为街镇区划代码');
    const known = await trx.withTables<RegistryTables>().selectFrom('registry.divisions').select('code').where('code', '=', division).executeTakeFirst();
    if (!known) throw notFound('DISABILITY_DIVISION_NOT_FOUND', `区划 ${division} 不存在`);
    const row = await trx.insertInto('children.rehab_providers').values({ name: input.name.trim(), kind: input.kind, division_code: division, opened_on: input.openedOn, created_by: actor.userId }).returning('id').executeTakeFirstOrThrow();
    return { providerId: row.id };
  });
}

export async function listRehabProviders(deps: ChildrenDeps, actor: Actor): Promise<RehabProviderView[]> {
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'disability.read', action: 'disability.rehab_providers.list', entityType: 'division', entityId: actor.jurisdiction });
  // A committee's staff also see their street's providers (where they refer people).
  const prefix = jurisdictionPrefix(actor);
  const above = divisionAncestors(actor.jurisdiction);
  const rows = await db
    .selectFrom('children.rehab_providers')
    .selectAll()
    .where((eb) => eb.or([eb('division_code', 'like', `${prefix}%`), ...(above.length ? [eb('division_code', 'in', above)] : [])]))
    .orderBy('division_code')
    .orderBy('id')
    .execute();
  const counts = rows.length
    ? await db
        .selectFrom('children.rehab_participants')
        .select(['provider_id', (eb) => eb.fn.countAll<string>().as('n')])
        .where(
          'provider_id',
          'in',
          rows.map((r) => r.id),
        )
        .where('left_on', 'is', null)
        .groupBy('provider_id')
        .execute()
    : [];
  const suppressed = actor.role !== 'district_staff';
  const names = await divisionNames(
    db,
    rows.map((r) => r.division_code),
  );
  return rows.map((r) => {
    const n = Number(counts.find((c) => c.provider_id === r.id)?.n ?? 0);
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      kindName: rehabProviderKindNames[r.kind],
      divisionCode: r.division_code,
      divisionName: names.get(r.division_code) ?? r.division_code,
      openedOn: r.opened_on,
      closedOn: r.closed_on,
      participants: suppressed && n > 0 && n < 5 ? '<5' : n,
    };
  });
}

/** Enrol a person with a provider of a street; one open participation per person (a second is 409). */
export async function enrolRehabParticipant(deps: ChildrenDeps, actor: Actor, input: { personId: number; providerId: number; joinedOn: IsoDate }): Promise<{ participantId: number }> {
  if (!isValidDate(input.joinedOn)) throw invalid('DISABILITY_INVALID_DATE', '加入日期格式错误');
  if (input.joinedOn > today(deps)) throw invalid('DISABILITY_DATE_IN_FUTURE', '加入日期不能晚于今天');
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const request = { permission: 'disability.handle' as const, action: 'disability.rehab.enrol', entityType: 'person', entityId: input.personId, detail: { providerId: input.providerId } };
    const p = (await personFacts(trx, [input.personId])).get(input.personId);
    if (!p) {
      await allow(request);
      throw recordNotFound();
    }
    await allow({ ...request, divisionCodes: [p.residenceDivision, p.hukouDivision] });
    if (p.deathDate !== null) throw invalid('DISABILITY_PERSON_DEAD', '该人员已登记死亡');
    const provider = await trx.selectFrom('children.rehab_providers').selectAll().where('id', '=', input.providerId).executeTakeFirst();
    if (!provider) throw notFound('DISABILITY_PROVIDER_NOT_FOUND', `康复服务机构 ${input.providerId} 不存在`);
    if (provider.closed_on !== null && provider.closed_on <= input.joinedOn) throw invalid('DISABILITY_PROVIDER_CLOSED', `${provider.name}已于 ${provider.closed_on} 停止服务`);
    if (input.joinedOn < provider.opened_on) throw invalid('DISABILITY_INVALID_DATE', `加入日期不能早于${provider.name}开始服务的日期 ${provider.opened_on}`);
    const open = await trx.selectFrom('children.rehab_participants').select('id').where('person_id', '=', input.personId).where('left_on', 'is', null).executeTakeFirst();
    if (open) throw conflict('DISABILITY_REHAB_OPEN', `该人员已在社区康复服务中（编号 ${open.id}），须先登记退出`);
    const row = await trx
      .insertInto('children.rehab_participants')
      .values({ provider_id: provider.id, person_id: input.personId, division_code: provider.division_code, joined_on: input.joinedOn, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { participantId: row.id };
  });
}

export async function leaveRehab(deps: ChildrenDeps, actor: Actor, participantId: number, input: { leftOn: IsoDate; reason: string }): Promise<void> {
  if (!isValidDate(input.leftOn)) throw invalid('DISABILITY_INVALID_DATE', '退出日期格式错误');
  if (input.leftOn > today(deps)) throw invalid('DISABILITY_DATE_IN_FUTURE', '退出日期不能晚于今天');
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const request = { permission: 'disability.handle' as const, action: 'disability.rehab.leave', entityType: 'rehab_participant', entityId: participantId };
    const row = await trx.selectFrom('children.rehab_participants').selectAll().where('id', '=', participantId).forUpdate().executeTakeFirst();
    if (!row) {
      await allow(request);
      throw recordNotFound();
    }
    await allow({ ...request, divisionCodes: [row.division_code] });
    if (row.left_on !== null) throw conflict('DISABILITY_REHAB_LEFT', `已于 ${row.left_on} 退出`);
    if (input.leftOn < row.joined_on) throw invalid('DISABILITY_INVALID_DATE', `退出日期不能早于加入日期 ${row.joined_on}`);
    await trx.updateTable('children.rehab_participants').set({ left_on: input.leftOn, leave_reason: input.reason }).where('id', '=', participantId).execute();
  });
}

export async function listRehabParticipants(deps: ChildrenDeps, actor: Actor): Promise<RehabParticipantView[]> {
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'disability.read', action: 'disability.rehab_participants.list', entityType: 'division', entityId: actor.jurisdiction });
  const rows = await db
    .selectFrom('children.rehab_participants as r')
    .innerJoin('children.rehab_providers as p', 'p.id', 'r.provider_id')
    .select(['r.id', 'r.person_id', 'r.provider_id', 'p.name as provider_name', 'r.division_code', 'r.joined_on', 'r.left_on', 'r.leave_reason'])
    .where('r.division_code', 'like', `${jurisdictionPrefix(actor)}%`)
    // Those served now first, then those who left.
    .orderBy(sql`r.left_on is not null`)
    .orderBy('r.id')
    .limit(5000)
    .execute();
  const persons = await personFacts(
    db,
    rows.map((r) => r.person_id),
  );
  return rows.map((r) => ({
    id: r.id,
    personName: maskPersonName(persons.get(r.person_id)?.name ?? ''),
    providerId: r.provider_id,
    providerName: r.provider_name,
    divisionCode: r.division_code,
    joinedOn: r.joined_on,
    leftOn: r.left_on,
    leaveReason: r.leave_reason,
  }));
}

export interface RehabCoverage {
  streets: number;
  /** Streets with an open provider serving at least one participant on the day. */
  covered: number;
  percent: number | null;
  targetPercent: number;
  met: boolean;
  providers: number;
  participants: number | '<5';
  baseline2024Percent: number;
}

/** Coverage on the day within a division prefix (the whole city for the city's staff). */
export async function rehabCoverage(db: ChildrenDb, prefix: string, on: IsoDate, targetPercent: number, suppressed: boolean): Promise<RehabCoverage> {
  const providers = await db
    .selectFrom('children.rehab_providers')
    .select(['id', 'division_code'])
    .where('division_code', 'like', `${prefix}%`)
    .where('opened_on', '<=', on)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>', on)]))
    .execute();
  const serving = providers.length
    ? await db
        .selectFrom('children.rehab_participants')
        .select(['provider_id', 'person_id'])
        .where(
          'provider_id',
          'in',
          providers.map((p) => p.id),
        )
        .where('joined_on', '<=', on)
        .where((eb) => eb.or([eb('left_on', 'is', null), eb('left_on', '>', on)]))
        .execute()
    : [];
  const withParticipants = new Set(serving.map((s) => s.provider_id));
  const coveredStreets = new Set(providers.filter((p) => withParticipants.has(p.id)).map((p) => p.division_code));
  const streets = await db.withTables<RegistryTables>().selectFrom('registry.divisions').select('code').where('level', '=', 'street').where('valid_to', 'is', null).where('code', 'like', `${prefix}%`).execute();
  const covered = streets.filter((s) => coveredStreets.has(s.code)).length;
  const percent = streets.length ? Math.round((covered / streets.length) * 1000) / 10 : null;
  const people = new Set(serving.map((s) => s.person_id)).size;
  return {
    streets: streets.length,
    covered,
    percent,
    targetPercent,
    met: percent !== null && percent >= targetPercent,
    providers: providers.length,
    participants: suppressed && people > 0 && people < 5 ? '<5' : people,
    baseline2024Percent: 65,
  };
}
