import type { Generated } from 'kysely';

export const APPLICATION_KINDS = ['dibao', 'low_income', 'expense_poverty', 'temporary', 'bed_waitlist', 'care_assessment'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];
export const applicationKindNames: Record<ApplicationKind, string> = {
  dibao: '最低生活保障（低保）',
  low_income: '低收入困难家庭认定',
  expense_poverty: '支出型贫困家庭生活救助',
  temporary: '临时救助',
  bed_waitlist: '保基本养老床位轮候',
  care_assessment: '老年照护统一需求评估',
};
/** Kinds that become an assistance case (the rest go to elder care). */
export const ASSISTANCE_KINDS = ['dibao', 'low_income', 'expense_poverty', 'temporary'] as const satisfies readonly ApplicationKind[];

export const CONSENT_SCOPES = ['income_assets'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];
export const consentScopeNames: Record<ConsentScope, string> = { income_assets: '授权核对家庭收入和财产状况' };

export const INBOX_KINDS = ['decision', 'payment', 'material_request', 'objection_answer', 'status'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];
export const inboxKindNames: Record<InboxKind, string> = {
  decision: '决定通知',
  payment: '发放到账',
  material_request: '补充材料',
  objection_answer: '异议答复',
  status: '办理进度',
};

export const CHANNELS = ['sms', 'app'] as const;
export type Channel = (typeof CHANNELS)[number];
export const channelNames: Record<Channel, string> = { sms: '短信', app: '随申办 App 推送' };

export const OBJECTION_KINDS = ['decision', 'notice_list'] as const;
export type ObjectionKind = (typeof OBJECTION_KINDS)[number];
export const objectionKindNames: Record<ObjectionKind, string> = { decision: '对决定有异议', notice_list: '对公示有异议' };

export const OBJECTION_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];
export const objectionStatusNames: Record<ObjectionStatus, string> = { open: '待处理', upheld: '异议成立', dismissed: '异议不成立' };

export const PERSON_RELATIONS = ['self', 'minor', 'ward'] as const;
export type PersonRelation = (typeof PERSON_RELATIONS)[number];
export const personRelationNames: Record<PersonRelation, string> = { self: '本人', minor: '未成年家庭成员', ward: '被监护人' };

/** The residents schema (migrations/001_residents.sql). */
export type ResidentTables = {
  'residents.residents': { id: Generated<number>; person_id: number; subject: string; created_at: Generated<Date>; last_login_at: Date | null };
  'residents.sessions': {
    token_hash: string;
    resident_id: number;
    via: 'dev' | 'oidc';
    created_at: Generated<Date>;
    expires_at: Date;
    last_seen_at: Date;
    revoked_at: Date | null;
    source_ip: string | null;
  };
  'residents.dev_codes': { id_hash: string; code_hash: string; expires_at: Date; attempts: number; created_at: Generated<Date>; person_id: number | null };
  'residents.oidc_states': { state: string; code_verifier: string; nonce: string; return_to: string | null; expires_at: Date };
  'residents.applications': {
    id: Generated<number>;
    resident_id: number;
    person_id: number;
    acted_by_person_id: number | null;
    kind: ApplicationKind;
    urgent: boolean;
    case_id: number | null;
    eldercare_id: number | null;
    street_code: string;
    prefilled: unknown;
    submitted_at: Generated<Date>;
    withdrawn_at: Date | null;
  };
  'residents.files': {
    id: Generated<number>;
    application_id: number;
    request_seq: number | null;
    file_name: string;
    media_type: string;
    size_bytes: number;
    sha256: string;
    content: Buffer;
    uploaded_by: number;
    uploaded_at: Generated<Date>;
  };
  'residents.consents': {
    id: Generated<number>;
    resident_id: number;
    person_id: number;
    scope: ConsentScope;
    application_id: number | null;
    given_at: Generated<Date>;
    revoked_at: Date | null;
  };
  'residents.inbox': {
    id: Generated<number>;
    person_id: number;
    kind: InboxKind;
    title: string;
    body: string;
    application_id: number | null;
    case_id: number | null;
    amount_fen: number | null;
    notice_html: string | null;
    dedup_key: string;
    at: Generated<Date>;
    read_at: Date | null;
  };
  'residents.channels': { resident_id: number; sms: boolean; app: boolean; updated_at: Generated<Date> };
  'residents.objections': {
    id: Generated<number>;
    application_id: number;
    resident_id: number;
    person_id: number;
    kind: ObjectionKind;
    reason: string;
    street_code: string;
    status: ObjectionStatus;
    filed_at: Generated<Date>;
    due_on: string;
    answer: string | null;
    answered_at: Date | null;
    answered_by: number | null;
  };
  /** Who acted for whom, and every read of personal data by a resident. */
  'residents.acts': { id: Generated<number>; resident_id: number; acting_person_id: number; for_person_id: number; action: string; entity_id: string | null; at: Generated<Date> };
};
