/** Shapes of the funeral (殡葬) answers, as src/funeral/schemas.ts publishes them. Money is fen. */
import type { Static } from 'typebox';
import type { DeathSchema, FiguresSchema, SubsidyBody, SubsidySchema, UnitBody, UnitSchema, DeathNoticeBody, CremationBody, CremationSchema } from '../../../src/funeral/schemas.js';

export type Death = Static<typeof DeathSchema>;
export type ChecklistItem = Death['checklist'][number];
export type Subsidy = Static<typeof SubsidySchema>;
export type SubsidyInput = Static<typeof SubsidyBody>;
export type Unit = Static<typeof UnitSchema>;
export type UnitInput = Static<typeof UnitBody>;
export type DeathNoticeInput = Static<typeof DeathNoticeBody>;
export type CremationInput = Static<typeof CremationBody>;
export type FuneralFigures = Static<typeof FiguresSchema>;
export type Cremation = NonNullable<Static<typeof CremationSchema>>;
