import type { ColumnType, Generated, Kysely } from 'kysely';
import type { IsoDate } from '../kernel/index.js';

type Json<T> = ColumnType<T, string, string>;

/** GB 32100 position 2 under authority 5 (民政): 1 社会团体, 2 民办非企业单位（社会服务机构）, 3 基金会. */
export const ORG_TYPES = ['social_group', 'social_service', 'foundation'] as const;
export type OrgType = (typeof ORG_TYPES)[number];
export const orgTypeNames: Record<OrgType, string> = { social_group: '社会团体', social_service: '社会服务机构（民办非企业单位）', foundation: '基金会' };
/** The registry's `kind` for each type (registry.organisations is what other modules read). */
export const registryKinds: Record<OrgType, string> = { social_group: '社会团体', social_service: '民办非企业单位', foundation: '基金会' };

export const LEVELS = ['city', 'district'] as const;
export type Level = (typeof LEVELS)[number];
export const levelNames: Record<Level, string> = { city: '市级', district: '区级' };

export const MODES = ['dual', 'direct'] as const;
export type Mode = (typeof MODES)[number];
export const modeNames: Record<Mode, string> = { dual: '双重管理（经业务主管单位同意）', direct: '直接登记' };
/** 沪民规〔2024〕5号: the four categories that register without a supervisory unit. */
export const DIRECT_CATEGORIES = ['industry', 'science', 'charity', 'community'] as const;
export type DirectCategory = (typeof DIRECT_CATEGORIES)[number];
export const directCategoryNames: Record<DirectCategory, string> = { industry: '行业协会商会类', science: '科技类', charity: '公益慈善类', community: '城乡社区服务类' };

export const STATUSES = ['name_approved', 'preparation_applied', 'preparing', 'establishment_applied', 'registered', 'liquidating', 'deregistered', 'revoked', 'rejected'] as const;
export type Status = (typeof STATUSES)[number];
export const statusNames: Record<Status, string> = {
  name_approved: '名称已核准',
  preparation_applied: '筹备申请待审',
  preparing: '筹备中',
  establishment_applied: '成立登记待审',
  registered: '已登记',
  liquidating: '清算中',
  deregistered: '已注销',
  revoked: '已撤销登记',
  rejected: '不予登记',
};
export const ENDED_STATUSES: readonly Status[] = ['deregistered', 'revoked', 'rejected'];

export const ACTIONS = [
  'name_check',
  'prepare_apply',
  'prepare_approve',
  'establish_apply',
  'establish',
  'reject',
  'change',
  'liquidate',
  'deregister',
  'revoke',
  'charity_recognise',
  'charity_withdraw',
  'fundraising_grant',
  'charity_apply',
  'charity_refuse',
  'fundraising_apply',
  'fundraising_refuse',
] as const;
export type ActionKind = (typeof ACTIONS)[number];
export const actionNames: Record<ActionKind, string> = {
  name_check: '名称核准',
  prepare_apply: '申请筹备',
  prepare_approve: '准予筹备',
  establish_apply: '申请成立登记',
  establish: '准予成立登记（发证）',
  reject: '不予登记',
  change: '变更登记',
  liquidate: '开始清算',
  deregister: '注销登记',
  revoke: '撤销登记／吊销登记证书',
  charity_recognise: '认定为慈善组织',
  charity_withdraw: '撤销慈善组织认定',
  fundraising_grant: '取得公开募捐资格',
  charity_apply: '申请认定为慈善组织',
  charity_refuse: '不予认定为慈善组织',
  fundraising_apply: '申请公开募捐资格',
  fundraising_refuse: '不予公开募捐资格',
};

/** Reasons for 撤销登记 / 吊销登记证书 (条例250/251, 慈善法); codes, not free text, so figures can count them. */
export const REVOCATION_REASONS = ['fraud', 'illegal_activity', 'no_activity', 'annulled'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];
export const revocationReasonNames: Record<RevocationReason, string> = {
  fraud: '弄虚作假骗取登记',
  illegal_activity: '从事违法活动，情节严重',
  no_activity: '自取得登记证书之日起1年未开展活动',
  annulled: '撤销成（设）立登记',
};

export const CONCLUSIONS = ['pass', 'basic_pass', 'fail'] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];
export const conclusionNames: Record<Conclusion, string> = { pass: '合格', basic_pass: '基本合格', fail: '不合格' };

export const LISTS = ['abnormal', 'serious'] as const;
export type CreditList = (typeof LISTS)[number];
export const listNames: Record<CreditList, string> = { abnormal: '活动异常名录', serious: '严重违法失信名单' };

/** 民政部令第60号 reasons (the ones this module raises itself; other departments' arrive by code). */
export const LIST_REASONS = {
  late_report: { list: 'abnormal', name: '未按规定时限报送年度工作报告', basis: '《社会组织信用信息管理办法》（民政部令第60号）第十条第（一）项' },
  light_penalty: { list: 'abnormal', name: '受到警告或者不满5万元罚款处罚', basis: '民政部令第60号第十条第（五）项' },
  unreachable: { list: 'abnormal', name: '通过登记的住所无法取得联系', basis: '民政部令第60号第十条第（六）项' },
  abnormal_two_years: { list: 'serious', name: '被列入活动异常名录满2年', basis: '民政部令第60号第十六条第（一）项' },
  heavy_penalty: { list: 'serious', name: '受到5万元以上罚款处罚', basis: '民政部令第60号第十六条' },
  court_dishonest: { list: 'serious', name: '被人民法院列为失信被执行人', basis: '民政部令第60号第十六条' },
  light_penalty_repeat: { list: 'serious', name: '3年内受到2次以上警告或者不满5万元罚款处罚', basis: '民政部令第60号第十六条' },
  suspended: { list: 'serious', name: '被限期停止活动', basis: '民政部令第60号第十六条' },
  revoked: { list: 'serious', name: '被撤销登记或者吊销登记证书', basis: '民政部令第60号第十六条' },
  fundraising_idle: { list: 'abnormal', name: '具有公开募捐资格的慈善组织连续6个月未开展公开募捐活动', basis: '民政部令第60号第十条第（四）项' },
} as const satisfies Record<string, { list: CreditList; name: string; basis: string }>;
export type ListReason = keyof typeof LIST_REASONS;

/** Penalty types (条例250/251, 基金会管理条例, 慈善法); the credit effect follows from the type and the amount. */
export const PENALTY_KINDS = ['warning', 'fine', 'confiscation', 'suspension', 'revocation', 'correction'] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];
export const penaltyKindNames: Record<PenaltyKind, string> = {
  warning: '警告',
  fine: '罚款',
  confiscation: '没收违法所得',
  suspension: '限期停止活动',
  revocation: '撤销登记／吊销登记证书',
  correction: '责令改正',
};

export type SocialorgTables = {
  'socialorg.organisations': {
    id: Generated<number>;
    org_type: OrgType;
    name: string;
    level: Level;
    registrar_division: string;
    division_code: string;
    district_code: string;
    mode: Mode;
    direct_category: DirectCategory | null;
    supervisor_unit: string | null;
    foundation_kind: 'public' | 'non_public' | null;
    funds_fen: Generated<number>;
    status: Status;
    version: Generated<number>;
    pending_kind: string | null;
    pending_due: IsoDate | null;
    preparation_ends: IsoDate | null;
    credit_code: string | null;
    registry_id: number | null;
    registered_on: IsoDate | null;
    ended_on: IsoDate | null;
    end_reason: string | null;
    charity_since: IsoDate | null;
    fundraising_since: IsoDate | null;
    created_at: Generated<Date>;
  };
  'socialorg.actions': {
    seq: Generated<number>;
    organisation_id: number;
    action: ActionKind;
    on_date: IsoDate;
    reason: string | null;
    payload: Json<Record<string, unknown>>;
    actor_id: number | null;
    actor_username: string | null;
    request_key: string | null;
    at: Generated<Date>;
  };
  'socialorg.annual_reports': {
    organisation_id: number;
    year: number;
    filed_on: IsoDate;
    filed_by: number | null;
    income_fen: number;
    expenditure_fen: number;
    net_assets_fen: number;
    charitable_spending_fen: Generated<number>;
    management_cost_fen: Generated<number>;
    prereviewed_on: IsoDate | null;
    conclusion: Conclusion | null;
    concluded_on: IsoDate | null;
  };
  'socialorg.list_entries': {
    id: Generated<number>;
    organisation_id: number;
    list: CreditList;
    reason_code: string;
    basis: string;
    evidence: string;
    listed_on: IsoDate;
    removed_on: IsoDate | null;
    removal_reason: string | null;
    source_key: string;
    created_at: Generated<Date>;
  };
  'socialorg.grades': {
    id: Generated<number>;
    organisation_id: number;
    score: number;
    grade: number;
    evaluated_on: IsoDate;
    publicity_ends: IsoDate;
    valid_until: IsoDate;
    expired_on: IsoDate | null;
    recorded_by: number | null;
    recorded_at: Generated<Date>;
  };
  'socialorg.bulk_builds': {
    day: IsoDate;
    format_version: string;
    previous_day: IsoDate | null;
    organisations: number;
    changed: number;
    duration_ms: number;
    built_at: Generated<Date>;
  };
  'socialorg.bulk_files': {
    day: IsoDate;
    name: string;
    content_type: string;
    rows: number;
    bytes: number;
    sha256: string;
  };
  'socialorg.bulk_chunks': {
    day: IsoDate;
    name: string;
    seq: number;
    data: Buffer;
  };
  'socialorg.bulk_digests': {
    organisation_id: number;
    sha256: string;
    day: IsoDate;
  };
  'socialorg.social_worker_figures': {
    as_of: IsoDate;
    certified: number;
    senior: number | null;
    source: string;
    verified: boolean;
    recorded_by: number | null;
    recorded_at: Generated<Date>;
  };
  'socialorg.penalties': {
    id: Generated<number>;
    organisation_id: number;
    kind: PenaltyKind;
    amount_fen: number;
    basis: string;
    department: string;
    decision_no: string;
    decided_on: IsoDate;
    carried_out_on: IsoDate | null;
    batch_id: string | null;
    row_no: number | null;
    recorded_by: number | null;
    recorded_on: IsoDate;
    created_at: Generated<Date>;
  };
  'socialorg.court_listings': {
    id: Generated<number>;
    organisation_id: number;
    court: string;
    case_no: string;
    listed_on: IsoDate;
    removed_on: IsoDate | null;
    batch_id: string;
    row_no: number;
  };
  'socialorg.import_batches': {
    source: 'penalty' | 'court';
    batch_id: string;
    sha256: string;
    department: string;
    row_count: number;
    accepted: number;
    duplicates: number;
    rejected: number;
    listed: number;
    errors: Json<{ row: number; field: string; message: string }[]>;
    imported_by: number | null;
    scope: string;
    imported_at: Generated<Date>;
  };
  'socialorg.fundraising_plans': {
    id: Generated<number>;
    organisation_id: number;
    title: string;
    purpose: string;
    platform: string | null;
    target_fen: number;
    starts_on: IsoDate;
    ends_on: IsoDate;
    filed_on: IsoDate;
    filed_by: number | null;
    created_at: Generated<Date>;
  };
  'socialorg.fundraising_disclosures': {
    plan_id: number;
    disclosed_on: IsoDate;
    final: boolean;
    raised_fen: number;
  };
  'socialorg.charitable_trusts': {
    id: Generated<number>;
    name: string;
    trustee_name: string;
    trustee_credit_code: string;
    registrar_division: string;
    purpose: string;
    property_fen: number;
    signed_on: IsoDate;
    filed_on: IsoDate;
    filed_late_days: number;
    publish_due: IsoDate;
    published_on: IsoDate | null;
    filed_by: number | null;
    created_at: Generated<Date>;
  };
  'socialorg.api_keys': {
    id: Generated<number>;
    department: string;
    label: string;
    key_hash: string;
    key_prefix: string;
    created_by: number | null;
    created_at: Generated<Date>;
    revoked_at: Date | null;
    revoked_by: number | null;
    last_used_at: Date | null;
  };
  'socialorg.api_key_uses': {
    id: Generated<number>;
    key_id: number;
    at: Generated<Date>;
    route: string;
    subject: Generated<string>;
  };
  'socialorg.settings': {
    name: string;
    valid_from: IsoDate;
    value: Json<unknown>;
    verified: boolean;
    source: string;
    set_by: number | null;
    set_at: Generated<Date>;
  };
};

export type SocialorgDb = Kysely<SocialorgTables>;
