/**
 * Chinese labels for the codes the API sends, from GET /labels (see label-tables.ts); each module keeps
 * them beside its state machine. Unknown codes are shown as they are, never hidden.
 */
import { installEldercareLabels } from './eldercare-labels.js';
import { fill, labelTable, type Labels } from './label-tables.js';

export const sexLabels = labelTable<keyof Labels['registry']['sex']>();
export const laborCapacityLabels = labelTable<keyof Labels['registry']['laborCapacity']>();
export const relationLabels = labelTable<keyof Labels['registry']['relation']>();
export const factKindLabels = labelTable();
/** Who sent a fact: the registry's own batches and the departments of the exchange. */
export const factSourceLabels = labelTable();
export const factAttributeLabels = labelTable();
export const factAttributeValueLabels = labelTable();
/** The policy engine's programmes (the pack's ids). */
export const programmeLabels = labelTable<keyof Labels['policy']['programme']>();
export const screenPhaseLabels = labelTable<keyof Labels['policy']['screenPhase']>();
export const auditResultLabels = labelTable<keyof Labels['access']['auditResult']>();
export const roleLabels = labelTable<keyof Labels['access']['role']>();
/** Why the server refused: the `reason` the access guard writes into the entry's detail. */
export const denialReasonLabels = labelTable<keyof Labels['access']['denialReason']>();
/** Each module names its own audit actions and entity types; the audit log shows them all. */
export const auditActionLabels = labelTable();
export const entityTypeLabels = labelTable();
/** Assistance programmes (临时救助 is not a policy-engine programme). */
export const assistanceProgrammeLabels = labelTable<keyof Labels['assistance']['programme']>();
export const caseStatusLabels = labelTable<keyof Labels['assistance']['caseStatus']>();
export const caseActionLabels = labelTable<keyof Labels['assistance']['caseAction']>();
/** The assistance workflow's settings (参数设置) and what each one governs. */
export const assistanceSettingLabels = labelTable<keyof Labels['assistance']['setting']>();
export const assistanceSettingDescriptions = labelTable<keyof Labels['assistance']['settingDescription']>();
export const warningActionLabels = labelTable<keyof Labels['monitoring']['warningAction']>();
export const leadActionLabels = labelTable<keyof Labels['monitoring']['leadAction']>();
export const handleOutcomeLabels = labelTable<keyof Labels['monitoring']['handleOutcome']>();
export const leadOutcomeLabels = labelTable<keyof Labels['monitoring']['leadOutcome']>();
export const contactChannelLabels = labelTable<keyof Labels['monitoring']['contactChannel']>();

export const label = (labels: Record<string, string>, code: string | null | undefined): string => (code ? (labels[code] ?? code) : '—');

export function installLabels(labels: Labels): void {
  const modules = [labels.access, labels.registry, labels.policy, labels.assistance, labels.monitoring, labels.eldercare, labels.lines];
  fill(sexLabels, labels.registry.sex);
  fill(laborCapacityLabels, labels.registry.laborCapacity);
  fill(relationLabels, labels.registry.relation);
  fill(factKindLabels, labels.registry.factKind);
  fill(factSourceLabels, labels.registry.factSource, labels.monitoring.exchangeSource);
  fill(factAttributeLabels, labels.registry.factAttribute);
  fill(factAttributeValueLabels, labels.registry.factAttributeValue);
  fill(programmeLabels, labels.policy.programme);
  fill(screenPhaseLabels, labels.policy.screenPhase);
  fill(auditResultLabels, labels.access.auditResult);
  fill(roleLabels, labels.access.role);
  fill(denialReasonLabels, labels.access.denialReason);
  fill(auditActionLabels, ...modules.map((m) => m.auditAction));
  fill(entityTypeLabels, ...modules.map((m) => m.entityType));
  fill(assistanceProgrammeLabels, labels.assistance.programme);
  fill(caseStatusLabels, labels.assistance.caseStatus);
  fill(caseActionLabels, labels.assistance.caseAction);
  fill(assistanceSettingLabels, labels.assistance.setting);
  fill(assistanceSettingDescriptions, labels.assistance.settingDescription);
  fill(warningActionLabels, labels.monitoring.warningAction);
  fill(leadActionLabels, labels.monitoring.leadAction);
  fill(handleOutcomeLabels, labels.monitoring.handleOutcome);
  fill(leadOutcomeLabels, labels.monitoring.leadOutcome);
  fill(contactChannelLabels, labels.monitoring.contactChannel);
  installEldercareLabels(labels.eldercare);
}

/** Every status has its colour: a new status fails the type check here. */
export const caseStatusColors: Record<keyof Labels['assistance']['caseStatus'], string> & Record<string, string> = {
  applied: 'default',
  accepted: 'blue',
  verified: 'cyan',
  visited: 'geekblue',
  in_notice: 'purple',
  in_payment: 'green',
  suspended: 'orange',
  rejected: 'red',
  not_accepted: 'red',
  withdrawn: 'default',
  stopped: 'volcano',
  completed: 'default',
  emergency_paid: 'magenta',
};

export const warningLevelColors: Record<string, string> = { high: 'red', medium: 'orange', low: 'gold' };
