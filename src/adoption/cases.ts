/**
 * 收养登记申请 (the case): opened by a registrar of the office when the applicants qualify on the day (民法典第1093–1102条,
 * rules.ts), then the 收养评估 — visits, findings and a conclusion, each with its assessor — and, for a child whose
 * parents cannot be found, the 公告. A case is an append-only log (adoption.actions); its state is derived from it.
 */
import { requirePermission, type Actor } from '../access/index.js';
import type { Selectable } from 'kysely';
import { addDays, ageOn, DomainError, invalid, isValidDate, notFound, type IsoDate } from '../kernel/index.js';
import { tables, today, type AdoptionDeps } from './deps.js';
import { guardedTransaction, NOWHERE } from './guard.js';
import { ACTION_LABELS, CASE_STATE_LABELS, CHILD_KIND_LABELS, SENDER_KIND_LABELS, type ActionKind, type AdoptionDb, type AdoptionTables, type CaseState, type ChildKind, type SenderKind } from './model.js';
import { officeOfActor, offices } from './offices.js';
import { sealId, type SealedId } from './parties.js';
import { lookupParties } from './registry-port.js';
import { checkEligibility, type RuleResult } from './rules.js';
import { loadSettings, type AdoptionSettings } from './settings.js';

export interface ApplicantsInput {
  child: { idNumber: string; name: string; kind: ChildKind; disabled: boolean; inWelfareInstitution: boolean };
  adopters: { idNumber: string; name: string }[];
  singleAdopterHasSpouse: boolean;
  /** Children the adopters declare (birth and adopted); the registry's links and this registry's adoptions are counted too. */
  declaredChildren: number;
  sender: { kind: SenderKind; name: string };
  requestKey?: string;
}

export interface Prepared {
  child: SealedId & { name: string };
  adopters: (SealedId & { name: string })[];
  personIds: { child: number | null; adopters: (number | null)[] };
  childParents: { fatherId: number | null; motherId: number | null };
  linkedChildren: number;
}

const trimmed = (text: string, label: string, max = 50) => {
  const t = (text ?? '').trim();
  if (!t || t.length > max) throw invalid('ADOPTION_INVALID_NAME', `${label}不能为空，且不超过${max}个字符`);
  return t;
};

/** The parties' ID numbers checked and the registry read (before any transaction: the registry audits its own reads). */
export async function prepareApplicants(deps: AdoptionDeps, input: ApplicantsInput, on: IsoDate): Promise<Prepared> {
  if (!Array.isArray(input.adopters) || input.adopters.length < 1 || input.adopters.length > 2) throw invalid('ADOPTION_ADOPTERS', '收养人须为一人，或夫妻二人共同收养');
  if (!Number.isInteger(input.declaredChildren) || input.declaredChildren < 0 || input.declaredChildren > 20) throw invalid('ADOPTION_INVALID_CHILDREN', '收养人已有子女数须为0至20之间的整数');
  const child = { ...sealId(deps.vault, input.child.idNumber, on, '被收养人'), name: trimmed(input.child.name, '被收养人姓名') };
  const adopters = input.adopters.map((a, i) => ({ ...sealId(deps.vault, a.idNumber, on, `收养人${i + 1}`), name: trimmed(a.name, '收养人姓名') }));
  if (adopters.some((a) => a.hash.equals(child.hash))) throw invalid('ADOPTION_SAME_PERSON', '收养人与被收养人不能为同一人');
  if (adopters.length === 2 && adopters[0].hash.equals(adopters[1].hash)) throw invalid('ADOPTION_SAME_PERSON', '共同收养的两名收养人不能为同一人');
  if (adopters.length === 2 && adopters[0].sex === adopters[1].sex) throw invalid('ADOPTION_NOT_SPOUSES', '共同收养的收养人须为夫妻（一男一女）');
  trimmed(input.sender.name, '送养人名称', 100);
  const known = await lookupParties(
    deps.db,
    deps.vault,
    child.idNumber,
    adopters.map((a) => a.idNumber),
    'adoption.check',
  );
  return {
    child,
    adopters,
    personIds: { child: known.persons.get(child.idNumber)?.id ?? null, adopters: adopters.map((a) => known.persons.get(a.idNumber)?.id ?? null) },
    childParents: known.childParents,
    linkedChildren: known.linkedChildren,
  };
}

/** Adoptions registered (and not dissolved) for any of these adopters, by ID hash. */
export async function adoptedBy(db: AdoptionDb, hashes: readonly Buffer[]): Promise<number> {
  const rows = await db
    .selectFrom('adoption.cases as c')
    .innerJoin('adoption.adoptions as a', 'a.case_id', 'c.id')
    .select('c.id')
    .where('a.dissolved_on', 'is', null)
    .where((eb) => eb.or([eb('c.adopter1_hash', 'in', [...hashes]), eb('c.adopter2_hash', 'in', [...hashes])]))
    .execute();
  return rows.length;
}

export function eligibilityOf(input: Pick<ApplicantsInput, 'child' | 'singleAdopterHasSpouse' | 'sender'>, p: Prepared, children: number, adopted: number, on: IsoDate, s: AdoptionSettings): RuleResult[] {
  return checkEligibility(
    {
      on,
      child: { birthDate: p.child.birthDate, sex: p.child.sex, kind: input.child.kind, disabled: input.child.disabled, inWelfareInstitution: input.child.inWelfareInstitution },
      adopters: p.adopters.map((a) => ({ name: a.name, birthDate: a.birthDate, sex: a.sex })),
      singleAdopterHasSpouse: p.adopters.length === 1 && input.singleAdopterHasSpouse,
      children,
      adopted,
      sender: input.sender.kind,
    },
    s,
  );
}

export function refusal(code: string, verb: string, results: RuleResult[]) {
  const failed = results.filter((r) => r.outcome === 'fail');
  return new DomainError('conflict', code, `${verb}：${failed.map((r) => `${r.message}（${r.rule}）`).join('；')}`, { checks: results });
}

/** 收养条件核查: the rules on the day, nothing written but the audit entry. */
export async function checkApplicants(deps: AdoptionDeps, actor: Actor, input: ApplicantsInput): Promise<RuleResult[]> {
  requirePermission(actor, 'adoption.register');
  const on = today(deps);
  const office = await officeOfActor(deps.db, actor);
  const p = await prepareApplicants(deps, input, on);
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'adoption.register', action: 'adoption.check', entityType: 'adoption_office', entityId: office.id, divisionCodes: [office.districtCode], detail: { child: p.child.masked } });
    const adopted = await adoptedBy(
      trx,
      p.adopters.map((a) => a.hash),
    );
    return eligibilityOf(input, p, Math.max(input.declaredChildren, p.linkedChildren, adopted), adopted, on, await loadSettings(trx, on));
  });
}

export async function openCase(deps: AdoptionDeps, actor: Actor, input: ApplicantsInput): Promise<CaseView> {
  requirePermission(actor, 'adoption.register');
  const on = today(deps);
  const office = await officeOfActor(deps.db, actor);
  const p = await prepareApplicants(deps, input, on);
  const id = await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'adoption.register', action: 'adoption.case.open', entityType: 'adoption_office', entityId: office.id, divisionCodes: [office.districtCode], detail: { child: p.child.masked } });
    if (input.requestKey) {
      const done = await trx.selectFrom('adoption.cases').select('id').where('request_key', '=', input.requestKey).executeTakeFirst();
      if (done) return done.id;
    }
    const adopted = await adoptedBy(
      trx,
      p.adopters.map((a) => a.hash),
    );
    const children = Math.max(input.declaredChildren, p.linkedChildren, adopted);
    const results = eligibilityOf(input, p, children, adopted, on, await loadSettings(trx, on));
    if (results.some((r) => r.outcome === 'fail')) throw refusal('ADOPTION_NOT_ELIGIBLE', '不予受理', results);
    const [a1, a2] = p.adopters;
    const row = await trx
      .insertInto('adoption.cases')
      .values({
        office_id: office.id,
        district_code: office.districtCode,
        opened_on: on,
        opened_by: actor.userId,
        request_key: input.requestKey ?? null,
        child_hash: p.child.hash,
        child_enc: p.child.enc,
        child_masked: p.child.masked,
        child_name: p.child.name,
        child_birth: p.child.birthDate,
        child_sex: p.child.sex,
        child_person_id: p.personIds.child,
        child_kind: input.child.kind,
        child_disabled: input.child.disabled,
        child_in_welfare_institution: input.child.inWelfareInstitution,
        adopter1_hash: a1.hash,
        adopter1_enc: a1.enc,
        adopter1_masked: a1.masked,
        adopter1_name: a1.name,
        adopter1_birth: a1.birthDate,
        adopter1_sex: a1.sex,
        adopter1_person_id: p.personIds.adopters[0],
        adopter2_hash: a2?.hash ?? null,
        adopter2_enc: a2?.enc ?? null,
        adopter2_masked: a2?.masked ?? null,
        adopter2_name: a2?.name ?? null,
        adopter2_birth: a2?.birthDate ?? null,
        adopter2_sex: a2?.sex ?? null,
        adopter2_person_id: a2 ? p.personIds.adopters[1] : null,
        adopters_children: children,
        sender_kind: input.sender.kind,
        sender_name: input.sender.name.trim(),
        birth_father_person_id: p.childParents.fatherId,
        birth_mother_person_id: p.childParents.motherId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAction(trx, row.id, 'opened', on, actor, { checks: results.map((r) => ({ check: r.check, message: r.message })) });
    return row.id;
  });
  return getCase(deps, actor, id);
}

export async function appendAction(trx: AdoptionDb, caseId: number, kind: ActionKind, on: IsoDate, actor: Actor, detail: Record<string, unknown>): Promise<void> {
  await trx
    .insertInto('adoption.actions')
    .values({ case_id: caseId, kind, on_day: on, detail: JSON.stringify(detail), actor_id: actor.userId, actor_name: actor.displayName })
    .execute();
}

type CaseRow = Selectable<AdoptionTables['adoption.cases']>;
type ActionRow = Selectable<AdoptionTables['adoption.actions']>;

export interface Announcement {
  announcedOn: IsoDate;
  /** The 60th day counted from the day after the announcement (民法典第201条: 开始的当日不计入). */
  lastDay: IsoDate;
  /** The first day registration is possible: the period has run out unclaimed (满60日). */
  registrableFrom: IsoDate;
}

export function announcementOf(actions: readonly Pick<ActionRow, 'kind' | 'on_day'>[], days: number): Announcement | null {
  const last = [...actions].reverse().find((a) => a.kind === 'announced');
  if (!last) return null;
  return { announcedOn: last.on_day, lastDay: addDays(last.on_day, days), registrableFrom: addDays(last.on_day, days + 1) };
}

/** The state from the log and the day. */
export function stateOf(kind: ChildKind, actions: readonly Pick<ActionRow, 'kind' | 'on_day' | 'detail'>[], on: IsoDate, s: AdoptionSettings): CaseState {
  const kinds = actions.map((a) => a.kind);
  if (kinds.includes('dissolved')) return 'dissolved';
  if (kinds.includes('registered')) return 'registered';
  if (kinds.includes('refused')) return 'refused';
  const conclusion = [...actions].reverse().find((a) => a.kind === 'conclusion');
  if (!conclusion && s.assessmentRequired) return 'assessing';
  if (conclusion && (conclusion.detail as { suitable?: boolean }).suitable !== true) return 'unsuitable';
  if (kind === 'parents_unknown') {
    const a = announcementOf(actions, s.announcementDays);
    if (!a || on < a.registrableFrom) return 'announcing';
  }
  return 'ready';
}

export interface CaseView {
  id: number;
  officeId: number;
  officeName: string;
  openedOn: IsoDate;
  state: CaseState;
  stateLabel: string;
  child: { name: string; idNumber: string; birthDate: IsoDate; sex: string; age: number; kind: ChildKind; kindLabel: string; disabled: boolean; inWelfareInstitution: boolean };
  adopters: { name: string; idNumber: string; birthDate: IsoDate; sex: string; age: number }[];
  adoptersChildren: number;
  sender: { kind: SenderKind; kindLabel: string; name: string };
  announcement: Announcement | null;
  actions: { id: number; kind: ActionKind; label: string; onDay: IsoDate; detail: Record<string, unknown>; actorName: string; recordedAt: string }[];
  certificates: { number: string; kind: string; kindLabel: string; issuedOn: IsoDate }[];
  adoption: { registeredOn: IsoDate; certificateNumber: string; dissolvedOn: IsoDate | null; dissolvedBy: string | null; birthLinksRestored: boolean | null } | null;
}

const SEX_LABEL = { M: '男', F: '女' } as const;

export async function caseView(trx: AdoptionDb, row: CaseRow, on: IsoDate): Promise<CaseView> {
  const s = await loadSettings(trx, on);
  const actions = await trx.selectFrom('adoption.actions').selectAll().where('case_id', '=', row.id).orderBy('id').execute();
  const certificates = await trx.selectFrom('adoption.certificates').selectAll().where('case_id', '=', row.id).orderBy('issued_on').orderBy('number').execute();
  const adoption = await trx.selectFrom('adoption.adoptions').selectAll().where('case_id', '=', row.id).executeTakeFirst();
  const state = stateOf(row.child_kind, actions, on, s);
  const adopters = [{ name: row.adopter1_name, masked: row.adopter1_masked, birth: row.adopter1_birth, sex: row.adopter1_sex }];
  if (row.adopter2_name && row.adopter2_masked && row.adopter2_birth && row.adopter2_sex) adopters.push({ name: row.adopter2_name, masked: row.adopter2_masked, birth: row.adopter2_birth, sex: row.adopter2_sex });
  return {
    id: row.id,
    officeId: row.office_id,
    officeName: '',
    openedOn: row.opened_on,
    state,
    stateLabel: CASE_STATE_LABELS[state],
    child: {
      name: row.child_name,
      idNumber: row.child_masked,
      birthDate: row.child_birth,
      sex: SEX_LABEL[row.child_sex],
      age: ageOn(row.child_birth, on),
      kind: row.child_kind,
      kindLabel: CHILD_KIND_LABELS[row.child_kind],
      disabled: row.child_disabled,
      inWelfareInstitution: row.child_in_welfare_institution,
    },
    adopters: adopters.map((a) => ({ name: a.name, idNumber: a.masked, birthDate: a.birth, sex: SEX_LABEL[a.sex], age: ageOn(a.birth, on) })),
    adoptersChildren: row.adopters_children,
    sender: { kind: row.sender_kind, kindLabel: SENDER_KIND_LABELS[row.sender_kind], name: row.sender_name },
    announcement: row.child_kind === 'parents_unknown' ? announcementOf(actions, s.announcementDays) : null,
    actions: actions.map((a) => ({ id: a.id, kind: a.kind, label: ACTION_LABELS[a.kind], onDay: a.on_day, detail: a.detail, actorName: a.actor_name, recordedAt: a.recorded_at.toISOString() })),
    certificates: certificates.map((c) => ({ number: c.number, kind: c.kind, kindLabel: c.kind === 'SY' ? '收养登记证' : '解除收养关系证明', issuedOn: c.issued_on })),
    adoption: adoption
      ? { registeredOn: adoption.registered_on, certificateNumber: adoption.certificate_number, dissolvedOn: adoption.dissolved_on, dissolvedBy: adoption.dissolved_by, birthLinksRestored: adoption.birth_links_restored }
      : null,
  };
}

/** A case and its log, for the office's registrars and auditors (the read is audited; another office: 403). */
export async function getCase(deps: AdoptionDeps, actor: Actor, id: number): Promise<CaseView> {
  const db = tables(deps);
  const on = today(deps);
  // Before the transaction: the offices come from marriage's own connection use (one connection on PGlite).
  const all = await offices(deps.db);
  return guardedTransaction(db, actor, async (trx, allow) => {
    const row = await trx.selectFrom('adoption.cases').selectAll().where('id', '=', id).executeTakeFirst();
    await allow({ permission: 'adoption.read', action: 'adoption.case.read', entityType: 'adoption_case', entityId: id, divisionCodes: [row?.district_code ?? NOWHERE] });
    if (!row) throw notFound('ADOPTION_CASE_NOT_FOUND', '收养登记案件不存在');
    const view = await caseView(trx, row, on);
    view.officeName = all.find((o) => o.id === row.office_id)?.name ?? '';
    return view;
  });
}

/** The office's cases, newest first (the list is audited as one read). */
export async function listCases(deps: AdoptionDeps, actor: Actor, query: { officeId: number }): Promise<CaseView[]> {
  const db = tables(deps);
  const on = today(deps);
  const office = (await offices(deps.db)).find((o) => o.id === query.officeId);
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'adoption.read', action: 'adoption.cases.list', entityType: 'adoption_office', entityId: query.officeId, divisionCodes: [office?.districtCode ?? NOWHERE] });
    if (!office) throw notFound('ADOPTION_UNKNOWN_OFFICE', '收养登记机关不存在');
    const rows = await trx.selectFrom('adoption.cases').selectAll().where('office_id', '=', office.id).orderBy('id', 'desc').limit(500).execute();
    const views: CaseView[] = [];
    for (const row of rows) views.push({ ...(await caseView(trx, row, on)), officeName: office.name });
    return views;
  });
}

export const validDay = (day: string | undefined, fallback: IsoDate, latest: IsoDate): IsoDate => {
  const d = day ?? fallback;
  if (!isValidDate(d)) throw invalid('ADOPTION_INVALID_DATE', `日期无效：${d}`);
  if (d > latest) throw invalid('ADOPTION_FUTURE_DATE', '日期不能晚于今天');
  return d;
};
