/**
 * Registration (登记) as an append-only action log: every step appends to socialorg.actions and rewrites the
 * organisation's derived columns (status, clocks) in the same transaction, with an optimistic version check.
 * Establishment creates the registry record other modules read; change renames it; the end closes it.
 */
import { sql } from 'kysely';
import { requirePermission, type Actor } from '../access/index.js';
import {
  addDays,
  addMonthsToDate,
  addWorkingDays,
  CIVIL_AFFAIRS_AUTHORITY,
  CIVIL_AFFAIRS_TYPE_CODES,
  checkCreditCode,
  checkCreditCodeAuthority,
  creditCodeProblemMessage,
  creditCodeProblemPosition,
  invalid,
  isValidDate,
  normaliseDivisionCode,
  recordNotFound,
  type IsoDate,
} from '../kernel/index.js';
import { closeOrganisationRecord, insertOrganisationRecord, SHANGHAI_CITY, SHANGHAI_DISTRICTS, updateOrganisationRecord, type RegistryTables } from '../registry/index.js';
import { tables, today, type SocialorgDeps } from './deps.js';
import { emitEvent, guardedTransaction } from './guard.js';
import { raiseEntry } from './credit-lists.js';
import { DIRECT_CATEGORIES, registryKinds, REVOCATION_REASONS, revocationReasonNames, type ActionKind, type DirectCategory, type Level, type Mode, type OrgType, type RevocationReason, type SocialorgDb, type Status } from './model.js';
import { nameProblems, type NameProblem } from './names.js';
import { checkStep, establishmentProblems, ruleBreach, type EstablishmentFacts } from './rules.js';
import { loadSettings, type SocialorgSettings } from './settings.js';
import { toView, type OrganisationView, type OrgRow } from './views.js';

export const CITY_REGISTRAR = SHANGHAI_CITY.code;

export interface NameApplication {
  orgType: OrgType;
  name: string;
  level: Level;
  /** The seat: a 12-digit Shanghai division code (a district's registrar is the seat's district). */
  divisionCode: string;
  mode: Mode;
  directCategory?: DirectCategory | null;
  supervisorUnit?: string | null;
  foundationKind?: 'public' | 'non_public' | null;
  onDate?: IsoDate;
}

export function registrarOf(level: Level, divisionCode: string): string {
  return level === 'city' ? CITY_REGISTRAR : `${divisionCode.slice(0, 6)}000000`;
}

function checkApplication(input: NameApplication): { divisionCode: string; registrarDivision: string; districtCode: string } {
  const divisionCode = normaliseDivisionCode(input.divisionCode ?? '');
  const districtCode = divisionCode ? `${divisionCode.slice(0, 6)}000000` : '';
  if (!divisionCode || !SHANGHAI_DISTRICTS.some((d) => d.code === districtCode)) throw invalid('SOCIALORG_INVALID_DIVISION', `住所所在区划代码无效或不在本市：${input.divisionCode}`);
  if (input.orgType === 'foundation' && input.level !== 'city') throw ruleBreach('SOCIALORG_FOUNDATION_CITY_ONLY', '基金会只能由市民政局登记（《基金会管理条例》第六条），不能由区登记管理机关登记');
  if (input.orgType === 'foundation' && !input.foundationKind) throw invalid('SOCIALORG_FOUNDATION_KIND_REQUIRED', '须说明基金会为公募或非公募');
  if (input.mode === 'dual' && !input.supervisorUnit?.trim()) throw invalid('SOCIALORG_SUPERVISOR_REQUIRED', '双重管理的社会组织须填写业务主管单位');
  if (input.mode === 'direct' && !(input.directCategory && (DIRECT_CATEGORIES as readonly string[]).includes(input.directCategory))) {
    throw invalid('SOCIALORG_DIRECT_CATEGORY_REQUIRED', '直接登记须属于行业协会商会类、科技类、公益慈善类或城乡社区服务类之一（沪民规〔2024〕5号）');
  }
  return { divisionCode, registrarDivision: registrarOf(input.level, divisionCode), districtCode };
}

function nameRefusal(problems: NameProblem[]) {
  return ruleBreach('SOCIALORG_NAME_REFUSED', `名称未通过核准：${problems.map((p) => p.message).join('；')}`, { problems });
}

/** 名称预核 without storing anything: the public and the registrar see the same answer. */
export async function checkName(deps: SocialorgDeps, input: NameApplication): Promise<{ acceptable: boolean; problems: NameProblem[] }> {
  const { registrarDivision } = checkApplication(input);
  const on = input.onDate ?? today(deps);
  const problems = await nameProblems(tables(deps), { name: input.name, orgType: input.orgType, level: input.level, registrarDivision }, await loadSettings(tables(deps), on));
  return { acceptable: problems.length === 0, problems };
}

/** The name approved (名称核准): the organisation's file opens; every later step is an action on it. */
export async function approveName(deps: SocialorgDeps, actor: Actor, input: NameApplication): Promise<OrganisationView> {
  const { divisionCode, registrarDivision, districtCode } = checkApplication(input);
  const on = input.onDate ?? today(deps);
  if (!isValidDate(on)) throw invalid('SOCIALORG_INVALID_DATE', `日期无效：${on}`);
  const name = input.name.trim();
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'socialorg.register', action: 'socialorg.name.approve', entityType: 'socialorg', divisionCodes: [registrarDivision], detail: { name, orgType: input.orgType } });
    const settings = await loadSettings(trx, on);
    // One name check at a time per registrar: two desks cannot approve the same name in parallel.
    await sql`select pg_advisory_xact_lock(hashtext(${`socialorg.name:${registrarDivision}`}))`.execute(trx);
    const problems = await nameProblems(trx, { name, orgType: input.orgType, level: input.level, registrarDivision }, settings);
    if (problems.length) throw nameRefusal(problems);
    const row = await trx
      .insertInto('socialorg.organisations')
      .values({
        org_type: input.orgType,
        name,
        level: input.level,
        registrar_division: registrarDivision,
        division_code: divisionCode,
        district_code: districtCode,
        mode: input.mode,
        direct_category: input.mode === 'direct' ? (input.directCategory ?? null) : null,
        supervisor_unit: input.mode === 'dual' ? (input.supervisorUnit?.trim() ?? null) : null,
        foundation_kind: input.orgType === 'foundation' ? (input.foundationKind ?? null) : null,
        status: 'name_approved',
        pending_kind: null,
        pending_due: null,
        preparation_ends: null,
        credit_code: null,
        registry_id: null,
        registered_on: null,
        ended_on: null,
        end_reason: null,
        charity_since: null,
        fundraising_since: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAction(trx, actor, Number(row.id), 'name_check', on, null, { name }, null);
    return toView(row);
  });
}

export interface StepInput {
  onDate?: IsoDate;
  reason?: string | null;
  /** A retried request with the same key does nothing the second time. */
  requestKey?: string | null;
  /** The version the desk saw (optimistic check); omitted by jobs. */
  version?: number;
  establishment?: EstablishmentFacts;
  creditCode?: string;
  change?: { name?: string; divisionCode?: string; supervisorUnit?: string; fundsFen?: number };
  revocationReason?: RevocationReason;
}

async function appendAction(trx: SocialorgDb, actor: Actor | null, organisationId: number, action: ActionKind, on: IsoDate, reason: string | null, payload: Record<string, unknown>, requestKey: string | null) {
  await trx
    .insertInto('socialorg.actions')
    .values({ organisation_id: organisationId, action, on_date: on, reason, payload: JSON.stringify(payload), actor_id: actor?.userId ?? null, actor_username: actor?.username ?? null, request_key: requestKey })
    .execute();
}

const PERMISSION_OF: Record<Exclude<ActionKind, 'name_check'>, 'socialorg.register'> = {
  prepare_apply: 'socialorg.register',
  prepare_approve: 'socialorg.register',
  establish_apply: 'socialorg.register',
  establish: 'socialorg.register',
  reject: 'socialorg.register',
  change: 'socialorg.register',
  liquidate: 'socialorg.register',
  deregister: 'socialorg.register',
  revoke: 'socialorg.register',
  charity_recognise: 'socialorg.register',
  charity_withdraw: 'socialorg.register',
  fundraising_grant: 'socialorg.register',
  charity_apply: 'socialorg.register',
  charity_refuse: 'socialorg.register',
  fundraising_apply: 'socialorg.register',
  fundraising_refuse: 'socialorg.register',
};

type Patch = Partial<Omit<OrgRow, 'id' | 'created_at'>>;

function decisionDays(org: OrgRow, settings: SocialorgSettings): number {
  if (org.org_type === 'social_group') return settings.num('clock.groupEstablishDays');
  return settings.num(org.org_type === 'social_service' ? 'clock.serviceEstablishDays' : 'clock.foundationEstablishDays');
}

function checkCode(org: OrgRow, raw: string | undefined): string {
  const checked = checkCreditCode(raw ?? '');
  if (typeof checked === 'string') throw invalid('SOCIALORG_INVALID_CREDIT_CODE', creditCodeProblemMessage[checked], { position: creditCodeProblemPosition[checked] });
  const problem = checkCreditCodeAuthority(checked.code, { authority: CIVIL_AFFAIRS_AUTHORITY, type: CIVIL_AFFAIRS_TYPE_CODES[org.org_type], registrarCode: org.registrar_division.slice(0, 6) });
  if (problem) throw invalid('SOCIALORG_CREDIT_CODE_AUTHORITY', problem.message, { position: problem.position, expected: problem.expected, actual: problem.actual });
  return checked.code;
}

/** One step on an organisation's file. Bad input → 400, a rule breach → 409, both before anything is written. */
export async function takeStep(deps: SocialorgDeps, actor: Actor, organisationId: number, action: Exclude<ActionKind, 'name_check'>, input: StepInput = {}): Promise<OrganisationView> {
  const on = input.onDate ?? today(deps);
  if (!isValidDate(on)) throw invalid('SOCIALORG_INVALID_DATE', `日期无效：${on}`);
  const db = tables(deps);
  // A role without the permission is refused before anything is looked up (no existence oracle).
  requirePermission(actor, PERMISSION_OF[action]);
  const seen = await db.selectFrom('socialorg.organisations').select(['registrar_division']).where('id', '=', organisationId).executeTakeFirst();
  if (!seen) throw recordNotFound();
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: PERMISSION_OF[action], action: `socialorg.${action}`, entityType: 'socialorg', entityId: organisationId, divisionCodes: [seen.registrar_division], detail: { onDate: on } });
    if (input.requestKey) {
      const done = await trx.selectFrom('socialorg.actions').select('seq').where('request_key', '=', input.requestKey).where('organisation_id', '=', organisationId).executeTakeFirst();
      if (done) return toView(await trx.selectFrom('socialorg.organisations').selectAll().where('id', '=', organisationId).executeTakeFirstOrThrow());
    }
    const org = await trx.selectFrom('socialorg.organisations').selectAll().where('id', '=', organisationId).forUpdate().executeTakeFirstOrThrow();
    if (input.version !== undefined && input.version !== org.version) throw ruleBreach('SOCIALORG_STALE', '该组织的登记信息已被他人更新，请刷新后重试');
    const settings = await loadSettings(trx, on);
    const grade = action.startsWith('fundraising') ? await gradeInForce(trx, organisationId, on) : null;
    checkStep(org, action, on, settings, grade);
    const { patch, payload } = await stepPatch(trx, actor, org, action, on, input, settings);
    await appendAction(trx, actor, organisationId, action, on, input.reason?.trim() || null, payload, input.requestKey ?? null);
    const row = await trx
      .updateTable('socialorg.organisations')
      .set({ ...patch, version: org.version + 1 })
      .where('id', '=', organisationId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await emitEvent(trx, { topic: `socialorg.organisation.${action}`, key: String(organisationId), payload: { organisationId, action, onDate: on, creditCode: row.credit_code } });
    return toView(row);
  });
}

async function stepPatch(trx: SocialorgDb, actor: Actor, org: OrgRow, action: Exclude<ActionKind, 'name_check'>, on: IsoDate, input: StepInput, settings: SocialorgSettings): Promise<{ patch: Patch; payload: Record<string, unknown> }> {
  const registry = trx.withTables<RegistryTables>();
  switch (action) {
    case 'prepare_apply':
      return { patch: { status: 'preparation_applied', pending_kind: 'preparation', pending_due: addDays(on, settings.num('clock.preparationDecisionDays')) }, payload: {} };
    case 'prepare_approve':
      return { patch: { status: 'preparing', pending_kind: null, pending_due: null, preparation_ends: addMonthsToDate(on, settings.num('clock.preparationMonths')) }, payload: {} };
    case 'establish_apply': {
      const facts = input.establishment;
      if (!facts || !Number.isSafeInteger(facts.fundsFen) || facts.fundsFen < 0) throw invalid('SOCIALORG_ESTABLISHMENT_REQUIRED', '须填写会员、资金、住所和业务主管单位意见');
      const problems = establishmentProblems(org, facts, settings);
      if (problems.length) throw ruleBreach('SOCIALORG_CONDITIONS_NOT_MET', `不符合成立条件：${problems.join('；')}`, { problems });
      return { patch: { status: 'establishment_applied', funds_fen: facts.fundsFen, pending_kind: 'establishment', pending_due: addDays(on, decisionDays(org, settings)) }, payload: { ...facts } };
    }
    case 'establish': {
      const code = checkCode(org, input.creditCode);
      const registryId = await insertOrganisationRecord(registry, { creditCode: code, name: org.name, kind: registryKinds[org.org_type], divisionCode: org.division_code, registeredOn: on });
      return { patch: { status: 'registered', credit_code: code, registry_id: registryId, registered_on: on, pending_kind: null, pending_due: null, preparation_ends: null }, payload: { creditCode: code, registryId } };
    }
    case 'reject': {
      if (!input.reason?.trim()) throw invalid('SOCIALORG_REASON_REQUIRED', '不予登记须书面说明理由');
      return { patch: { status: 'rejected', pending_kind: null, pending_due: null, ended_on: on, end_reason: input.reason.trim() }, payload: {} };
    }
    case 'change': {
      const change = input.change ?? {};
      const patch: Patch = {};
      if (change.name !== undefined && change.name.trim() !== org.name) {
        const problems = await nameProblems(trx, { name: change.name.trim(), orgType: org.org_type, level: org.level, registrarDivision: org.registrar_division }, settings, Number(org.id));
        if (problems.length) throw nameRefusal(problems);
        patch.name = change.name.trim();
      }
      if (change.divisionCode !== undefined) {
        const code = normaliseDivisionCode(change.divisionCode);
        if (!code || !SHANGHAI_DISTRICTS.some((d) => d.code === `${code.slice(0, 6)}000000`)) throw invalid('SOCIALORG_INVALID_DIVISION', `住所所在区划代码无效：${change.divisionCode}`);
        // A district registrar's organisation moving to another district changes registrar: that is a transfer, not a change.
        if (org.level === 'district' && code.slice(0, 6) !== org.district_code.slice(0, 6)) throw ruleBreach('SOCIALORG_CROSS_DISTRICT', '区级登记的社会组织住所迁往他区，须在迁入地重新登记');
        patch.division_code = code;
        patch.district_code = `${code.slice(0, 6)}000000`;
      }
      if (change.supervisorUnit !== undefined) {
        if (org.mode === 'direct') throw ruleBreach('SOCIALORG_DIRECT_NO_SUPERVISOR', '直接登记的社会组织没有业务主管单位');
        patch.supervisor_unit = change.supervisorUnit.trim();
      }
      if (change.fundsFen !== undefined) {
        if (!Number.isSafeInteger(change.fundsFen) || change.fundsFen < 0) throw invalid('SOCIALORG_INVALID_AMOUNT', '资金须为非负整数（分）');
        patch.funds_fen = change.fundsFen;
      }
      if (Object.keys(patch).length === 0) throw invalid('SOCIALORG_NOTHING_TO_CHANGE', '未填写任何变更事项');
      await updateOrganisationRecord(registry, org.registry_id as number, { name: patch.name, divisionCode: patch.division_code });
      return { patch, payload: { before: { name: org.name, divisionCode: org.division_code, supervisorUnit: org.supervisor_unit, fundsFen: Number(org.funds_fen) }, change } };
    }
    case 'liquidate':
      return { patch: { status: 'liquidating' }, payload: {} };
    case 'deregister':
      await closeOrganisationRecord(registry, org.registry_id as number, on, '注销登记');
      return { patch: { status: 'deregistered', ended_on: on, end_reason: input.reason?.trim() || '注销登记' }, payload: {} };
    case 'revoke': {
      const reason = input.revocationReason;
      if (!reason || !(REVOCATION_REASONS as readonly string[]).includes(reason)) throw invalid('SOCIALORG_REVOCATION_REASON', `须选择撤销理由：${REVOCATION_REASONS.map((r) => revocationReasonNames[r]).join('、')}`);
      await closeOrganisationRecord(registry, org.registry_id as number, on, revocationReasonNames[reason]);
      // 民政部令第60号: revocation (吊销/撤销成立登记) puts the organisation on the 严重违法失信名单.
      await raiseEntry(trx, actor, {
        organisationId: Number(org.id),
        reason: 'revoked',
        list: 'serious',
        basis: '民政部令第60号第十六条：被撤销登记或者吊销登记证书',
        evidence: revocationReasonNames[reason],
        listedOn: on,
        sourceKey: `revoke:${org.id}`,
      });
      return { patch: { status: 'revoked', ended_on: on, end_reason: revocationReasonNames[reason] }, payload: { revocationReason: reason } };
    }
    case 'charity_apply':
      return { patch: { pending_kind: 'charity', pending_due: addWorkingDays(on, settings.num('charity.decisionWorkingDays')) }, payload: {} };
    case 'fundraising_apply':
      return { patch: { pending_kind: 'fundraising', pending_due: addWorkingDays(on, settings.num('charity.decisionWorkingDays')) }, payload: {} };
    case 'charity_refuse':
    case 'fundraising_refuse':
      // 慈善法 第十条: a refusal gives written reasons.
      if (!input.reason?.trim()) throw invalid('SOCIALORG_REASON_REQUIRED', '不予认定或不予公开募捐资格须书面说明理由');
      return { patch: { pending_kind: null, pending_due: null }, payload: {} };
    case 'charity_recognise':
      return { patch: { charity_since: on, ...(org.pending_kind === 'charity' ? { pending_kind: null, pending_due: null } : {}) }, payload: {} };
    case 'charity_withdraw':
      if (!input.reason?.trim()) throw invalid('SOCIALORG_REASON_REQUIRED', '撤销慈善组织认定须书面说明理由');
      return { patch: { charity_since: null, fundraising_since: null }, payload: {} };
    case 'fundraising_grant':
      return { patch: { fundraising_since: on, ...(org.pending_kind === 'fundraising' ? { pending_kind: null, pending_due: null } : {}) }, payload: {} };
  }
}

/** The grade in force on a day (for the 3A+ switch of 公开募捐资格). */
async function gradeInForce(trx: SocialorgDb, organisationId: number, on: IsoDate): Promise<number | null> {
  const row = await trx
    .selectFrom('socialorg.grades')
    .select('grade')
    .where('organisation_id', '=', organisationId)
    .where('evaluated_on', '<=', on)
    .where('valid_until', '>=', on)
    .where('expired_on', 'is', null)
    .orderBy('evaluated_on', 'desc')
    .executeTakeFirst();
  return row ? row.grade : null;
}

export const isEnded = (status: Status) => status === 'deregistered' || status === 'revoked' || status === 'rejected';
