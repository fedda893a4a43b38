/**
 * 收养登记 (民法典第1105条: 收养关系自登记之日起成立): at the office that holds the case, with every adopter present
 * (《中国公民收养子女登记办法》第五条: 收养关系当事人应当亲自到收养登记机关办理), the consent of a child aged 8 or over
 * (第1104条), the sender's consent, a 适合收养 assessment (第1105条第5款), the 公告 run out for a child whose parents cannot
 * be found (第1105条第2款; 登记办法第七条: 满60日) and the rules of 第1093–1102条 on the day. Then the 收养登记证 is
 * numbered and the registry's parent links change in the same transaction (第1111条: the child's relations with the birth
 * parents end, those with the adopters begin) — sealed, so no ordinary registry view shows them.
 */
import type { Actor } from '../access/index.js';
import { ageOn, DomainError, notFound, type IsoDate } from '../kernel/index.js';
import { changeSealedParentLinks, type ParentRole, type RegistryTables } from '../registry/index.js';
import { adoptedBy, appendAction, caseView, getCase, type CaseView } from './cases.js';
import { issueCertificate } from './certificates.js';
import { tables, today, type AdoptionDeps } from './deps.js';
import { emitEvent, guardedTransaction, NOWHERE } from './guard.js';
import type { AdoptionDb, AdoptionTables } from './model.js';
import { officeIn, offices } from './offices.js';
import { checkEligibility, type RuleResult } from './rules.js';
import { loadSettings, type AdoptionSettings } from './settings.js';
import type { Selectable } from 'kysely';

export interface RegistrationInput {
  /** Each adopter in person, in the order of the case. */
  adoptersPresent: boolean[];
  /** The child's own consent (asked when aged 8 or over); null when not asked. */
  childConsent: boolean | null;
  senderConsent: boolean;
  requestKey?: string;
}

export type RegistrationCheck = RuleResult['check'] | 'presence' | 'child_consent' | 'sender_consent' | 'assessment' | 'announcement';
export interface RegistrationResult {
  check: RegistrationCheck;
  outcome: 'pass' | 'fail';
  rule: string;
  message: string;
}

type CaseRow = Selectable<AdoptionTables['adoption.cases']>;

/** The checks on the registration day: the applicants' rules again, then what the registration itself needs. */
export async function registrationChecks(trx: AdoptionDb, row: CaseRow, view: CaseView, input: RegistrationInput, on: IsoDate, s: AdoptionSettings): Promise<RegistrationResult[]> {
  const hashes = [row.adopter1_hash, ...(row.adopter2_hash ? [row.adopter2_hash] : [])];
  const adopted = await adoptedBy(trx, hashes);
  const out: RegistrationResult[] = checkEligibility(
    {
      on,
      child: { birthDate: row.child_birth, sex: row.child_sex, kind: row.child_kind, disabled: row.child_disabled, inWelfareInstitution: row.child_in_welfare_institution },
      adopters: [
        { name: row.adopter1_name, birthDate: row.adopter1_birth, sex: row.adopter1_sex },
        ...(row.adopter2_birth && row.adopter2_sex ? [{ name: row.adopter2_name ?? '', birthDate: row.adopter2_birth, sex: row.adopter2_sex }] : []),
      ],
      singleAdopterHasSpouse: false,
      children: Math.max(row.adopters_children, adopted),
      adopted,
      sender: row.sender_kind,
    },
    s,
  );
  const present = Array.isArray(input.adoptersPresent) && input.adoptersPresent.length === hashes.length && input.adoptersPresent.every((p) => p === true);
  out.push({
    check: 'presence',
    outcome: present ? 'pass' : 'fail',
    rule: '《中国公民收养子女登记办法》第五条：收养关系当事人应当亲自到收养登记机关办理成立收养关系的登记手续；夫妻共同收养的，应当共同到收养登记机关办理',
    message: present ? (hashes.length === 2 ? '夫妻双方均亲自到场' : '收养人亲自到场') : '收养人未全部亲自到场，不得代理',
  });
  const age = ageOn(row.child_birth, on);
  const consentNeeded = age >= s.consentAge;
  out.push({
    check: 'child_consent',
    outcome: consentNeeded && input.childConsent !== true ? 'fail' : 'pass',
    rule: s.source['consent.childAge'],
    message: consentNeeded ? (input.childConsent === true ? `被收养人 ${age} 周岁，本人同意` : `被收养人 ${age} 周岁，已满 ${s.consentAge} 周岁，须征得本人同意`) : `被收养人 ${age} 周岁，不满 ${s.consentAge} 周岁`,
  });
  out.push({
    check: 'sender_consent',
    outcome: input.senderConsent === true ? 'pass' : 'fail',
    rule: '《民法典》第1104条：收养人收养与送养人送养，应当双方自愿；第1097条：生父母送养子女，应当双方共同送养',
    message: input.senderConsent === true ? `送养人（${view.sender.name}）同意送养` : '送养人未同意送养',
  });
  const conclusion = [...view.actions].reverse().find((a) => a.kind === 'conclusion');
  const suitable = (conclusion?.detail as { suitable?: boolean } | undefined)?.suitable === true;
  out.push({
    check: 'assessment',
    outcome: s.assessmentRequired && !suitable ? 'fail' : 'pass',
    rule: s.source['assessment.required'],
    message: suitable ? `收养评估结论：适合收养（${conclusion?.onDay}）` : conclusion ? '收养评估结论为不适合收养' : '尚无收养评估结论',
  });
  if (row.child_kind === 'parents_unknown') {
    const a = view.announcement;
    out.push({
      check: 'announcement',
      outcome: a && on >= a.registrableFrom ? 'pass' : 'fail',
      rule: s.source['announcement.days'],
      message: !a ? '尚未公告查找生父母' : on >= a.registrableFrom ? `${a.announcedOn} 公告，至 ${a.lastDay} 满 ${s.announcementDays} 日未被认领` : `${a.announcedOn} 公告，公告期至 ${a.lastDay}，${a.registrableFrom} 起方可登记`,
    });
  }
  return out;
}

const CODES: Record<RegistrationCheck, string> = {
  adoptee: 'ADOPTION_NOT_ADOPTABLE',
  sender: 'ADOPTION_WRONG_SENDER',
  adopter_age: 'ADOPTION_ADOPTER_UNDER_AGE',
  joint: 'ADOPTION_SPOUSE_MUST_JOIN',
  children: 'ADOPTION_TOO_MANY_CHILDREN',
  number: 'ADOPTION_TOO_MANY_ADOPTED',
  age_gap: 'ADOPTION_AGE_GAP',
  presence: 'ADOPTION_NOT_PRESENT',
  child_consent: 'ADOPTION_CHILD_CONSENT',
  sender_consent: 'ADOPTION_SENDER_CONSENT',
  assessment: 'ADOPTION_ASSESSMENT',
  announcement: 'ADOPTION_ANNOUNCEMENT_RUNNING',
};

const roleOf = (sex: 'M' | 'F'): ParentRole => (sex === 'M' ? 'father' : 'mother');

export async function registerAdoption(deps: AdoptionDeps, actor: Actor, caseId: number, input: RegistrationInput): Promise<CaseView> {
  const on = today(deps);
  const all = await offices(deps.db);
  const outcome = await guardedTransaction(tables(deps), actor, async (trx, allow): Promise<RegistrationResult[] | null> => {
    const row = await trx.selectFrom('adoption.cases').selectAll().where('id', '=', caseId).forUpdate().executeTakeFirst();
    await allow({ permission: 'adoption.register', action: 'adoption.adoption.register', entityType: 'adoption_case', entityId: caseId, divisionCodes: [row?.district_code ?? NOWHERE] });
    if (!row) throw notFound('ADOPTION_CASE_NOT_FOUND', '收养登记案件不存在');
    if (input.requestKey) {
      const done = await trx.selectFrom('adoption.certificates').select('case_id').where('request_key', '=', input.requestKey).executeTakeFirst();
      if (done && done.case_id === caseId) return null;
    }
    const view = await caseView(trx, row, on);
    if (view.state === 'registered' || view.state === 'dissolved') throw new DomainError('conflict', 'ADOPTION_ALREADY_REGISTERED', '该案件已办理收养登记');
    const s = await loadSettings(trx, on);
    const checks = await registrationChecks(trx, row, view, input, on, s);
    if (checks.some((c) => c.outcome === 'fail')) return checks;
    const office = officeIn(all, row.office_id);
    const number = await issueCertificate(trx, { officeId: row.office_id, code6: office.code6, kind: 'SY', on, caseId, requestKey: input.requestKey ?? null, format: s.certificateFormat });
    await trx
      .insertInto('adoption.adoptions')
      .values({ case_id: caseId, office_id: row.office_id, district_code: row.district_code, registered_on: on, certificate_number: number, child_kind: row.child_kind, dissolved_on: null, dissolved_by: null, birth_links_restored: null })
      .execute();
    const links = await relink(trx, row, on, 'adoption');
    await appendAction(trx, caseId, 'registered', on, actor, { certificateNumber: number, childConsent: input.childConsent, senderConsent: true, registryLinks: links });
    await emitEvent(trx, { topic: 'adoption.adoption.registered', key: String(caseId), payload: { caseId, childPersonId: row.child_person_id, registeredOn: on } });
    return null;
  });
  if (outcome) {
    const first = outcome.find((c) => c.outcome === 'fail') as RegistrationResult;
    throw new DomainError(
      'conflict',
      CODES[first.check],
      `不予登记：${outcome
        .filter((c) => c.outcome === 'fail')
        .map((c) => `${c.message}（${c.rule}）`)
        .join('；')}`,
      { checks: outcome },
    );
  }
  return getCase(deps, actor, caseId);
}

/**
 * The child's parent links in the registry, when the child is a registry person: on adoption the birth links end and
 * the adopters' begin (第1111条); on dissolution the adopters' end and, where the law says (第1117条), the birth
 * parents' return. The adopters and birth parents must be registry persons to be linked; others are simply not linked.
 */
export async function relink(trx: AdoptionDb, row: CaseRow, on: IsoDate, change: 'adoption' | 'dissolution', restoreBirth = false): Promise<string> {
  if (row.child_person_id === null) return '被收养人不在本市人口库，人口库亲子关系无需变更';
  const registry = trx.withTables<RegistryTables>();
  const adopters = [{ id: row.adopter1_person_id, role: roleOf(row.adopter1_sex) }, ...(row.adopter2_sex ? [{ id: row.adopter2_person_id, role: roleOf(row.adopter2_sex) }] : [])].filter(
    (a): a is { id: number; role: ParentRole } => a.id !== null,
  );
  const birth = [
    { id: row.birth_father_person_id, role: 'father' as const },
    { id: row.birth_mother_person_id, role: 'mother' as const },
  ].filter((b): b is { id: number; role: ParentRole } => b.id !== null);
  const source = '收养登记机关';
  if (change === 'adoption') {
    const r = await changeSealedParentLinks(registry, { childId: row.child_person_id, on, end: ['father', 'mother'], add: adopters.map((a) => ({ parentId: a.id, role: a.role })), source, reason: `收养登记（案件 ${row.id}）` });
    return `人口库亲子关系：解除 ${r.ended} 条，建立 ${r.added} 条（保密）`;
  }
  const r = await changeSealedParentLinks(registry, {
    childId: row.child_person_id,
    on,
    end: adopters.map((a) => a.role),
    add: restoreBirth ? birth.map((b) => ({ parentId: b.id, role: b.role })) : [],
    source,
    reason: `解除收养关系（案件 ${row.id}）`,
  });
  return `人口库亲子关系：解除 ${r.ended} 条，恢复与生父母的 ${r.added} 条（保密）`;
}
