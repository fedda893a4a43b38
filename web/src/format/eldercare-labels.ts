/** Chinese labels for the elderly-care codes, from GET /labels (see label-tables.ts), and their colours. */
import { fill, labelTable, type Labels } from './label-tables.js';

type Eldercare = Labels['eldercare'];

export const facilityKindLabels = labelTable<keyof Eldercare['facilityKind']>();
export const ownershipLabels = labelTable<keyof Eldercare['ownership']>();
export const bedTypeLabels = labelTable<keyof Eldercare['bedType']>();
export const applicationStatusLabels = labelTable<keyof Eldercare['applicationStatus']>();
export const priorityGroupLabels = labelTable<keyof Eldercare['priorityGroup']>();
/** The groups the registry cannot know: declared by the applicant, with evidence a caseworker checks. */
export const declarableGroupLabels = labelTable<keyof Eldercare['declarableGroup']>();
export const applicationLogLabels = labelTable<keyof Eldercare['applicationLog']>();
export const assessmentStateLabels = labelTable<keyof Eldercare['assessmentState']>();
export const inspectionKindLabels = labelTable<keyof Eldercare['inspectionKind']>();
export const findingCategoryLabels = labelTable<keyof Eldercare['findingCategory']>();
export const severityLabels = labelTable<keyof Eldercare['severity']>();
export const findingStatusLabels = labelTable<keyof Eldercare['findingStatus']>();
export const mealLabels = labelTable<keyof Eldercare['meal']>();

/** The bed types in the server's order (nursing first: the plan counts its share). */
export const bedTypes = () => Object.keys(bedTypeLabels) as (keyof Eldercare['bedType'])[];

export function installEldercareLabels(labels: Eldercare): void {
  fill(facilityKindLabels, labels.facilityKind);
  fill(ownershipLabels, labels.ownership);
  fill(bedTypeLabels, labels.bedType);
  fill(applicationStatusLabels, labels.applicationStatus);
  fill(priorityGroupLabels, labels.priorityGroup);
  fill(declarableGroupLabels, labels.declarableGroup);
  fill(applicationLogLabels, labels.applicationLog);
  fill(assessmentStateLabels, labels.assessmentState);
  fill(inspectionKindLabels, labels.inspectionKind);
  fill(findingCategoryLabels, labels.findingCategory);
  fill(severityLabels, labels.severity);
  fill(findingStatusLabels, labels.findingStatus);
  fill(mealLabels, labels.meal);
}

export const applicationStatusColors: Record<string, string> = { waiting: 'blue', offered: 'gold', admitted: 'green', withdrawn: 'default', removed: 'red' };
export const offerStatusColors: Record<string, string> = { open: 'gold', accepted: 'green', declined: 'default', expired: 'red', cancelled: 'default' };
export const assessmentStateColors: Record<string, string> = { valid: 'green', expiring: 'orange', expired: 'red' };
export const severityColors: Record<string, string> = { minor: 'default', major: 'orange', critical: 'red' };
export const findingStatusColors: Record<string, string> = { open: 'orange', rectified: 'blue', verified: 'green', reopened: 'volcano' };
export const creditRatingColors: Record<string, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };
