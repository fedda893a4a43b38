import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Fen, IsoDate } from '../kernel/index.js';

type Json<T> = ColumnType<T, string, string>;
type DateCol = ColumnType<IsoDate, IsoDate, IsoDate>;

export const FACILITY_KINDS = ['institution', 'community_centre', 'day_care', 'meal_point', 'family_bed_station', 'rental_point'] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];
export const facilityKindNames: Record<FacilityKind, string> = {
  institution: '养老机构',
  community_centre: '社区综合为老服务中心',
  day_care: '日间照护机构',
  meal_point: '社区长者食堂',
  family_bed_station: '家庭照护床位服务站',
  rental_point: '康复辅具社区租赁点',
};

export const OWNERSHIPS = ['public', 'public_private', 'private'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];
export const ownershipNames: Record<Ownership, string> = { public: '公办', public_private: '公建民营', private: '民办' };

export const BED_TYPES = ['nursing', 'cognitive', 'ordinary'] as const;
export type BedType = (typeof BED_TYPES)[number];
export const bedTypeNames: Record<BedType, string> = { nursing: '护理型床位', cognitive: '认知障碍照护床位', ordinary: '普通床位' };

export const BED_STATUSES = ['free', 'offered', 'occupied', 'closed'] as const;
export type BedStatus = (typeof BED_STATUSES)[number];

/** The waitlist's priority groups (统筹轮候优先对象), in the seeds' and the issue's order; the order itself is a setting. */
export const PRIORITY_GROUPS = ['destitute', 'dibao_low_income', 'disabled', 'age80', 'family_planning', 'entitled'] as const;
export type PriorityGroup = (typeof PRIORITY_GROUPS)[number];
export const priorityGroupNames: Record<PriorityGroup, string> = {
  destitute: '特困人员',
  dibao_low_income: '低保、低收入家庭老年人',
  disabled: '残疾老年人',
  age80: '80 周岁及以上高龄老年人',
  family_planning: '计划生育特殊家庭老年人',
  entitled: '优抚对象等重点保障对象',
};
/** Groups the registry and assistance cannot know: the applicant declares them and a caseworker verifies the evidence. */
export const DECLARABLE_GROUPS = ['family_planning', 'entitled'] as const satisfies readonly PriorityGroup[];

export const APPLICATION_STATUSES = ['waiting', 'offered', 'admitted', 'withdrawn', 'removed'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const applicationStatusNames: Record<ApplicationStatus, string> = { waiting: '轮候中', offered: '已发出床位通知', admitted: '已入住', withdrawn: '已撤回', removed: '已移出轮候' };

export const OFFER_STATUSES = ['open', 'accepted', 'declined', 'expired', 'cancelled'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];
export const offerStatusNames: Record<OfferStatus, string> = { open: '待答复', accepted: '已接受', declined: '已放弃', expired: '逾期未答复', cancelled: '已取消' };

export type EldercareTables = {
  'eldercare.facilities': {
    id: Generated<number>;
    kind: FacilityKind;
    name: string;
    ownership: Ownership;
    organisation_id: number | null;
    credit_code: string | null;
    address: string;
    division_code: string;
    district_code: string;
    status: Generated<'open' | 'suspended' | 'closed'>;
    meal_price_fen: Fen | null;
    day_care_places: number | null;
    created_at: Generated<Date>;
  };
  'eldercare.bed_prices': {
    facility_id: number;
    bed_type: BedType;
    monthly_price_fen: Fen;
    basic_guarantee_price_fen: Fen | null;
  };
  'eldercare.beds': {
    id: Generated<number>;
    facility_id: number;
    bed_type: BedType;
    basic_guarantee: boolean;
    label: string;
    status: Generated<BedStatus>;
    freed_at: Generated<Date>;
    allocation_tried_at: Date | null;
  };
  'eldercare.stays': {
    id: Generated<number>;
    bed_id: number;
    facility_id: number;
    person_id: number;
    application_id: number | null;
    admitted_on: DateCol;
    discharged_on: IsoDate | null;
    discharge_reason: string | null;
    recorded_by: number | null;
  };
  'eldercare.assessments': {
    id: Generated<number>;
    person_id: number;
    level: number;
    cognitive_impairment: boolean;
    assessor: string;
    assessed_on: DateCol;
    valid_until: DateCol;
    division_code: string;
    recorded_by: number | null;
    recorded_at: Generated<Date>;
  };
  'eldercare.applications': {
    id: Generated<number>;
    person_id: number;
    person_name: Generated<string>;
    household_id: number | null;
    division_code: string;
    district_code: string;
    applied_on: DateCol;
    bed_type: BedType;
    preferred_districts: string[];
    preferred_facilities: number[];
    accept_any_district: boolean;
    birth_date: DateCol;
    groups: string[];
    declared_groups: string[];
    group_sources: Json<Record<string, string>>;
    assessment_id: number | null;
    assessment_level: number;
    assessment_valid_until: IsoDate | null;
    tier: number;
    status: Generated<ApplicationStatus>;
    declines: Generated<number>;
    status_changed_at: Generated<Date>;
    admitted_on: IsoDate | null;
    closed_reason: string | null;
    created_by: number | null;
    created_at: Generated<Date>;
  };
  'eldercare.application_log': {
    id: Generated<number>;
    application_id: number;
    action: string;
    actor_user: number | null;
    at: Generated<Date>;
    reason: string | null;
    detail: Json<Record<string, unknown>>;
  };
  'eldercare.offers': {
    id: Generated<number>;
    application_id: number;
    bed_id: number;
    facility_id: number;
    position: number;
    offered_at: Generated<Date>;
    expires_at: Date;
    status: Generated<OfferStatus>;
    answered_at: Date | null;
    reason: string | null;
    answered_by: number | null;
  };
  'eldercare.settings': {
    name: string;
    valid_from: DateCol;
    value: Json<unknown>;
    verified: boolean;
    source: string;
    set_by: number | null;
    set_at: Generated<Date>;
  };
  'eldercare.assistance_roster': {
    case_id: number;
    household_id: number;
    programme: string;
    active: boolean;
    changed_at: Generated<Date>;
  };
};

export type EldercareDb = Kysely<EldercareTables>;
