import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Fen, IsoDate, Month } from '../kernel/index.js';
import type { FindingAction, FindingStatus } from '../kernel/index.js';
import type { ChecklistItemDef } from './setting-defs.js';

/** A jsonb column: written as JSON text, read back as a value. */
type Json<T> = ColumnType<T, string, string>;

export const DEATH_SOURCES = ['hospital', 'police', 'caseworker', 'collection', 'registry'] as const;
export type DeathSource = (typeof DEATH_SOURCES)[number];
export const deathSourceNames: Record<DeathSource, string> = {
  hospital: '医院（居民死亡医学证明）',
  police: '公安（死亡确认）',
  caseworker: '街镇社工（居家死亡）',
  collection: '殡仪馆（遗体接运）',
  registry: '人口库死亡登记',
};

export const UNIT_KINDS = ['funeral_home', 'cemetery_commercial', 'cemetery_public', 'burial_ground_public', 'columbarium', 'service_station', 'sea_burial', 'agency'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const unitKindNames: Record<UnitKind, string> = {
  funeral_home: '殡仪馆',
  cemetery_commercial: '经营性公墓',
  cemetery_public: '公益性公墓',
  burial_ground_public: '公益性埋葬地',
  columbarium: '骨灰堂',
  service_station: '殡仪服务站',
  sea_burial: '海葬服务机构',
  agency: '殡葬代理服务机构',
};

export const PRICE_CATEGORIES = ['government', 'guided', 'market'] as const;
export type PriceCategory = (typeof PRICE_CATEGORIES)[number];
export const priceCategoryNames: Record<PriceCategory, string> = { government: '政府定价', guided: '政府指导价', market: '市场调节价' };

/** The four items of the basic funeral service (便民问答 2024-10-21). */
export const BASIC_ITEMS = ['transport', 'storage', 'cremation', 'ash_storage'] as const;
export type BasicItem = (typeof BASIC_ITEMS)[number];
export const basicItemNames: Record<BasicItem, string> = { transport: '遗体接运（基本殡仪车）', storage: '遗体冷藏（5 天内）', cremation: '遗体火化（平板炉）', ash_storage: '骨灰寄存（1 年内）' };

export const BURIAL_TYPES = ['traditional', 'wall', 'tree', 'flower_bed', 'lawn', 'sea', 'deep', 'niche', 'joint'] as const;
export type BurialType = (typeof BURIAL_TYPES)[number];
export const burialTypeNames: Record<BurialType, string> = { traditional: '传统墓', wall: '壁葬', tree: '树葬', flower_bed: '花坛葬', lawn: '草坪葬', sea: '海葬', deep: '深埋', niche: '室内格位', joint: '家庭合葬' };

export const SUBSIDY_KINDS = ['basic', 'sea', 'tree', 'lawn', 'flower_bed', 'wall'] as const;
export type SubsidyKind = (typeof SUBSIDY_KINDS)[number];
export const subsidyKindNames: Record<SubsidyKind, string> = { basic: '基本殡葬服务补贴', sea: '海葬补贴', tree: '树葬补贴', lawn: '草坪葬补贴', flower_bed: '花坛葬补贴', wall: '壁葬补贴' };

export type FuneralTables = {
  'funeral.deaths': {
    id: Generated<number>;
    person_id: number | null;
    id_number_hash: Buffer | null;
    id_number_masked: string | null;
    name: string | null;
    birth_date: IsoDate | null;
    death_date: IsoDate;
    source: DeathSource;
    hukou_division: string;
    residence_division: string;
    shanghai_hukou: boolean;
    household_id: number | null;
    items: Json<ChecklistItemDef[]>;
    opened_at: Generated<Date>;
    completed_at: Date | null;
  };
  'funeral.notices': {
    id: Generated<number>;
    death_id: number;
    source: DeathSource;
    proof_number: string | null;
    death_date: IsoDate;
    status: 'first' | 'attached' | 'review';
    note: string | null;
    reported_by: number | null;
    reported_at: Generated<Date>;
  };
  'funeral.settlements': {
    person_id: number;
    module: string;
    event_id: number;
    payload: Json<Record<string, unknown>>;
    settled_at: Generated<Date>;
  };
  'funeral.ticks': { death_id: number; item: string; note: string; ticked_by: number; ticked_at: Generated<Date> };
  'funeral.units': {
    id: Generated<number>;
    kind: UnitKind;
    name: string;
    organisation_id: number | null;
    division_code: string;
    licence_number: string | null;
    licence_checked_year: number | null;
    capacity: Json<Record<string, unknown>>;
    status: Generated<'open' | 'suspended' | 'closed'>;
    created_at: Generated<Date>;
  };
  'funeral.prices': { id: Generated<number>; unit_id: number; item: string; category: PriceCategory; price_fen: Fen; basic_item: BasicItem | null; from_date: IsoDate };
  'funeral.plots': { id: Generated<number>; unit_id: number; burial_type: BurialType; area_m2: ColumnType<string, number | string, number | string>; new_area: boolean; buried_on: IsoDate | null; death_id: number | null };
  'funeral.cremations': {
    id: Generated<number>;
    death_id: number;
    unit_id: number;
    collected_on: IsoDate;
    furnace: 'flat' | 'advanced';
    cremated_on: IsoDate | null;
    certificate_number: string | null;
    storage_days: number;
    cost_fen: Json<Partial<Record<BasicItem, Fen>>>;
    recorded_by: number;
    recorded_at: Generated<Date>;
    collection_address: string | null;
    family_signer: string | null;
    ashes: 'pickup' | 'stored' | null;
    ashes_on: IsoDate | null;
    ashes_until: IsoDate | null;
    transport_certificate: string | null;
    transport_destination: string | null;
  };
  'funeral.subsidies': {
    id: Generated<number>;
    death_id: number;
    kind: SubsidyKind;
    amount_fen: Fen;
    cost_fen: Fen;
    grounds: string;
    rule: string;
    organiser_name: string;
    bank_account: string;
    status: Generated<'approved' | 'paid'>;
    payable_on: IsoDate;
    applied_by: number;
    applied_at: Generated<Date>;
  };
  'funeral.inspections': {
    id: Generated<number>;
    unit_id: number;
    division_code: string;
    kind: InspectionKind;
    status: Generated<'planned' | 'done'>;
    planned_on: IsoDate;
    inspected_on: IsoDate | null;
    inspectors: string;
    summary: Generated<string>;
    draw_reference: string | null;
    recorded_by: number | null;
    recorded_at: Generated<Date>;
  };
  'funeral.findings': {
    id: Generated<number>;
    inspection_id: number;
    unit_id: number;
    division_code: string;
    category: FindingCategory;
    description: string;
    status: FindingStatus;
    deadline: IsoDate;
    overdue: Generated<boolean>;
    version: number;
    created_at: Generated<Date>;
  };
  'funeral.finding_log': { finding_id: number; seq: number; action: FindingAction; actor_user: number | null; at: Date; reason: string | null; detail: Json<Record<string, unknown>> };
  'funeral.sanctions': {
    id: Generated<number>;
    unit_id: number;
    division_code: string;
    kind: SanctionKind;
    decided_on: IsoDate;
    until_on: IsoDate | null;
    reason: string;
    finding_id: number | null;
    decided_by: number;
    created_at: Generated<Date>;
  };
  'funeral.complaints': {
    id: Generated<number>;
    channel: ComplaintChannel;
    ticket: string | null;
    received_on: IsoDate;
    deadline: IsoDate;
    division_code: string;
    unit_id: number | null;
    category: string;
    summary: string;
    complainant: string | null;
    answered_on: IsoDate | null;
    answer: string | null;
    recorded_by: number;
    recorded_at: Generated<Date>;
  };
  'funeral.intakes': { death_id: number; unit_id: number | null; answers: Json<{ key: string; question: string; answer: string }[]>; asked_by: number; asked_at: Generated<Date> };
  'funeral.assistance_roster': { case_id: number; household_id: number; beneficiary_person_id: number | null; programme: string; active: boolean; stopped_month: Month | null; changed_at: Generated<Date> };
};

export type FuneralDb = Kysely<FuneralTables>;

export const INSPECTION_KINDS = ['random', 'routine', 'special', 'complaint'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];
export const inspectionKindNames: Record<InspectionKind, string> = { random: '双随机抽查', routine: '日常检查', special: '专项检查', complaint: '投诉核查' };

/** The areas the 殡葬领域专项整治 names. */
export const FINDING_CATEGORIES = ['contracts', 'management', 'ash_storage', 'goods', 'advertising', 'price_labelling'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];
export const findingCategoryNames: Record<FindingCategory, string> = {
  contracts: '服务合同',
  management: '内部管理',
  ash_storage: '骨灰存放',
  goods: '殡葬用品',
  advertising: '广告宣传',
  price_labelling: '明码标价',
};

export const SANCTION_KINDS = ['summons', 'ban'] as const;
export type SanctionKind = (typeof SANCTION_KINDS)[number];
export const sanctionKindNames: Record<SanctionKind, string> = { summons: '约谈', ban: '禁止承接业务' };

export const COMPLAINT_CHANNELS = ['hotline', 'letter', 'online', 'walk_in'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
export const complaintChannelNames: Record<ComplaintChannel, string> = { hotline: '12345 热线', letter: '来信', online: '网上投诉', walk_in: '来访' };
