/** Chinese names of the assistance codes, sent to the web app by GET /labels (src/http/labels.ts). */
import { Type, type Static } from 'typebox';
import { LabelTable } from '../http/schemas.js';
import { programmeNames, PROGRAMMES } from './model.js';
import { ACTIONS, actionName, statusNames, STATUSES, type Action } from './states.js';

/** The rows of assistance.settings (migrations/001_assistance.sql). */
const SETTING_KEYS = [
  'temporary.ceilingFen',
  'notice.days',
  'decision.deadlineDays',
  'review.intervalMonths',
  'sampling.ratePermille',
  'temporary.multiplier.illness',
  'temporary.multiplier.accident',
  'temporary.multiplier.disaster',
  'temporary.multiplier.basic_living',
  'temporary.yearlyCapFen',
  'temporary.emergencyLimitFen',
  'temporary.paperworkDays',
  'recovery.deductionPermille',
] as const;

export const AssistanceLabelsSchema = Type.Object({
  programme: LabelTable(PROGRAMMES),
  caseStatus: LabelTable(STATUSES),
  caseAction: LabelTable(ACTIONS),
  auditAction: LabelTable(),
  entityType: LabelTable(),
  setting: LabelTable(SETTING_KEYS),
  settingDescription: LabelTable(SETTING_KEYS),
});

export const assistanceLabels = {
  programme: programmeNames,
  caseStatus: statusNames,
  caseAction: Object.fromEntries(ACTIONS.map((action) => [action, actionName(action)])) as Record<Action, string>,
  auditAction: {
    'assistance.case.apply': '提交救助申请',
    'assistance.case.read': '查看救助案件',
    'assistance.case.payments': '查看案件发放记录',
    'assistance.verification.read': '查看经济状况核对报告',
    'assistance.case.list': '查询救助案件',
    'assistance.case.accept': '受理救助申请',
    'assistance.case.verify': '经济状况核对',
    'assistance.case.approve': '审批批准',
    'assistance.case.reject': '不予批准',
    'assistance.case.stop': '终止救助',
    'assistance.payments.run': '运行月度发放',
    'assistance.payments.ledger': '导出发放台账',
    'assistance.reviews.due': '查看到期复核',
    'assistance.settings.update': '修改救助业务配置',
    'assistance.case.adjustments': '查看补发与追缴记录',
    'assistance.case.adjustments.export': '导出补发与追缴台账',
    'assistance.case.adjust_payments': '追溯调整发放（补发/追缴）',
    'assistance.case.record_repayment': '登记退回多发救助金',
    'assistance.case.write_off': '核销多发救助金',
  },
  entityType: { case: '救助案件', assistance_case: '救助案件', payment_run: '发放批次', assistance_verification: '经济状况核对报告', assistance_setting: '救助业务配置' },
  setting: {
    'temporary.ceilingFen': '临时救助单次上限',
    'notice.days': '公示期',
    'decision.deadlineDays': '审批办理时限',
    'review.intervalMonths': '定期复核间隔',
    'sampling.ratePermille': '每月系统抽查比例',
    'temporary.multiplier.illness': '临时救助倍数（重大疾病）',
    'temporary.multiplier.accident': '临时救助倍数（意外事故或突发事件）',
    'temporary.multiplier.disaster': '临时救助倍数（自然灾害）',
    'temporary.multiplier.basic_living': '临时救助倍数（基本生活暂时困难）',
    'temporary.yearlyCapFen': '临时救助12个月累计上限',
    'temporary.emergencyLimitFen': '先行救助当场发放上限',
    'temporary.paperworkDays': '先行救助补办手续期限',
    'recovery.deductionPermille': '多发救助金每月抵扣比例上限',
  },
  settingDescription: {
    'temporary.ceilingFen': '经办人员对一个临时救助案件可提出的最高金额',
    'notice.days': '审批前在社区公示的天数',
    'decision.deadlineDays': '自申请之日起作出决定的期限，超过即列为逾期',
    'review.intervalMonths': '各救助项目在保对象的定期复核间隔（月）',
    'sampling.ratePermille': '每月对发放中的案件随机抽查复算的比例',
    'temporary.multiplier.illness': '每名家庭成员按当月低保标准的倍数计算救助金额，再受单次上限限制',
    'temporary.multiplier.accident': '每名家庭成员按当月低保标准的倍数计算救助金额，再受单次上限限制',
    'temporary.multiplier.disaster': '每名家庭成员按当月低保标准的倍数计算救助金额，再受单次上限限制',
    'temporary.multiplier.basic_living': '每名家庭成员按当月低保标准的倍数计算救助金额，再受单次上限限制',
    'temporary.yearlyCapFen': '同一家庭此前12个月内已获临时救助与本次合计不得超过的金额',
    'temporary.emergencyLimitFen': '急难情形下街镇先行决定并当场发放的最高金额',
    'temporary.paperworkDays': '先行救助发放后须补齐申请材料的天数，超过即列为逾期',
    'recovery.deductionPermille': '多发的救助金从以后各月发放中抵扣，每月最多抵扣当月应发金额的这一比例',
  },
} satisfies Static<typeof AssistanceLabelsSchema>;
