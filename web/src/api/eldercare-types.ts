/**
 * Shapes of the elderly-care (养老服务) answers: facilities and beds, stays, assessments, the pooled waitlist
 * and the figures, as src/eldercare/schemas-facilities.ts and schemas-waitlist.ts publish them. Money is fen.
 */

export type FacilityKind = 'institution' | 'community_centre' | 'day_care' | 'meal_point' | 'family_bed_station';
export type Ownership = 'public' | 'public_private' | 'private';
export type BedType = 'nursing' | 'cognitive' | 'ordinary';
export const BED_TYPES: readonly BedType[] = ['nursing', 'cognitive', 'ordinary'];

export interface BedCounts {
  licensed: number;
  basicGuarantee: number;
  occupied: number;
  offered: number;
  free: number;
}

export interface Facility {
  id: number;
  kind: FacilityKind;
  name: string;
  ownership: Ownership;
  organisationId: number | null;
  creditCode: string | null;
  address: string;
  divisionCode: string;
  districtCode: string;
  status: string;
  mealPriceFen: number | null;
  dayCarePlaces: number | null;
  beds: Record<BedType, BedCounts>;
  totalBeds: BedCounts;
  prices: { bedType: BedType; monthlyPriceFen: number; basicGuaranteePriceFen: number | null }[];
}

export interface FacilityFilter {
  kind?: FacilityKind;
  division?: string;
  q?: string;
}

export interface Stay {
  id: number;
  bedId: number;
  bedLabel: string;
  bedType: BedType;
  bedTypeName: string;
  basicGuarantee: boolean;
  facilityId: number;
  personId: number;
  applicationId: number | null;
  admittedOn: string;
  dischargedOn: string | null;
  dischargeReason: string | null;
}

export interface AllocationRun {
  bedsConsidered: number;
  offers: { offerId: number; bedId: number; facilityId: number; applicationId: number; position: number; crossDistrict: boolean }[];
  unmatchedBeds: number[];
  queueLength: number;
}

export interface AssessmentInput {
  personId: number;
  level: number;
  cognitiveImpairment?: boolean;
  assessor: string;
  assessedOn: string;
}

export interface Assessment {
  id: number;
  personId: number;
  level: number;
  levelText: string;
  cognitiveImpairment: boolean;
  qualifiesForLongTermCare: boolean;
  assessor: string;
  assessedOn: string;
  validUntil: string;
  divisionCode: string;
  state: 'valid' | 'expiring' | 'expired';
  daysLeft: number;
}

export type ApplicationStatus = 'waiting' | 'offered' | 'admitted' | 'withdrawn' | 'removed';
export type PriorityGroup = 'destitute' | 'dibao_low_income' | 'disabled' | 'age80' | 'family_planning' | 'entitled';
export type DeclarableGroup = 'family_planning' | 'entitled';

export interface ApplicationInput {
  personId: number;
  bedType: BedType;
  preferredDistricts?: string[];
  acceptAnyDistrict?: boolean;
  declaredGroups?: { group: DeclarableGroup; evidence: string }[];
  appliedOn?: string;
}

export interface ApplicationFields {
  id: number;
  personId: number;
  /** As the registry gave it at application; '' for applications made before names were kept. */
  personName: string;
  householdId: number | null;
  divisionCode: string;
  districtCode: string;
  appliedOn: string;
  bedType: BedType;
  bedTypeName: string;
  preferredDistricts: string[];
  preferredFacilities: number[];
  acceptAnyDistrict: boolean;
  age: number;
  groups: { group: string; name: string; source: string }[];
  assessmentLevel: number;
  assessmentValidUntil: string | null;
  tier: number;
  status: ApplicationStatus;
  statusName: string;
  declines: number;
  admittedOn: string | null;
  closedReason: string | null;
}

export interface QueueEntry extends ApplicationFields {
  /** City-wide place among waiting applications; null when not waiting. */
  position: number | null;
}

export interface Offer {
  id: number;
  applicationId: number;
  bedId: number;
  facilityId: number;
  facilityName: string;
  districtCode: string;
  bedType: BedType;
  position: number;
  offeredAt: string;
  expiresAt: string;
  status: 'open' | 'accepted' | 'declined' | 'expired' | 'cancelled';
  statusName: string;
  reason: string | null;
}

export interface ApplicationDetail extends ApplicationFields {
  position: {
    position: number;
    aheadByGroup: { group: string; name: string; count: number }[];
    aheadSameGroupHigherLevel: number;
    aheadSameGroupSameLevelEarlier: number;
    waitingTotal: number;
  } | null;
  explanation: string[];
  blockers: string[];
  offers: Offer[];
  log: { action: string; at: string; actorUser: number | null; reason: string | null }[];
}

export interface QueueFilter {
  status?: ApplicationStatus;
  group?: PriorityGroup;
  division?: string;
}

export interface BedFigures {
  districtCode: string;
  nursing: number;
  cognitive: number;
  ordinary: number;
  total: number;
  basicGuarantee: number;
  occupied: number;
  occupancyPercent: number;
  nursingSharePercent: number;
  familyCareBeds: number;
}

export interface EldercareFigures {
  on: string;
  scope: string;
  institutions: number;
  mealPoints: number;
  communityCentres: number;
  dayCare: number;
  beds: BedFigures;
  byDistrict: BedFigures[];
  targets: {
    nursingShare: { targetPercent: number; actualPercent: number; met: boolean; cognitiveCountedAsNursing: boolean };
    cognitiveBeds: { target: number; actual: number; met: boolean; cityWide: boolean };
  };
  waitlist: {
    waiting: number;
    offered: number;
    byDistrict: { districtCode: string; waiting: number; offered: number }[];
    byGroup: { tier: number; waiting: number }[];
    currentWaitDays: { median: number | null; p90: number | null };
    admittedWaitDays: { median: number | null; p90: number | null; admissions: number };
  };
}

export interface BedBatch {
  bedType: BedType;
  count: number;
  basicGuarantee: boolean;
}

export interface BedPrice {
  bedType: BedType;
  monthlyPriceFen: number;
  basicGuaranteePriceFen?: number | null;
}

export interface NewFacilityInput {
  kind: FacilityKind;
  name: string;
  ownership: Ownership;
  organisationId?: number | null;
  address?: string;
  divisionCode: string;
  mealPriceFen?: number | null;
  dayCarePlaces?: number | null;
  beds?: BedBatch[];
  prices?: BedPrice[];
}
