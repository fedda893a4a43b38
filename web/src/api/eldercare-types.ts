/**
 * Shapes of the elderly-care (养老服务) answers: facilities and beds, stays, assessments, the pooled waitlist
 * and the figures, as src/eldercare/schemas-facilities.ts and schemas-waitlist.ts publish them. Money is fen.
 */
import type { Static } from 'typebox';
import type {
  AssessmentBody,
  AssessmentSchema,
  BedFiguresSchema,
  BedSchema,
  BedTypeSchema,
  CountsSchema,
  FacilityKindSchema,
  FacilityListQuery,
  FacilitySchema,
  FiguresSchema,
  NewFacilityBody,
  OwnershipSchema,
  StaySchema,
} from '../../../src/eldercare/schemas-facilities.js';
import type { AllocationSchema, ApplicationBody, ApplicationDetailSchema, ApplicationStatusSchema, OfferSchema, PriorityGroupSchema, QueueEntrySchema, QueueQuery } from '../../../src/eldercare/schemas-waitlist.js';

export type FacilityKind = Static<typeof FacilityKindSchema>;
export type Ownership = Static<typeof OwnershipSchema>;
export type BedType = Static<typeof BedTypeSchema>;
export type BedCounts = Static<typeof CountsSchema>;
export type Facility = Static<typeof FacilitySchema>;
export type FacilityFilter = Pick<Static<typeof FacilityListQuery>, 'kind' | 'division' | 'q'>;
export type NewFacilityInput = Static<typeof NewFacilityBody>;
export type BedBatch = NonNullable<NewFacilityInput['beds']>[number];
export type BedPrice = NonNullable<NewFacilityInput['prices']>[number];

export type Stay = Static<typeof StaySchema>;
/** One bed of a facility (not personal data): what the admission dialog picks from. */
export type Bed = Static<typeof BedSchema>;
export type AllocationRun = Static<typeof AllocationSchema>;
export type AssessmentInput = Static<typeof AssessmentBody>;
export type Assessment = Static<typeof AssessmentSchema>;

export type ApplicationStatus = Static<typeof ApplicationStatusSchema>;
export type PriorityGroup = Static<typeof PriorityGroupSchema>;
export type ApplicationInput = Static<typeof ApplicationBody>;
export type DeclarableGroup = NonNullable<ApplicationInput['declaredGroups']>[number]['group'];
/** `position`: the city-wide place among waiting applications; null when not waiting. `personName` is '' for applications made before names were kept. */
export type QueueEntry = Static<typeof QueueEntrySchema>;
export type Offer = Static<typeof OfferSchema>;
export type ApplicationDetail = Static<typeof ApplicationDetailSchema>;
export type QueueFilter = Pick<Static<typeof QueueQuery>, 'status' | 'group' | 'division'>;

export type BedFigures = Static<typeof BedFiguresSchema>;
export type EldercareFigures = Static<typeof FiguresSchema>;
