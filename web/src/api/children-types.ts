/** Shapes of the 儿童福利 and 残疾人福利 answers, as src/children/schemas.ts publishes them. Money is fen. */
import type { Static } from 'typebox';
import type { CaseDetailSchema, CaseListItemSchema, FiguresSchema, RehabParticipantSchema, RehabProviderSchema, SubsidySchema } from '../../../src/children/schemas.js';

export type ChildCaseItem = Static<typeof CaseListItemSchema>;
export type ChildCaseDetail = Static<typeof CaseDetailSchema>;
export type ChildrenFigures = Static<typeof FiguresSchema>;
export type Subsidy = Static<typeof SubsidySchema>;
export type RehabProvider = Static<typeof RehabProviderSchema>;
export type RehabParticipant = Static<typeof RehabParticipantSchema>;
