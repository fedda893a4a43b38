/**
 * 解除收养关系 (民法典第1114–1118条). By agreement: before the adoptee is of age only when the adopters and the sender
 * agree, with the consent of an adoptee aged 8 or over (第1114条); once of age, the adopters and the adoptee (第1115条);
 * registered at the office (第1116条) with a 解除收养关系证明. By a court: the judgement is recorded (第1114条第2款、
 * 第1115条). Effects (第1117条): the relations with the adopters end; those with the birth parents return of themselves
 * for a minor, and for an adult adoptee only when agreed (可以协商确定) — the registry's links follow.
 */
import type { Actor } from '../access/index.js';
import { ageOn, conflict, DomainError, invalid, notFound } from '../kernel/index.js';
import { appendAction, getCase, type CaseView } from './cases.js';
import { issueCertificate } from './certificates.js';
import { tables, today, type AdoptionDeps } from './deps.js';
import { emitEvent, guardedTransaction, NOWHERE } from './guard.js';
import { officeIn, offices } from './offices.js';
import { relink } from './registration.js';
import { loadSettings } from './settings.js';

export interface DissolutionInput {
  by: 'agreement' | 'court';
  /** By agreement: who agrees (the parties in person at the office). */
  adoptersAgree?: boolean;
  senderAgrees?: boolean;
  adopteeAgrees?: boolean;
  /** By a court: the judgement. */
  court?: string;
  caseNumber?: string;
  /** An adult adoptee and the birth parents agree to restore their relations (第1117条但书). */
  restoreBirthRelations?: boolean;
  requestKey?: string;
}

export interface DissolutionRule {
  outcome: 'pass' | 'fail';
  rule: string;
  message: string;
  restoreBirth: boolean;
}

/** Whether the dissolution may be registered and whether the birth relations return, on the day (pure). */
export function dissolutionRule(input: DissolutionInput, adopteeAge: number, s: { minorUnder: number; consentAge: number }): DissolutionRule {
  const minor = adopteeAge < s.minorUnder;
  const restoreBirth = minor || input.restoreBirthRelations === true;
  const effect = minor ? '被收养人未成年，与生父母的权利义务关系自行恢复' : input.restoreBirthRelations === true ? '成年养子女与生父母协商恢复权利义务关系' : '成年养子女与生父母的权利义务关系不恢复（未协商恢复）';
  const rule1117 = '《民法典》第1117条：收养关系解除后，与生父母以及其他近亲属间的权利义务关系自行恢复；但成年养子女与生父母间的权利义务关系是否恢复，可以协商确定';
  if (input.by === 'court') return { outcome: 'pass', rule: `《民法典》第1114条第2款、第1115条：诉讼解除；${rule1117}`, message: `依法院判决解除；${effect}`, restoreBirth };
  if (minor) {
    const missing = [input.adoptersAgree !== true ? '收养人' : '', input.senderAgrees !== true ? '送养人' : '', adopteeAge >= s.consentAge && input.adopteeAgrees !== true ? `养子女（${adopteeAge} 周岁）` : ''].filter(Boolean);
    return {
      outcome: missing.length ? 'fail' : 'pass',
      rule: `《民法典》第1114条第1款：收养人在被收养人成年以前，不得解除收养关系，但是收养人、送养人双方协议解除的除外；养子女八周岁以上的，应当征得本人同意；${rule1117}`,
      message: missing.length ? `被收养人 ${adopteeAge} 周岁，未成年，须${missing.join('、')}同意方可协议解除` : `收养人、送养人协议解除；${effect}`,
      restoreBirth,
    };
  }
  const missing = [input.adoptersAgree !== true ? '养父母' : '', input.adopteeAgrees !== true ? '成年养子女' : ''].filter(Boolean);
  return {
    outcome: missing.length ? 'fail' : 'pass',
    rule: `《民法典》第1115条：养父母与成年养子女关系恶化、无法共同生活的，可以协议解除收养关系；${rule1117}`,
    message: missing.length ? `须${missing.join('、')}同意方可协议解除` : `养父母与成年养子女协议解除；${effect}`,
    restoreBirth,
  };
}

export async function dissolveAdoption(deps: AdoptionDeps, actor: Actor, caseId: number, input: DissolutionInput): Promise<CaseView> {
  if (input.by !== 'agreement' && input.by !== 'court') throw invalid('ADOPTION_INVALID_DISSOLUTION', '解除方式须为协议（agreement）或判决（court）');
  if (input.by === 'court' && (!input.court?.trim() || !input.caseNumber?.trim() || input.court.length > 100 || input.caseNumber.length > 100))
    throw invalid('ADOPTION_JUDGEMENT_REQUIRED', '诉讼解除须填写法院名称和案号（各不超过100个字符）');
  const on = today(deps);
  const all = await offices(deps.db);
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const row = await trx.selectFrom('adoption.cases').selectAll().where('id', '=', caseId).forUpdate().executeTakeFirst();
    await allow({ permission: 'adoption.register', action: 'adoption.adoption.dissolve', entityType: 'adoption_case', entityId: caseId, divisionCodes: [row?.district_code ?? NOWHERE] });
    if (!row) throw notFound('ADOPTION_CASE_NOT_FOUND', '收养登记案件不存在');
    const adoption = await trx.selectFrom('adoption.adoptions').selectAll().where('case_id', '=', caseId).executeTakeFirst();
    if (!adoption) throw conflict('ADOPTION_NOT_REGISTERED', '该案件尚未办理收养登记，无收养关系可解除');
    if (adoption.dissolved_on !== null) {
      if (input.requestKey && (await trx.selectFrom('adoption.certificates').select('number').where('request_key', '=', input.requestKey).executeTakeFirst())) return;
      throw conflict('ADOPTION_ALREADY_DISSOLVED', `该收养关系已于 ${adoption.dissolved_on} 解除`);
    }
    const s = await loadSettings(trx, on);
    const rule = dissolutionRule(input, ageOn(row.child_birth, on), s);
    if (rule.outcome === 'fail') throw new DomainError('conflict', 'ADOPTION_DISSOLUTION_CONSENT', `不予办理解除收养关系登记：${rule.message}（${rule.rule}）`, { rule });
    let number: string | null = null;
    if (input.by === 'agreement') {
      const office = officeIn(all, row.office_id);
      number = await issueCertificate(trx, { officeId: row.office_id, code6: office.code6, kind: 'JC', on, caseId, requestKey: input.requestKey ?? null, format: s.certificateFormat });
    }
    await trx.updateTable('adoption.adoptions').set({ dissolved_on: on, dissolved_by: input.by, birth_links_restored: rule.restoreBirth }).where('case_id', '=', caseId).execute();
    const links = await relink(trx, row, on, 'dissolution', rule.restoreBirth);
    await appendAction(trx, caseId, 'dissolved', on, actor, {
      by: input.by,
      certificateNumber: number,
      court: input.court?.trim() ?? null,
      caseNumber: input.caseNumber?.trim() ?? null,
      birthRelationsRestored: rule.restoreBirth,
      message: rule.message,
      registryLinks: links,
    });
    await emitEvent(trx, { topic: 'adoption.adoption.dissolved', key: String(caseId), payload: { caseId, childPersonId: row.child_person_id, dissolvedOn: on } });
  });
  return getCase(deps, actor, caseId);
}
