/** Chinese names of the residents' end codes, sent to the web app by GET /labels (src/http/labels.ts). */
import { Type, type Static } from 'typebox';
import { LabelTable } from '../http/schemas.js';
import {
  APPLICATION_KINDS,
  applicationKindNames,
  CHANNELS,
  channelNames,
  CONSENT_SCOPES,
  consentScopeNames,
  INBOX_KINDS,
  inboxKindNames,
  OBJECTION_KINDS,
  OBJECTION_STATUSES,
  objectionKindNames,
  objectionStatusNames,
  PERSON_RELATIONS,
  personRelationNames,
} from './model.js';

export const ResidentLabelsSchema = Type.Object({
  applicationKind: LabelTable(APPLICATION_KINDS),
  consentScope: LabelTable(CONSENT_SCOPES),
  inboxKind: LabelTable(INBOX_KINDS),
  channel: LabelTable(CHANNELS),
  objectionKind: LabelTable(OBJECTION_KINDS),
  objectionStatus: LabelTable(OBJECTION_STATUSES),
  personRelation: LabelTable(PERSON_RELATIONS),
});

export const residentLabels: Static<typeof ResidentLabelsSchema> = {
  applicationKind: applicationKindNames,
  consentScope: consentScopeNames,
  inboxKind: inboxKindNames,
  channel: channelNames,
  objectionKind: objectionKindNames,
  objectionStatus: objectionStatusNames,
  personRelation: personRelationNames,
};
