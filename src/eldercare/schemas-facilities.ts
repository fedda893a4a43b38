/** TypeBox schemas of facilities, beds, stays, assessments and figures. */
import { Type } from 'typebox';
import { BED_TYPES, FACILITY_KINDS, OWNERSHIPS, type BedType, type FacilityKind, type Ownership } from './model.js';
import { DateString, DivisionQuery, Enum, Fen, Nullable, PersonNameFields } from './schemas.js';

export const BedTypeSchema = Enum<BedType>(BED_TYPES, 'nursing 护理型；cognitive 认知障碍照护；ordinary 普通');
export const FacilityKindSchema = Enum<FacilityKind>(
  FACILITY_KINDS,
  'institution 养老机构；community_centre 社区综合为老服务中心；day_care 日间照护；meal_point 社区长者食堂；family_bed_station 家庭照护床位服务站；rental_point 康复辅具社区租赁点',
);
export const OwnershipSchema = Enum<Ownership>(OWNERSHIPS, 'public 公办；public_private 公建民营；private 民办');

const BedBatchSchema = Type.Object({ bedType: BedTypeSchema, count: Type.Integer({ minimum: 1, maximum: 5000 }), basicGuarantee: Type.Boolean({ description: '是否保基本床位（经统筹轮候分配）' }) });
/** Prices entered by hand, stored in int4 columns (bed_prices, facilities.meal_price_fen): bounded by the column. */
const PriceFen = Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: '金额（分）' });
const BedPriceSchema = Type.Object({ bedType: BedTypeSchema, monthlyPriceFen: PriceFen, basicGuaranteePriceFen: Type.Optional(Nullable(PriceFen)) });
export const CountsSchema = Type.Object({ licensed: Type.Integer(), basicGuarantee: Type.Integer(), occupied: Type.Integer(), offered: Type.Integer(), free: Type.Integer() });

export const NewFacilityBody = Type.Object({
  kind: FacilityKindSchema,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  ownership: OwnershipSchema,
  organisationId: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: '运营机构（人口库机构登记编号，统一社会信用代码由此读取）' }))),
  address: Type.Optional(Type.String({ maxLength: 300 })),
  divisionCode: Type.String({ description: '所在街道（乡镇）或居（村）委会代码' }),
  mealPriceFen: Type.Optional(Nullable(PriceFen)),
  dayCarePlaces: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  beds: Type.Optional(Type.Array(BedBatchSchema, { maxItems: 20 })),
  prices: Type.Optional(Type.Array(BedPriceSchema, { maxItems: 3 })),
});
export const BedsBody = Type.Object({ beds: Type.Array(BedBatchSchema, { minItems: 1, maxItems: 20 }) });
export const PricesBody = Type.Object({ prices: Type.Array(BedPriceSchema, { minItems: 1, maxItems: 3 }) });

export const FacilityListQuery = Type.Object({
  division: DivisionQuery,
  kind: Type.Optional(FacilityKindSchema),
  q: Type.Optional(Type.String({ maxLength: 50 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const FacilitySchema = Type.Object({
  id: Type.Integer(),
  kind: FacilityKindSchema,
  name: Type.String(),
  ownership: OwnershipSchema,
  organisationId: Nullable(Type.Integer()),
  creditCode: Nullable(Type.String()),
  address: Type.String(),
  divisionCode: Type.String(),
  districtCode: Type.String(),
  status: Type.String(),
  mealPriceFen: Nullable(Fen),
  dayCarePlaces: Nullable(Type.Integer()),
  beds: Type.Object({ nursing: CountsSchema, cognitive: CountsSchema, ordinary: CountsSchema }),
  totalBeds: CountsSchema,
  prices: Type.Array(Type.Object({ bedType: BedTypeSchema, monthlyPriceFen: Fen, basicGuaranteePriceFen: Nullable(Fen) })),
});

export const StaySchema = Type.Object({
  id: Type.Integer(),
  bedId: Type.Integer(),
  bedLabel: Type.String(),
  bedType: BedTypeSchema,
  bedTypeName: Type.String(),
  basicGuarantee: Type.Boolean(),
  facilityId: Type.Integer(),
  personId: Type.Integer(),
  ...PersonNameFields,
  applicationId: Nullable(Type.Integer()),
  admittedOn: DateString,
  dischargedOn: Nullable(DateString),
  dischargeReason: Nullable(Type.String()),
});

export const BedSchema = Type.Object({
  id: Type.Integer(),
  label: Type.String(),
  bedType: BedTypeSchema,
  bedTypeName: Type.String(),
  basicGuarantee: Type.Boolean(),
  status: Enum<'free' | 'offered' | 'occupied' | 'closed'>(['free', 'offered', 'occupied', 'closed'], 'free 空闲；offered 已通知待答复；occupied 已入住；closed 停用'),
});
export const BedListQuery = Type.Object({ free: Type.Optional(Type.Boolean({ description: '只列当前空闲的床位' })) });

export const AssessmentBody = Type.Object({
  personId: Type.Integer({ minimum: 1 }),
  level: Type.Integer({ minimum: 0, maximum: 6, description: '照护等级 0–6（2–6 级可享长期照护服务）' }),
  cognitiveImpairment: Type.Optional(Type.Boolean()),
  assessor: Type.String({ minLength: 1, maxLength: 200, description: '评估机构及评估员' }),
  assessedOn: DateString,
});

export const AssessmentSchema = Type.Object({
  id: Type.Integer(),
  personId: Type.Integer(),
  ...PersonNameFields,
  level: Type.Integer(),
  levelText: Type.String(),
  cognitiveImpairment: Type.Boolean(),
  qualifiesForLongTermCare: Type.Boolean(),
  assessor: Type.String(),
  assessedOn: DateString,
  validUntil: DateString,
  divisionCode: Type.String(),
  state: Enum<'valid' | 'expiring' | 'expired'>(['valid', 'expiring', 'expired']),
  daysLeft: Type.Integer(),
});

export const BedFiguresSchema = Type.Object({
  districtCode: Type.String(),
  nursing: Type.Integer(),
  cognitive: Type.Integer(),
  ordinary: Type.Integer(),
  total: Type.Integer(),
  basicGuarantee: Type.Integer(),
  occupied: Type.Integer(),
  occupancyPercent: Type.Number(),
  nursingSharePercent: Type.Number(),
  familyCareBeds: Type.Integer(),
});
const Spread = Type.Object({ median: Nullable(Type.Integer()), p90: Nullable(Type.Integer()) });

export const FiguresSchema = Type.Object({
  on: DateString,
  scope: Type.String(),
  institutions: Type.Integer(),
  mealPoints: Type.Integer(),
  communityCentres: Type.Integer(),
  dayCare: Type.Integer(),
  beds: BedFiguresSchema,
  byDistrict: Type.Array(BedFiguresSchema),
  targets: Type.Object({
    nursingShare: Type.Object({ targetPercent: Type.Number(), actualPercent: Type.Number(), met: Type.Boolean(), cognitiveCountedAsNursing: Type.Boolean() }),
    cognitiveBeds: Type.Object({ target: Type.Integer(), actual: Type.Integer(), met: Type.Boolean(), cityWide: Type.Boolean() }),
  }),
  waitlist: Type.Object({
    waiting: Type.Integer(),
    offered: Type.Integer(),
    byDistrict: Type.Array(Type.Object({ districtCode: Type.String(), waiting: Type.Integer(), offered: Type.Integer() })),
    byGroup: Type.Array(Type.Object({ tier: Type.Integer(), waiting: Type.Integer() })),
    currentWaitDays: Spread,
    admittedWaitDays: Type.Object({ median: Nullable(Type.Integer()), p90: Nullable(Type.Integer()), admissions: Type.Integer() }),
  }),
});
