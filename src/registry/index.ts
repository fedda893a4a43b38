export { IdVault } from './id-vault.js';
export { SHANGHAI_CITY, SHANGHAI_DISTRICTS, SHANGHAI_STREETS, type DivisionSeed } from './shanghai-divisions.js';
export type {
  RegistryTables,
  RegistryDb,
  LaborCapacity,
  Relation,
  Disability,
  SubjectType,
  FactAttributes,
  PersonView,
  DivisionView,
  HouseholdView,
  HouseholdMemberView,
  MembershipView,
  OrganisationView,
  FactView,
  Page,
  DivisionOrderKind,
} from './model.js';
export { LABOR_CAPACITIES, RELATIONS, DISABILITY_CATEGORIES } from './model.js';
export { seedDivisions, getDivision, findDivision, streetsOn, renameOrCloseDivision, parentCodeOf, type DivisionTree } from './divisions.js';
export { registerPerson, getPerson, listPersons, type NewPerson, type PersonReadOptions, type PersonQuery } from './persons.js';
export { UNMASK_PURPOSES, UNMASK_PURPOSE_CODES, unmaskPurposeText, type UnmaskPurpose } from './unmask.js';
export { recordDeath, setDisability, setLaborCapacity, moveResidence } from './person-changes.js';
export { changePersons, type PersonChange, type ChangeOutcome } from './person-batch.js';
export { getPersons, findPersonIds } from './person-lookup.js';
export { personIdHashes, personIdsByHash } from './id-hashes.js';
export { createHousehold, addMember, endMembership, getHousehold, householdMemberships, type NewMembership } from './households.js';
export { householdContacts, type HouseholdContact } from './household-contacts.js';
export { createOrganisation, getOrganisation, listOrganisations, type NewOrganisation } from './organisations.js';
export { insertOrganisationRecord, updateOrganisationRecord, closeOrganisationRecord, type EstablishedOrganisation } from './organisation-lifecycle.js';
export { recordFactBatch, correctFact, listFacts, factSubjectsOfBatch, type FactBatch, type BatchReceipt, type FactCorrection } from './facts.js';
export type { NewFact } from './fact-rules.js';
export {
  SITUATION_FACT_KINDS,
  CUSTODY_MEASURES,
  PARENT_LINK_KIND,
  PARENT_ROLES,
  situationFactNames,
  situationFactsOf,
  situationFactsOfBatch,
  linkedChildren,
  linkedParents,
  type SituationFactKind,
  type CustodyMeasure,
  type ParentRole,
  type SituationFact,
} from './situations.js';
export { changeSealedParentLinks, SEALED_ATTRIBUTE, type ParentLinkChange } from './parent-links.js';
export { endPersonFacts, type FactEnd, type EndOutcome } from './fact-ends.js';
export { householdPolicyInput, readHouseholdPolicyInput, type HouseholdPolicyInput, type PolicyMemberInput } from './policy-input.js';
export { personCircle, type PersonCircle } from './person-circle.js';
export { DEMO_STREETS, demoCityProgressBar, loadDemoCity, type DemoCityOptions, type DemoCityPhase, type DemoCityProgress, type DemoCitySummary } from './demo-city/index.js';
export { policyChangedHouseholds, policyChangesSql, type PolicyChangeQuery } from './policy-changes.js';
export { POLICY_ROW_COLUMNS, policyColumnRows, policyRowsText, policyRowsCopySql, householdsOfPersons, countPolicyHouseholds, type PolicyRowsOptions } from './policy-columns.js';
export { registryLabels, RegistryLabelsSchema } from './labels.js';
export { personNames, householdNames, maskPersonName, type PersonName, type HouseholdName } from './display-names.js';
export { registryAuditSubjects } from './audit-subjects.js';
export { divisionNameMap } from './ledger-names.js';
export { householdCountsByDivision } from './division-counts.js';
export { insertDivisionOrder, recordOrderDetail, openDivisionRow, closeDivisionRow, moveDivisionSubjects, laterMoveOf, householdsOn, personsOn, divisionCountsOn, type NewDivisionOrder, type MoveOutcome } from './division-orders.js';
