import { sql, type Selectable } from 'kysely';
import { outOfJurisdictionRecord, requirePermission, type Actor } from '../access/index.js';
import {
  CIVIL_AFFAIRS_AUTHORITY,
  CIVIL_AFFAIRS_TYPE_CODES,
  checkCreditCode,
  checkCreditCodeAuthority,
  conflict,
  creditCodeProblemMessage,
  divisionPrefix,
  forbidden,
  invalid,
  isValidDate,
  isWithin,
  notFound,
  type IsoDate,
} from '../kernel/index.js';
import { parseDivisionCode, requireDivision } from './divisions.js';
import { emitEvent, guardedTransaction } from './guard.js';
import type { OrganisationView, Page, RegistryDb, RegistryTables } from './model.js';
import { decodeCursor, encodeCursor, isUniqueViolation } from './person-rows.js';

export interface NewOrganisation {
  creditCode: string;
  name: string;
  /** e.g. 社会团体, 民办非企业单位, 基金会, 养老机构, 企业. */
  kind: string;
  divisionCode: string;
  registeredOn?: IsoDate | null;
}

const toView = (row: Selectable<RegistryTables['registry.organisations']>): OrganisationView => ({
  id: row.id,
  creditCode: row.credit_code,
  name: row.name,
  kind: row.kind,
  divisionCode: row.division_code,
  registeredOn: row.registered_on,
});

/** Registers an organisation under its unified social credit code (GB 32100), checked before anything is written. */
export async function createOrganisation(db: RegistryDb, actor: Actor, input: NewOrganisation): Promise<OrganisationView> {
  const checked = checkCreditCode(input.creditCode ?? '');
  if (typeof checked === 'string') throw invalid('REGISTRY_INVALID_CREDIT_CODE', creditCodeProblemMessage[checked], { problem: checked });
  const name = (input.name ?? '').trim();
  const kind = (input.kind ?? '').trim();
  if (!name || name.length > 200) throw invalid('REGISTRY_INVALID_NAME', '机构名称不能为空，且不超过200个字符');
  if (!kind) throw invalid('REGISTRY_INVALID_KIND', '机构类型不能为空');
  const registeredOn = input.registeredOn ?? null;
  if (registeredOn !== null && !isValidDate(registeredOn)) throw invalid('REGISTRY_INVALID_DATE', `登记日期不是有效日期：${registeredOn}`);
  const divisionCode = await requireDivision(db, input.divisionCode, '机构所在', { shanghaiOnly: true });
  const authority = civilAffairsAuthorityProblem(checked.code, kind, divisionCode);
  if (authority) throw invalid('REGISTRY_CREDIT_CODE_AUTHORITY', authority.message, { position: authority.position, expected: authority.expected, actual: authority.actual });
  try {
    return await guardedTransaction(db, actor, async (trx, allow) => {
      const id = Number((await sql<{ id: number }>`select nextval('registry.organisation_id_seq') as id`.execute(trx)).rows[0].id);
      await allow({ permission: 'registry.write', action: 'registry.organisation.create', entityType: 'organisation', entityId: id, divisionCodes: [divisionCode], detail: { creditCode: checked.code } });
      const existing = await trx.selectFrom('registry.organisations').select(['id', 'division_code']).where('credit_code', '=', checked.code).executeTakeFirst();
      if (existing) throw duplicate(isWithin(existing.division_code, actor.jurisdiction) ? existing.id : undefined);
      const row = await trx.insertInto('registry.organisations').values({ id, credit_code: checked.code, name, kind, division_code: divisionCode, registered_on: registeredOn }).returningAll().executeTakeFirstOrThrow();
      await emitEvent(trx, { topic: 'registry.organisation.created', key: String(id), payload: { organisationId: id, creditCode: checked.code, divisionCode } });
      return toView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
}

/** The registry's kinds that civil affairs registers, with their GB 32100 type code under authority 5. */
const CIVIL_AFFAIRS_KINDS: Record<string, keyof typeof CIVIL_AFFAIRS_TYPE_CODES> = { 社会团体: 'social_group', 民办非企业单位: 'social_service', 社会服务机构: 'social_service', 基金会: 'foundation' };

/**
 * GB 32100 for a social organisation: authority 5, the type's code, and a registrar that could have issued it —
 * 民政部 (100000), the city bureau (310000) or, except for a foundation (基金会管理条例 第六条), the seat's district.
 * The code is for life, so an organisation recorded here may have been registered long ago: only these three are accepted.
 */
function civilAffairsAuthorityProblem(code: string, kind: string, divisionCode: string) {
  const type = CIVIL_AFFAIRS_KINDS[kind];
  if (!type) return null;
  const registrar = code.slice(2, 8);
  const allowed = type === 'foundation' ? ['100000', '310000'] : ['100000', '310000', divisionCode.slice(0, 6)];
  return checkCreditCodeAuthority(code, { authority: CIVIL_AFFAIRS_AUTHORITY, type: CIVIL_AFFAIRS_TYPE_CODES[type], registrarCode: allowed.includes(registrar) ? registrar : allowed[allowed.length - 1] });
}

const duplicate = (id?: number) => conflict('REGISTRY_DUPLICATE_CREDIT_CODE', id === undefined ? '该统一社会信用代码已登记' : `该统一社会信用代码已登记（机构编号 ${id}）`);

/** Organisations are not personal data: reads need the permission and the jurisdiction, without an audit entry. */
export async function getOrganisation(db: RegistryDb, actor: Actor, id: number): Promise<OrganisationView> {
  requirePermission(actor, 'registry.read');
  const row = await db.selectFrom('registry.organisations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('REGISTRY_ORGANISATION_NOT_FOUND', `机构 ${id} 不存在`);
  if (!isWithin(row.division_code, actor.jurisdiction)) throw outOfJurisdictionRecord();
  return toView(row);
}

export async function listOrganisations(db: RegistryDb, actor: Actor, query: { divisionCode?: string; limit?: number; cursor?: string } = {}): Promise<Page<OrganisationView>> {
  requirePermission(actor, 'registry.read');
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid('REGISTRY_INVALID_LIMIT', '每页条数须为1–500');
  const requested = query.divisionCode ? parseDivisionCode(query.divisionCode) : actor.jurisdiction;
  let scope = requested;
  if (!isWithin(requested, actor.jurisdiction)) {
    if (!isWithin(actor.jurisdiction, requested)) throw forbidden('ACCESS_OUT_OF_JURISDICTION', '所查询的区划不在您的辖区范围内');
    scope = actor.jurisdiction;
  }
  const rows = await db
    .selectFrom('registry.organisations')
    .selectAll()
    .where('division_code', 'like', divisionPrefix(scope) + '%')
    .where('id', '>', decodeCursor(query.cursor))
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return { items: page.map(toView), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].id) : null };
}
