/**
 * 收养评估 (民法典第1105条第5款; 《收养评估办法（试行）》民发〔2020〕144号): home visits, findings and a conclusion, each
 * appended to the case with its assessor (the assessing staff or the commissioned body). The conclusion weighs the
 * conditions of 第1098条 that a registrar cannot read from data — 抚养教育保护能力 (二), 未患不宜收养的疾病 (三), 无不利于
 * 被收养人健康成长的违法犯罪记录 (四) — and is 适合收养 only when all three hold. Also the 公告 for a child whose parents
 * cannot be found (第1105条第2款).
 */
import type { Actor } from '../access/index.js';
import { invalid, conflict, notFound, type IsoDate } from '../kernel/index.js';
import { appendAction, caseView, getCase, validDay, type CaseView } from './cases.js';
import { tables, today, type AdoptionDeps } from './deps.js';
import { guardedTransaction, NOWHERE } from './guard.js';
import type { ActionKind, AdoptionDb } from './model.js';
import { loadSettings } from './settings.js';

export const FINDING_TOPICS = { ability: '抚养、教育和保护能力', health: '身体健康状况', record: '违法犯罪记录', family: '家庭关系与收养动机', child: '被收养人情况与融合', other: '其他' } as const;
export type FindingTopic = keyof typeof FINDING_TOPICS;

export interface VisitInput {
  day?: IsoDate;
  assessor: string;
  place: string;
  notes: string;
}
export interface FindingInput {
  day?: IsoDate;
  assessor: string;
  topic: FindingTopic;
  text: string;
}
export interface ConclusionInput {
  day?: IsoDate;
  assessor: string;
  ability: boolean;
  health: boolean;
  record: boolean;
  summary: string;
}
export interface AnnouncementInput {
  day?: IsoDate;
  medium: string;
  text: string;
}

const text = (value: string, label: string, max: number) => {
  const t = (value ?? '').trim();
  if (!t || t.length > max) throw invalid('ADOPTION_INVALID_TEXT', `${label}不能为空，且不超过${max}个字符`);
  return t;
};

/** Appends one action to an open case of the actor's office, in one transaction; the refusals name the reason. */
async function appendToCase(
  deps: AdoptionDeps,
  actor: Actor,
  caseId: number,
  kind: ActionKind,
  audit: string,
  build: (trx: AdoptionDb, view: CaseView, on: IsoDate) => Promise<{ day: IsoDate; detail: Record<string, unknown> }>,
): Promise<CaseView> {
  const on = today(deps);
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const row = await trx.selectFrom('adoption.cases').selectAll().where('id', '=', caseId).forUpdate().executeTakeFirst();
    await allow({ permission: 'adoption.register', action: audit, entityType: 'adoption_case', entityId: caseId, divisionCodes: [row?.district_code ?? NOWHERE] });
    if (!row) throw notFound('ADOPTION_CASE_NOT_FOUND', '收养登记案件不存在');
    const view = await caseView(trx, row, on);
    if (['registered', 'dissolved', 'refused'].includes(view.state)) throw conflict('ADOPTION_CASE_CLOSED', `案件${view.stateLabel}，不能再记录评估或公告`);
    const { day, detail } = await build(trx, view, on);
    await appendAction(trx, caseId, kind, day, actor, detail);
  });
  return getCase(deps, actor, caseId);
}

export function recordVisit(deps: AdoptionDeps, actor: Actor, caseId: number, input: VisitInput): Promise<CaseView> {
  return appendToCase(deps, actor, caseId, 'visit', 'adoption.assessment.visit', async (_trx, view, on) => ({
    day: validDay(input.day, on, on) < view.openedOn ? tooEarly() : validDay(input.day, on, on),
    detail: { assessor: text(input.assessor, '评估人员', 50), place: text(input.place, '走访地点', 100), notes: text(input.notes, '走访记录', 2000) },
  }));
}

export function recordFinding(deps: AdoptionDeps, actor: Actor, caseId: number, input: FindingInput): Promise<CaseView> {
  if (!(input.topic in FINDING_TOPICS)) throw invalid('ADOPTION_INVALID_TOPIC', '评估发现的事项无效');
  return appendToCase(deps, actor, caseId, 'finding', 'adoption.assessment.finding', async (_trx, view, on) => ({
    day: validDay(input.day, on, on) < view.openedOn ? tooEarly() : validDay(input.day, on, on),
    detail: { assessor: text(input.assessor, '评估人员', 50), topic: input.topic, topicLabel: FINDING_TOPICS[input.topic], text: text(input.text, '评估发现', 2000) },
  }));
}

export function recordConclusion(deps: AdoptionDeps, actor: Actor, caseId: number, input: ConclusionInput): Promise<CaseView> {
  return appendToCase(deps, actor, caseId, 'conclusion', 'adoption.assessment.conclude', async (_trx, view, on) => {
    if (!view.actions.some((a) => a.kind === 'visit')) throw conflict('ADOPTION_NO_VISIT', '收养评估须至少有一次走访记录，才能作出评估结论（《收养评估办法（试行）》）');
    const suitable = input.ability === true && input.health === true && input.record === true;
    return {
      day: validDay(input.day, on, on) < view.openedOn ? tooEarly() : validDay(input.day, on, on),
      detail: {
        assessor: text(input.assessor, '评估人员', 50),
        ability: input.ability,
        health: input.health,
        record: input.record,
        suitable,
        conclusion: suitable ? '适合收养' : '不适合收养',
        summary: text(input.summary, '评估结论说明', 2000),
      },
    };
  });
}

export function announce(deps: AdoptionDeps, actor: Actor, caseId: number, input: AnnouncementInput): Promise<CaseView> {
  return appendToCase(deps, actor, caseId, 'announced', 'adoption.announce', async (trx, view, on) => {
    if (view.child.kind !== 'parents_unknown') throw conflict('ADOPTION_NO_ANNOUNCEMENT_NEEDED', '仅被收养人为查找不到生父母的未成年人时须公告（《民法典》第1105条第2款）');
    const day = validDay(input.day, on, on);
    if (day < view.openedOn) tooEarly();
    const s = await loadSettings(trx, day);
    return { day, detail: { medium: text(input.medium, '公告载体', 100), text: text(input.text, '公告内容', 2000), days: s.announcementDays, source: s.source['announcement.days'] } };
  });
}

function tooEarly(): never {
  throw invalid('ADOPTION_DATE_BEFORE_CASE', '日期不能早于受理日');
}
