import { sql } from 'kysely';
import { hasPermission, type AccessRequest, type Actor } from '../access/index.js';
import { checkIdNumber, conflict, divisionPrefix, idNumberProblemMessage, invalid, isWithin, maskIdNumber, normaliseIdNumber, notFound, todayInShanghai, type IsoDate, type Sex } from '../kernel/index.js';
import { parseDivisionCode, requireDivision } from './divisions.js';
import { auditable, emitEvent, guardedTransaction } from './guard.js';
import { checkUnmaskCap, DEFAULT_UNMASK_DAILY_CAP, unmaskPurposeText } from './unmask.js';
import type { IdVault } from './id-vault.js';
import { LABOR_CAPACITIES, type Disability, type LaborCapacity, type Page, type PersonView, type RegistryDb } from './model.js';
import { decodeCursor, encodeCursor, isUniqueViolation, likePrefix, revealIdNumber, selectPersons, toPersonView } from './person-rows.js';
import { validateDisability } from './person-changes.js';

export interface NewPerson {
  idNumber: string;
  name: string;
  /** Optional: derived from the ID number; when given it must agree. */
  sex?: Sex;
  birthDate?: IsoDate;
  hukouDivision: string;
  residenceDivision: string;
  disability?: Disability | null;
  laborCapacity?: LaborCapacity;
}

/** Checks a new person against GB 11643 and the division tree; returns the values to store. */
async function validateNewPerson(db: RegistryDb, input: NewPerson) {
  const parsed = checkIdNumber(input.idNumber ?? '', todayInShanghai());
  if (typeof parsed === 'string') throw invalid('REGISTRY_INVALID_ID_NUMBER', idNumberProblemMessage[parsed], { problem: parsed });
  const name = (input.name ?? '').trim();
  if (name.length === 0 || name.length > 100) throw invalid('REGISTRY_INVALID_NAME', '姓名不能为空，且不超过100个字符');
  if (input.sex !== undefined && input.sex !== parsed.sex) throw invalid('REGISTRY_SEX_MISMATCH', '性别与身份证号码不符（第17位奇数为男、偶数为女）');
  if (input.birthDate !== undefined && input.birthDate !== parsed.birthDate) {
    throw invalid('REGISTRY_BIRTH_DATE_MISMATCH', `出生日期与身份证号码不符（身份证号码中为 ${parsed.birthDate}）`);
  }
  const laborCapacity = input.laborCapacity ?? 'full';
  if (!LABOR_CAPACITIES.includes(laborCapacity)) throw invalid('REGISTRY_INVALID_LABOR_CAPACITY', '劳动能力须为 full、partial 或 none');
  const disability = input.disability ? validateDisability(input.disability) : null;
  const hukou = await requireDivision(db, input.hukouDivision ?? '', '户籍地');
  const residence = await requireDivision(db, input.residenceDivision ?? '', '居住地', { shanghaiOnly: true });
  return { parsed, name, laborCapacity, disability, hukou, residence };
}

/** 人员登记: one person with a valid, not yet registered ID number, in the actor's jurisdiction. */
export async function registerPerson(db: RegistryDb, vault: IdVault, actor: Actor, input: NewPerson): Promise<PersonView> {
  const { parsed, name, laborCapacity, disability, hukou, residence } = await validateNewPerson(db, input);
  const hash = vault.hash(parsed.idNumber);
  const masked = maskIdNumber(parsed.idNumber);
  try {
    return await guardedTransaction(db, actor, async (trx, allow) => {
      // The id is drawn first so the audit entry names the record it created.
      const id = Number((await sql<{ id: number }>`select nextval('registry.person_id_seq') as id`.execute(trx)).rows[0].id);
      await allow({ permission: 'registry.write', action: 'registry.person.create', entityType: 'person', entityId: id, divisionCodes: [hukou, residence], detail: { idNumber: masked } });
      const duplicate = await trx.selectFrom('registry.persons').select(['id', 'hukou_division', 'residence_division']).where('id_number_hash', '=', hash).executeTakeFirst();
      // The existing record's number only for a caller who may see it: otherwise the answer would point at a person elsewhere.
      if (duplicate) throw duplicatePerson([duplicate.hukou_division, duplicate.residence_division].some((code) => isWithin(code, actor.jurisdiction)) ? duplicate.id : undefined);
      await trx
        .insertInto('registry.persons')
        .values({
          id,
          id_number_hash: hash,
          id_number_enc: vault.encrypt(parsed.idNumber),
          id_number_masked: masked,
          name,
          sex: parsed.sex,
          birth_date: parsed.birthDate,
          hukou_division: hukou,
          residence_division: residence,
          death_date: null,
          disability_grade: disability?.grade ?? null,
          disability_category: disability?.category ?? null,
          labour_capacity: laborCapacity,
        })
        .execute();
      await emitEvent(trx, { topic: 'registry.person.registered', key: String(id), payload: { personId: id, hukouDivision: hukou, residenceDivision: residence } });
      return toPersonView(await selectPersons(trx).where('p.id', '=', id).executeTakeFirstOrThrow());
    });
  } catch (error) {
    // Two registrations of one number racing: the unique index decides, the loser gets the same 409.
    if (isUniqueViolation(error)) throw duplicatePerson();
    throw error;
  }
}

const duplicatePerson = (existingId?: number) => conflict('REGISTRY_DUPLICATE_ID_NUMBER', existingId === undefined ? '该身份证号码已登记' : `该身份证号码已登记（人员编号 ${existingId}）`);

export interface PersonReadOptions {
  /** Show the full ID number: needs permission `pii.reveal` and a purpose, and is audited with it. */
  revealIdNumber?: boolean;
  /** A code of UNMASK_PURPOSES (unmask.ts). */
  purpose?: string;
  /** The case or reference number behind the purpose. */
  purposeRef?: string;
  /** Full numbers one user may see per day (default DEFAULT_UNMASK_DAILY_CAP). */
  dailyCap?: number;
}

export async function getPerson(db: RegistryDb, vault: IdVault, actor: Actor, personId: number, options: PersonReadOptions = {}): Promise<PersonView> {
  const reveal = options.revealIdNumber === true;
  const purpose = reveal ? unmaskPurposeText(options.purpose, options.purposeRef) : undefined;
  // Checked before the transaction so the refusal's audit entry stays; a role without pii.reveal is refused below.
  if (reveal && purpose && hasPermission(actor.role, 'pii.reveal')) await checkUnmaskCap(auditable(db), actor, options.dailyCap ?? DEFAULT_UNMASK_DAILY_CAP, personId, purpose);
  return guardedTransaction(db, actor, async (trx, allow) => {
    const request: AccessRequest = {
      permission: reveal ? 'pii.reveal' : 'registry.read',
      action: reveal ? 'registry.person.reveal_id_number' : 'registry.person.read',
      entityType: 'person',
      entityId: personId,
      purpose,
    };
    const row = await selectPersons(trx).where('p.id', '=', personId).executeTakeFirst();
    if (!row) {
      // Permission still decides first (and a refusal is audited); the allowed entry rolls back with the 404.
      await allow(request);
      throw notFound('REGISTRY_PERSON_NOT_FOUND', `人员 ${personId} 不存在`);
    }
    await allow({ ...request, divisionCodes: [row.hukou_division, row.residence_division] });
    return toPersonView(row, reveal ? await revealIdNumber(trx, vault, personId) : undefined);
  });
}

export interface PersonQuery {
  /** 6-, 9- or 12-digit code; narrowed to the actor's jurisdiction. Default: the whole jurisdiction. */
  divisionCode?: string;
  /** A name prefix, or a full 18-character ID number (looked up by its keyed hash). */
  q?: string;
  limit?: number;
  cursor?: string;
}

const ID_NUMBER_SHAPE = /^\d{17}[\dX]$/;

/**
 * Persons whose hukou or residence lies in the (narrowed) division, in id order, a page at a time.
 * One audit entry per page names the ids it returned.
 */
export async function listPersons(db: RegistryDb, vault: IdVault, actor: Actor, query: PersonQuery = {}): Promise<Page<PersonView>> {
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid('REGISTRY_INVALID_LIMIT', '每页条数须为1–500');
  const afterId = decodeCursor(query.cursor);
  const requested = query.divisionCode ? parseDivisionCode(query.divisionCode) : undefined;
  const scope = !requested || isWithin(requested, actor.jurisdiction) ? (requested ?? actor.jurisdiction) : isWithin(actor.jurisdiction, requested) ? actor.jurisdiction : null;
  const text = query.q?.trim() ?? '';
  const idNumber = ID_NUMBER_SHAPE.test(normaliseIdNumber(text)) ? normaliseIdNumber(text) : null;
  // The audit entry says what was searched for, but never holds a full ID number.
  const searched = idNumber ? maskIdNumber(idNumber) : text || undefined;
  const request: AccessRequest = { permission: 'registry.read', action: 'registry.person.list', entityType: 'person', divisionCodes: [scope ?? requested ?? actor.jurisdiction] };

  return guardedTransaction(db, actor, async (trx, allow) => {
    if (scope === null || !hasPermission(actor.role, 'registry.read')) await allow({ ...request, detail: { divisionCode: requested, q: searched } });
    const prefix = divisionPrefix(scope ?? actor.jurisdiction);
    let select = selectPersons(trx)
      .where((eb) => eb.or([eb('p.hukou_division', 'like', prefix + '%'), eb('p.residence_division', 'like', prefix + '%')]))
      .where('p.id', '>', afterId)
      .orderBy('p.id')
      .limit(limit + 1);
    if (idNumber) select = select.where('p.id_number_hash', '=', vault.hash(idNumber));
    else if (text) select = select.where('p.name', 'like', likePrefix(text));
    const rows = await select.execute();
    const page = rows.slice(0, limit);
    await allow({ ...request, detail: { divisionCode: scope, q: searched, cursor: query.cursor, ids: page.map((r) => r.id) } });
    return { items: page.map((r) => toPersonView(r)), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].id) : null };
  });
}
