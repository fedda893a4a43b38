/**
 * Decision notices (审批决定书 / 不予批准决定书 / 终止救助决定书) in Chinese, as HTML; PDF is the same HTML
 * printed by Chromium. Every notice states the applicant's remedies: 行政复议 within 60 days (《行政复议法》
 * 第二十条) or 行政诉讼 within 6 months (《行政诉讼法》第四十六条).
 */
import type { Actor } from '../access/index.js';
import { conflict, formatYuan, type IsoDate } from '../kernel/index.js';
import { tables, type AssistanceDeps } from './deps.js';
import { programmeNames, type CaseAction, type CaseDetail } from './model.js';
import { divisionName, type EvaluateResponse } from './ports.js';
import { getCase } from './queries.js';

/**
 * A reason as the applicant reads it: the note that a parameter still awaits verification is for the staff
 * who configure parameters (the evaluation screen shows it), not for an official notice.
 */
export const officialReason = (reason: string): string => reason.replace(/[，；]?参数待核实/g, '').replace(/（）/g, '');

export type NoticeKind = 'approval' | 'rejection' | 'stop';

export interface Notice {
  kind: NoticeKind;
  title: string;
  html: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const cnDate = (d: IsoDate) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
const cnMonth = (m: string) => `${Number(m.slice(0, 4))}年${Number(m.slice(5, 7))}月`;

export function appealRights(districtName: string): string {
  return `如对本决定不服，可以自收到本决定书之日起六十日内向${districtName}人民政府申请行政复议；也可以自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。`;
}

const DECISIONS: Record<string, NoticeKind> = { approve: 'approval', reject: 'rejection', stop: 'stop' };

function lastDecision(c: CaseDetail): CaseAction {
  const decision = [...c.actions].reverse().find((a) => a.action in DECISIONS);
  if (!decision) throw conflict('ASSISTANCE_NO_DECISION', '该案件尚未作出审批决定，没有可出具的决定书');
  return decision;
}

export interface NoticeFacts {
  detail: CaseDetail;
  decision: CaseAction;
  districtName: string;
  streetName: string;
  /** The verification the decision rests on, for the computation shown in an approval. */
  verification: EvaluateResponse | null;
  notice: { startsOn: string; endsOn: string } | null;
}

export function renderNotice(f: NoticeFacts): Notice {
  const { detail: c, decision } = f;
  const kind = DECISIONS[decision.action];
  const programme = programmeNames[c.programme];
  const titles: Record<NoticeKind, string> = { approval: `${programme}审批决定书`, rejection: `${programme}不予批准决定书`, stop: `${programme}终止决定书` };
  const paragraphs: string[] = [];
  const steps = f.notice ? `经${f.streetName}受理、家庭经济状况核对、入户调查，并于${cnDate(f.notice.startsOn)}至${cnDate(f.notice.endsOn)}公示` : `经${f.streetName}受理、家庭经济状况核对和入户调查`;
  if (kind === 'approval') {
    const amount = Number(decision.payload.amountFen ?? 0);
    paragraphs.push(`你（户）于${cnDate(c.appliedOn)}提出的${programme}申请，${steps}，本机关审核认为符合条件，决定予以批准。`);
    if (amount > 0) {
      const when = c.programme === 'temporary' ? `一次性发放 ${formatYuan(amount)} 元` : `每月 ${formatYuan(amount)} 元，自${cnMonth(String(decision.payload.paymentFrom))}起按月发放`;
      paragraphs.push(`救助金额：${when}，发放至你提供的银行账户${c.bankAccount ? `（${c.bankAccount.bankName} ${c.bankAccount.accountMasked}）` : ''}。每月金额按当月救助标准和家庭情况核定，标准调整时自动调整。`);
    }
    const result = f.verification?.results.find((r) => r.programme === c.programme);
    if (result) paragraphs.push(`核算依据：${result.reasons.map(officialReason).join('；')}。`);
    if (c.reviewDue) paragraphs.push(`你（户）应当如实报告家庭人口、收入和财产状况的变化。本机关将定期复核，下次复核日期为${cnDate(c.reviewDue)}。`);
  } else if (kind === 'rejection') {
    const reasons = Array.isArray(decision.payload.reasons) ? decision.payload.reasons.map(String) : [decision.reason ?? ''];
    paragraphs.push(`你（户）于${cnDate(c.appliedOn)}提出的${programme}申请，${steps}，本机关审核认为不符合条件，决定不予批准。理由如下：`);
    reasons.forEach((r, i) => paragraphs.push(`${i + 1}. ${officialReason(r)}`));
  } else {
    paragraphs.push(`经核查，${decision.reason ?? ''}。本机关决定自${cnMonth(String(decision.payload.effectiveMonth))}起终止对你（户）的${programme}。`);
    const overpaid = Number(decision.payload.overpaidFen ?? 0);
    if (overpaid > 0) paragraphs.push(`终止之后已发放的救助金共 ${formatYuan(overpaid)} 元，应予退回。`);
  }
  paragraphs.push(appealRights(f.districtName));
  const title = titles[kind];
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body { font-family: "Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 15pt; line-height: 1.9; color: #000; }
h1 { text-align: center; font-size: 22pt; letter-spacing: 0.1em; margin-bottom: 0.2em; }
.no { text-align: center; font-size: 12pt; margin-bottom: 1.5em; }
p { text-indent: 2em; margin: 0.4em 0; }
.to { text-indent: 0; }
.sign { text-align: right; margin-top: 3em; text-indent: 0; }
</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<div class="no">${escapeHtml(`${f.districtName}民政局 · 案件编号 ${c.id}`)}</div>
<p class="to">${escapeHtml(c.applicantName)}：</p>
${body}
<p class="sign">${escapeHtml(`${f.districtName}民政局`)}<br>${escapeHtml(cnDate(decision.onDate))}</p>
</body></html>`;
  return { kind, title, html };
}

/** The notice of the case's latest decision; reading it is audited like reading the case. */
export async function decisionNotice(deps: AssistanceDeps, actor: Actor, caseId: number): Promise<Notice> {
  const detail = await getCase(deps, actor, caseId);
  const decision = lastDecision(detail);
  const verificationId = typeof decision.payload.verificationId === 'number' ? decision.payload.verificationId : detail.lastVerificationId;
  const verification = verificationId ? await tables(deps).selectFrom('assistance.verifications').select('response').where('id', '=', verificationId).executeTakeFirst() : undefined;
  const notice = [...detail.actions].reverse().find((a) => a.action === 'start_notice');
  return renderNotice({
    detail,
    decision,
    districtName: await divisionName(deps.db, detail.districtCode),
    streetName: await divisionName(deps.db, detail.streetCode),
    verification: (verification?.response as EvaluateResponse | undefined) ?? null,
    notice: notice ? { startsOn: String(notice.payload.startsOn), endsOn: String(notice.payload.endsOn) } : null,
  });
}
