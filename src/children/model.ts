import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Fen, IsoDate, Month } from '../kernel/index.js';
import { CUSTODY_MEASURES, situationFactNames } from '../registry/index.js';

type DateCol = ColumnType<IsoDate, IsoDate, IsoDate>;
type Json<T> = ColumnType<T, string, string>;

/**
 * A parent's situations the identification rules know (民发〔2019〕62号 and the Shanghai 2018 rule), in the
 * rules' words. They are stored once, as registry facts (`src/registry/situations.ts`): custody, drug_rehab
 * and restricted are the registry's `custody` with its measure; `released` is `custody_release`.
 */
export const SITUATION_KINDS = ['declared_missing', 'custody', 'drug_rehab', 'restricted', 'lost_contact', 'serious_illness', 'guardianship_revoked', 'deported', 'released'] as const;
export type SituationKind = (typeof SITUATION_KINDS)[number];
export const situationNames: Record<SituationKind, string> = {
  declared_missing: situationFactNames.declared_missing,
  custody: CUSTODY_MEASURES.prison,
  drug_rehab: CUSTODY_MEASURES.drug_rehab,
  restricted: CUSTODY_MEASURES.other,
  lost_contact: situationFactNames.lost_contact,
  serious_illness: situationFactNames.serious_illness,
  guardianship_revoked: situationFactNames.guardianship_revoked,
  deported: situationFactNames.deported,
  released: situationFactNames.custody_release,
};

export const CATEGORIES = ['orphan', 'de_facto', 'guardianship', 'poverty', 'disability'] as const;
export type Category = (typeof CATEGORIES)[number];
export const categoryNames: Record<Category, string> = {
  orphan: '孤儿',
  de_facto: '事实无人抚养儿童',
  guardianship: '困境儿童（监护缺失或不当）',
  poverty: '困境儿童（家庭贫困）',
  disability: '困境儿童（自身残疾或重病）',
};

export const SOURCES = ['director', 'school', 'police', 'event', 'street'] as const;
export type ReportSource = (typeof SOURCES)[number];
export const sourceNames: Record<ReportSource, string> = { director: '儿童主任发现', school: '学校报告', police: '公安报告', event: '数据事件', street: '街镇受理' };

export const CASE_STATUSES = ['reported', 'visited', 'reviewed', 'decided', 'refused', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const caseStatusNames: Record<CaseStatus, string> = { reported: '已报告待走访', visited: '已走访待督导复核', reviewed: '已复核待区级认定', decided: '已认定保障中', refused: '不予认定', closed: '已结案' };

export const GUARDIAN_KINDS = ['parent', 'relative', 'entrusted', 'foster', 'state', 'temporary'] as const;
export type GuardianKind = (typeof GUARDIAN_KINDS)[number];
export const guardianKindNames: Record<GuardianKind, string> = { parent: '父母监护', relative: '亲属监护', entrusted: '委托照护', foster: '家庭寄养', state: '民政兜底监护', temporary: '临时监护（未成年人保护机构临时照料）' };

export const SUBSIDY_KINDS = ['living', 'care'] as const;
export type SubsidyKind = (typeof SUBSIDY_KINDS)[number];
export const subsidyKindNames: Record<SubsidyKind, string> = { living: '困难残疾人生活补贴', care: '重度残疾人护理补贴' };
export const SUBSIDY_STATUSES = ['applied', 'approved', 'refused', 'suspended', 'stopped'] as const;
export type SubsidyStatus = (typeof SUBSIDY_STATUSES)[number];

export const PROTECTION_UNIT_KINDS = ['workstation', 'institution'] as const;
export type ProtectionUnitKind = (typeof PROTECTION_UNIT_KINDS)[number];
export const protectionUnitNames: Record<ProtectionUnitKind, string> = { workstation: '街镇未成年人保护工作站', institution: '区未成年人保护机构' };

export const REHAB_PROVIDER_KINDS = ['facility', 'social_org'] as const;
export type RehabProviderKind = (typeof REHAB_PROVIDER_KINDS)[number];
export const rehabProviderKindNames: Record<RehabProviderKind, string> = { facility: '社区康复机构', social_org: '社会组织' };

export type ChildrenTables = {
  'children.settings': { name: string; valid_from: DateCol; value: Json<unknown>; verified: boolean; source: string; set_by: number | null; set_at: Generated<Date> };
  'children.workers': { user_id: number; role: 'child_director' | 'child_supervisor'; division_code: string; trained_on: IsoDate | null; since: DateCol };
  'children.cases': {
    id: Generated<number>;
    child_id: number;
    father_id: number | null;
    mother_id: number | null;
    division_code: string;
    district_code: string;
    source: ReportSource;
    reported_on: DateCol;
    no_carer: boolean;
    abuse: boolean;
    status: CaseStatus;
    category: Category | null;
    start_month: Month | null;
    end_month: Month | null;
    director_id: number | null;
    supervisor_id: number | null;
    first_visit_on: IsoDate | null;
    last_visit_on: IsoDate | null;
    trigger_key: string | null;
    opened_at: Generated<Date>;
    closed_on: IsoDate | null;
    review_due_on: IsoDate | null;
  };
  'children.case_actions': { id: Generated<number>; case_id: number; kind: string; on_date: DateCol; actor_id: number | null; detail: Json<Record<string, unknown>>; created_at: Generated<Date> };
  'children.visits': { id: Generated<number>; case_id: number; visited_on: DateCol; visited_by: number; note: string; recorded_at: Generated<Date> };
  'children.guardians': { id: Generated<number>; child_id: number; guardian_id: number | null; kind: GuardianKind; from_date: DateCol; to_date: IsoDate | null; recorded_by: number | null };
  'children.poverty_roster': { case_id: number; household_id: number; programme: string; active: boolean; changed_at: Generated<Date> };
  'children.subsidies': {
    id: Generated<number>;
    person_id: number;
    kind: SubsidyKind;
    division_code: string;
    status: SubsidyStatus;
    applied_on: DateCol;
    channel: 'street' | 'portal';
    jobless: boolean;
    applied_by: number | null;
    decided_by: number | null;
    decided_on: IsoDate | null;
    from_month: Month | null;
    explanation: Json<unknown> | null;
    status_reason: string | null;
  };
  'children.protection_units': { id: Generated<number>; kind: ProtectionUnitKind; division_code: string; name: string; opened_on: DateCol; closed_on: IsoDate | null; created_by: number | null };
  'children.protection_assessments': { unit_id: number; year: number; passed: boolean; note: string; assessed_by: number | null; assessed_at: Generated<Date> };
  'children.rehab_providers': { id: Generated<number>; name: string; kind: RehabProviderKind; division_code: string; opened_on: DateCol; closed_on: IsoDate | null; created_by: number | null };
  'children.rehab_participants': { id: Generated<number>; provider_id: number; person_id: number; division_code: string; joined_on: DateCol; left_on: IsoDate | null; leave_reason: string | null; recorded_by: number | null };
  'children.subsidy_payments': { month: Month; subsidy_id: number; person_id: number; kind: SubsidyKind; amount_fen: Fen; division_code: string; written_at: Generated<Date> };
};

export type ChildrenDb = Kysely<ChildrenTables>;
