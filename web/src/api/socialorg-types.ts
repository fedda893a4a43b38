/** Shapes of the 社会组织 answers, as src/socialorg/schemas.ts publishes them. Money is fen. */
import type { Static } from 'typebox';
import type {
  AnnualRunSchema,
  DetailSchema,
  EntrySchema,
  FiguresSchema,
  NameApplicationBody,
  NameCheckSchema,
  OrganisationSchema,
  PublicDetailSchema,
  PublicOrganisationSchema,
  ReportBody,
  ReportSchema,
  SettingSchema,
  SpendingCheckSchema,
  StepBody,
} from '../../../src/socialorg/schemas.js';

export type Organisation = Static<typeof OrganisationSchema>;
export type OrganisationDetail = Static<typeof DetailSchema>;
export type NameApplication = Static<typeof NameApplicationBody>;
export type NameCheck = Static<typeof NameCheckSchema>;
export type StepInput = Static<typeof StepBody>;
export type Entry = Static<typeof EntrySchema>;
export type Report = Static<typeof ReportSchema>;
export type ReportInput = Static<typeof ReportBody>;
export type AnnualRun = Static<typeof AnnualRunSchema>;
export type Figures = Static<typeof FiguresSchema>;
export type SocialorgSetting = Static<typeof SettingSchema>;
export type PublicOrganisation = Static<typeof PublicOrganisationSchema>;
export type PublicDetail = Static<typeof PublicDetailSchema>;
export type SpendingCheck = Static<typeof SpendingCheckSchema>;
