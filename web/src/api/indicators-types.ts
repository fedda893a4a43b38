/** Shapes of the plan's indicators and the community roster, as src/indicators/schemas.ts and src/community/routes.ts publish them. */
import type { Static } from 'typebox';
import type { RosterFiguresSchema, WorkerListSchema, WorkerSchema } from '../../../src/community/routes.js';
import type { DistrictsSchema, HistorySchema, IndicatorListSchema, IndicatorValueSchema, ManualEntrySchema, ManualInputSchema } from '../../../src/indicators/schemas.js';

export type IndicatorValue = Static<typeof IndicatorValueSchema>;
export type IndicatorList = Static<typeof IndicatorListSchema>;
export type IndicatorDistricts = Static<typeof DistrictsSchema>;
export type IndicatorHistory = Static<typeof HistorySchema>;
export type ManualEntry = Static<typeof ManualEntrySchema>;
export type ManualInput = Static<typeof ManualInputSchema>;
export type CommunityWorker = Static<typeof WorkerSchema>;
export type WorkerList = Static<typeof WorkerListSchema>;
export type RosterFigures = Static<typeof RosterFiguresSchema>;
