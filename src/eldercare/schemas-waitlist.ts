/** TypeBox schemas of the pooled waitlist: applications, the queue, offers, allocation runs. */
import { Type } from 'typebox';
import { APPLICATION_STATUSES, DECLARABLE_GROUPS, OFFER_STATUSES, PRIORITY_GROUPS, type ApplicationStatus, type OfferStatus, type PriorityGroup } from './model.js';
import { DateString, DivisionQuery, Enum, Nullable } from './schemas.js';
import { BedTypeSchema } from './schemas-facilities.js';

export const ApplicationStatusSchema = Enum<ApplicationStatus>(APPLICATION_STATUSES, 'waiting 轮候中；offered 已发床位通知；admitted 已入住；withdrawn 已撤回；removed 已移出');
export const PriorityGroupSchema = Enum<PriorityGroup>(PRIORITY_GROUPS);

export const ApplicationBody = Type.Object({
  personId: Type.Integer({ minimum: 1 }),
  bedType: BedTypeSchema,
  preferredDistricts: Type.Optional(Type.Array(Type.String({ pattern: '^31\\d{4}(000000)?$' }), { maxItems: 16, description: '意向区（不填且无意向机构时为本人居住区）' })),
  preferredFacilities: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 10 })),
  acceptAnyDistrict: Type.Optional(Type.Boolean({ description: '同意跨区分配到任一区' })),
  declaredGroups: Type.Optional(Type.Array(Type.Object({ group: Enum<(typeof DECLARABLE_GROUPS)[number]>(DECLARABLE_GROUPS), evidence: Type.String({ minLength: 1, maxLength: 200 }) }), { maxItems: 2 })),
  appliedOn: Type.Optional(DateString),
});

const ApplicationFields = {
  id: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  householdId: Nullable(Type.Integer()),
  divisionCode: Type.String(),
  districtCode: Type.String(),
  appliedOn: DateString,
  bedType: BedTypeSchema,
  bedTypeName: Type.String(),
  preferredDistricts: Type.Array(Type.String()),
  preferredFacilities: Type.Array(Type.Integer()),
  acceptAnyDistrict: Type.Boolean(),
  age: Type.Integer(),
  groups: Type.Array(Type.Object({ group: Type.String(), name: Type.String(), source: Type.String() })),
  assessmentLevel: Type.Integer(),
  assessmentValidUntil: Nullable(DateString),
  tier: Type.Integer(),
  status: ApplicationStatusSchema,
  statusName: Type.String(),
  declines: Type.Integer(),
  admittedOn: Nullable(DateString),
  closedReason: Nullable(Type.String()),
};

export const OfferSchema = Type.Object({
  id: Type.Integer(),
  applicationId: Type.Integer(),
  bedId: Type.Integer(),
  facilityId: Type.Integer(),
  facilityName: Type.String(),
  districtCode: Type.String(),
  bedType: BedTypeSchema,
  position: Type.Integer(),
  offeredAt: Type.String(),
  expiresAt: Type.String(),
  status: Enum<OfferStatus>(OFFER_STATUSES),
  statusName: Type.String(),
  reason: Nullable(Type.String()),
});

export const ApplicationDetailSchema = Type.Object({
  ...ApplicationFields,
  position: Nullable(
    Type.Object({
      position: Type.Integer(),
      aheadByGroup: Type.Array(Type.Object({ group: Type.String(), name: Type.String(), count: Type.Integer() })),
      aheadSameGroupHigherLevel: Type.Integer(),
      aheadSameGroupSameLevelEarlier: Type.Integer(),
      waitingTotal: Type.Integer(),
    }),
  ),
  explanation: Type.Array(Type.String()),
  blockers: Type.Array(Type.String()),
  offers: Type.Array(OfferSchema),
  log: Type.Array(Type.Object({ action: Type.String(), at: Type.String(), actorUser: Nullable(Type.Integer()), reason: Nullable(Type.String()) })),
});

export const QueueQuery = Type.Object({
  division: DivisionQuery,
  status: Type.Optional(ApplicationStatusSchema),
  group: Type.Optional(PriorityGroupSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const QueueEntrySchema = Type.Object({ ...ApplicationFields, position: Nullable(Type.Integer()) });

export const AllocationSchema = Type.Object({
  bedsConsidered: Type.Integer(),
  offers: Type.Array(Type.Object({ offerId: Type.Integer(), bedId: Type.Integer(), facilityId: Type.Integer(), applicationId: Type.Integer(), position: Type.Integer(), crossDistrict: Type.Boolean() })),
  unmatchedBeds: Type.Array(Type.Integer()),
  queueLength: Type.Integer(),
});
