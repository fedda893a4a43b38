/** Chinese names of the assistance codes, sent to the web app by GET /labels (src/http/labels.ts). */
import { Type, type Static } from 'typebox';
import { LabelTable } from '../http/schemas.js';
import { programmeNames, PROGRAMMES } from './model.js';
import { ACTIONS, actionName, statusNames, STATUSES, type Action } from './states.js';

export const AssistanceLabelsSchema = Type.Object({
  programme: LabelTable(PROGRAMMES),
  caseStatus: LabelTable(STATUSES),
  caseAction: LabelTable(ACTIONS),
  auditAction: LabelTable(),
  entityType: LabelTable(),
});

export const assistanceLabels = {
  programme: programmeNames,
  caseStatus: statusNames,
  caseAction: Object.fromEntries(ACTIONS.map((action) => [action, actionName(action)])) as Record<Action, string>,
  auditAction: {
    'assistance.case.apply': '提交救助申请',
    'assistance.case.read': '查看救助案件',
    'assistance.case.list': '查询救助案件',
    'assistance.case.accept': '受理救助申请',
    'assistance.case.verify': '经济状况核对',
    'assistance.case.approve': '审批批准',
    'assistance.case.reject': '不予批准',
    'assistance.case.stop': '终止救助',
    'assistance.payments.run': '运行月度发放',
    'assistance.reviews.due': '查看到期复核',
  },
  entityType: { case: '救助案件', assistance_case: '救助案件', payment_run: '发放批次' },
} satisfies Static<typeof AssistanceLabelsSchema>;
