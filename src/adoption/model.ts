import type { ColumnType, Generated, Kysely } from 'kysely';
import type { IsoDate, Sex } from '../kernel/index.js';

type Json<T> = ColumnType<T, string, string>;

/** 第1093条: who may be adopted. */
export const CHILD_KINDS = ['orphan', 'parents_unknown', 'parents_difficulty'] as const;
export type ChildKind = (typeof CHILD_KINDS)[number];
export const CHILD_KIND_LABELS: Record<ChildKind, string> = { orphan: '丧失父母的孤儿', parents_unknown: '查找不到生父母的未成年人', parents_difficulty: '生父母有特殊困难无力抚养的子女' };
/** 第1094条: who may place a child for adoption. */
export const SENDER_KINDS = ['guardian', 'welfare_institution', 'birth_parents'] as const;
export type SenderKind = (typeof SENDER_KINDS)[number];
export const SENDER_KIND_LABELS: Record<SenderKind, string> = { guardian: '孤儿的监护人', welfare_institution: '儿童福利机构', birth_parents: '有特殊困难无力抚养子女的生父母' };
export const ACTION_KINDS = ['opened', 'visit', 'finding', 'conclusion', 'announced', 'registered', 'refused', 'dissolved'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const ACTION_LABELS: Record<ActionKind, string> = {
  opened: '受理收养登记申请',
  visit: '收养评估走访',
  finding: '收养评估发现',
  conclusion: '收养评估结论',
  announced: '查找生父母公告',
  registered: '收养登记',
  refused: '不予登记',
  dissolved: '解除收养关系',
};
export const CASE_STATES = ['assessing', 'announcing', 'ready', 'unsuitable', 'registered', 'refused', 'dissolved'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const CASE_STATE_LABELS: Record<CaseState, string> = {
  assessing: '评估中',
  announcing: '公告中',
  ready: '可登记',
  unsuitable: '评估不适合收养',
  registered: '已登记',
  refused: '不予登记',
  dissolved: '已解除',
};
export type CertificateKind = 'SY' | 'JC';
export type Dissolution = 'agreement' | 'court';

/** The adoption schema's tables (migrations in ./migrations). */
export type AdoptionTables = {
  'adoption.cases': {
    id: Generated<number>;
    office_id: number;
    district_code: string;
    opened_on: IsoDate;
    opened_by: number | null;
    request_key: string | null;
    child_hash: Buffer;
    child_enc: Buffer;
    child_masked: string;
    child_name: string;
    child_birth: IsoDate;
    child_sex: Sex;
    child_person_id: number | null;
    child_kind: ChildKind;
    child_disabled: boolean;
    child_in_welfare_institution: boolean;
    adopter1_hash: Buffer;
    adopter1_enc: Buffer;
    adopter1_masked: string;
    adopter1_name: string;
    adopter1_birth: IsoDate;
    adopter1_sex: Sex;
    adopter1_person_id: number | null;
    adopter2_hash: Buffer | null;
    adopter2_enc: Buffer | null;
    adopter2_masked: string | null;
    adopter2_name: string | null;
    adopter2_birth: IsoDate | null;
    adopter2_sex: Sex | null;
    adopter2_person_id: number | null;
    adopters_children: number;
    sender_kind: SenderKind;
    sender_name: string;
    birth_father_person_id: number | null;
    birth_mother_person_id: number | null;
  };
  'adoption.actions': {
    id: Generated<number>;
    case_id: number;
    kind: ActionKind;
    on_day: IsoDate;
    detail: Json<Record<string, unknown>>;
    actor_id: number | null;
    actor_name: string;
    recorded_at: Generated<Date>;
  };
  'adoption.adoptions': {
    case_id: number;
    office_id: number;
    district_code: string;
    registered_on: IsoDate;
    certificate_number: string;
    child_kind: ChildKind;
    dissolved_on: IsoDate | null;
    dissolved_by: Dissolution | null;
    birth_links_restored: boolean | null;
  };
  'adoption.certificate_counters': { office_id: number; kind: CertificateKind; year: number; last_serial: number };
  'adoption.certificates': { number: string; kind: CertificateKind; office_id: number; case_id: number; issued_on: IsoDate; request_key: string | null };
  'adoption.settings': { name: string; valid_from: IsoDate; value: Json<unknown>; verified: boolean; source: string; set_by: number | null };
};

export type AdoptionDb = Kysely<AdoptionTables>;
