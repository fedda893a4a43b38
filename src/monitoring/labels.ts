/** Chinese names of the monitoring codes, sent to the web app by GET /labels (src/http/labels.ts). */
import { Type, type Static } from 'typebox';
import { LabelTable } from '../http/schemas.js';
import { SOURCE_IDS, SOURCES, type Source } from './exchange-rows.js';
import { LEAD_ACTIONS, LEAD_OUTCOMES, leadActionNames, leadStatusNames } from './lead-log.js';
import { LEAD_STATUSES } from './model.js';
import { HANDLE_OUTCOMES, outcomeNames, WARNING_ACTIONS, WARNING_STATUSES, warningActionNames, warningStatusNames } from './warning-states.js';

const CONTACT_CHANNELS = ['visit', 'phone', 'other'] as const;

export const MonitoringLabelsSchema = Type.Object({
  warningStatus: LabelTable(WARNING_STATUSES),
  warningAction: LabelTable(WARNING_ACTIONS),
  handleOutcome: LabelTable(HANDLE_OUTCOMES),
  leadStatus: LabelTable(LEAD_STATUSES),
  leadAction: LabelTable(LEAD_ACTIONS),
  leadOutcome: LabelTable(LEAD_OUTCOMES),
  contactChannel: LabelTable(CONTACT_CHANNELS),
  /** The departments that send files, as their facts name their source. */
  exchangeSource: LabelTable(SOURCE_IDS),
  auditAction: LabelTable(),
  entityType: LabelTable(),
});

export const monitoringLabels = {
  warningStatus: warningStatusNames,
  warningAction: warningActionNames,
  handleOutcome: outcomeNames,
  leadStatus: leadStatusNames,
  leadAction: leadActionNames,
  // An outcome is the status it leads to (lead-log.ts nextLeadStatus), so it reads the same.
  leadOutcome: { applied: leadStatusNames.applied, declined: leadStatusNames.declined, not_eligible: leadStatusNames.not_eligible },
  contactChannel: { visit: '上门', phone: '电话', other: '其他' },
  exchangeSource: Object.fromEntries(SOURCE_IDS.map((id) => [id, SOURCES[id].name])) as Record<Source, string>,
  auditAction: {
    'monitoring.warning.list': '查询预警',
    'monitoring.warning.read': '查看预警',
    'monitoring.warning.visit': '登记上门核实',
    'monitoring.warning.handle': '登记预警处置',
    'monitoring.lead.list': '查询政策找人线索',
    'monitoring.lead.read': '查看政策找人线索',
  },
  entityType: { warning: '预警', lead: '线索' },
} satisfies Static<typeof MonitoringLabelsSchema>;
