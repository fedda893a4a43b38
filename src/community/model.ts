import type { Generated } from 'kysely';
import type { IsoDate } from '../kernel/index.js';

export const EDUCATIONS = ['secondary', 'college', 'bachelor', 'postgraduate'] as const;
export type Education = (typeof EDUCATIONS)[number];
export const educationNames: Record<Education, string> = { secondary: '高中/中专及以下', college: '大专', bachelor: '本科', postgraduate: '研究生' };

/** 社会工作者职业水平证书 levels (national scheme). */
export const CERTIFICATES = ['none', 'assistant', 'social_worker', 'senior'] as const;
export type Certificate = (typeof CERTIFICATES)[number];
export const certificateNames: Record<Certificate, string> = { none: '无', assistant: '助理社会工作师', social_worker: '社会工作师', senior: '高级社会工作师' };

export type CommunityTables = {
  'community.workers': {
    id: Generated<number>;
    person_id: number;
    birth_date: IsoDate;
    street_code: string;
    committee_code: string | null;
    post: string;
    start_on: IsoDate;
    end_on: IsoDate | null;
    education: Education;
    certificate: Generated<Certificate>;
    entered_by: number;
    entered_at: Generated<Date>;
    ended_by: number | null;
  };
  'community.service_points': {
    code: string;
    name: string;
    kind: PointKind;
    street_code: string;
    district_code: string;
    opened_on: IsoDate;
    closed_on: IsoDate | null;
    entered_by: number;
    entered_at: Generated<Date>;
  };
  'community.service_items': {
    code: string;
    name: string;
    department: string;
    channels: Channel[];
    citywide: boolean;
    exempt_submission: boolean;
    limit_days: number;
    valid_from: IsoDate;
    valid_to: IsoDate | null;
    source: string;
    entered_by: number;
    entered_at: Generated<Date>;
  };
  'community.service_batches': {
    batch_id: string;
    content_sha256: string;
    status: 'receiving' | 'done';
    row_count: number | null;
    accepted_count: number | null;
    duplicate_count: number | null;
    rejected_count: number | null;
    errors: unknown;
    received_by: number | null;
    received_at: Generated<Date>;
    finished_at: Date | null;
  };
  'community.service_cases': {
    case_no: string;
    item_code: string;
    point_code: string;
    street_code: string;
    district_code: string;
    channel: Channel;
    received_on: IsoDate;
    finished_on: IsoDate | null;
    working_days: number | null;
    limit_days: number;
    within_limit: boolean | null;
    rating: number | null;
    batch_id: string | null;
    keyed_by: number | null;
    entered_at: Generated<Date>;
  };
  'community.burden_entries': {
    id: Generated<number>;
    kind: BurdenKind;
    name: string;
    source: string;
    example: boolean;
    valid_from: IsoDate;
    valid_to: IsoDate | null;
    entered_by: number;
    entered_at: Generated<Date>;
  };
  'community.burden_requests': {
    id: Generated<number>;
    committee_code: string;
    street_code: string;
    district_code: string;
    requested_on: IsoDate;
    kind: 'certificate' | 'task';
    subject: string;
    requested_by: string;
    entry_id: number | null;
    outcome: BurdenOutcome;
    reason: string;
    entered_by: number;
    entered_at: Generated<Date>;
  };
  'community.burden_reports': {
    id: Generated<number>;
    committee_code: string;
    street_code: string;
    district_code: string;
    reported_on: IsoDate;
    pushed_by: string;
    content: string;
    status: ReportStatus;
    referred_to: string | null;
    referred_on: IsoDate | null;
    referred_by: number | null;
    result: string | null;
    closed_on: IsoDate | null;
    closed_by: number | null;
    entered_by: number;
    entered_at: Generated<Date>;
  };
  'community.burden_points': {
    committee_code: string;
    street_code: string;
    district_code: string;
    since: IsoDate;
    source: string;
    entered_by: number;
    entered_at: Generated<Date>;
  };
  /** Checked rows of a batch on their way to service_cases (filled by COPY). */
  'community.service_case_staging': { batch_id: string; case_no: string };
};

/** 受理点 kinds: 受理中心, 分中心, 自助终端, 远程虚拟窗口 (reference CHILDREN-COMMUNITY-INDICATORS.md §5.6). */
export const POINT_KINDS = ['centre', 'branch', 'terminal', 'virtual'] as const;
export type PointKind = (typeof POINT_KINDS)[number];
export const pointKindNames: Record<PointKind, string> = { centre: '受理中心', branch: '分中心', terminal: '自助终端', virtual: '远程虚拟窗口' };
/** Channels a case comes in by. */
export const CHANNELS = ['window', 'online', 'terminal', 'virtual'] as const;
export type Channel = (typeof CHANNELS)[number];
export const channelNames: Record<Channel, string> = { window: '窗口', online: '网上', terminal: '自助终端', virtual: '远程虚拟窗口' };
/** 好差评 levels as 一网通办 reports them; 差评 = 不满意 and 非常不满意. */
export const RATING_NAMES: Record<number, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

/** 减负 lists: certificates a committee may issue, may not issue, and the admitted administrative tasks (准入清单). */
export const BURDEN_KINDS = ['certificate_allowed', 'certificate_forbidden', 'task_admitted'] as const;
export type BurdenKind = (typeof BURDEN_KINDS)[number];
export const burdenKindNames: Record<BurdenKind, string> = { certificate_allowed: '可出具证明', certificate_forbidden: '不得出具证明', task_admitted: '准入协助事务' };
export type BurdenOutcome = 'issued' | 'refused' | 'admitted' | 'not_admitted';
export const burdenOutcomeNames: Record<BurdenOutcome, string> = { issued: '出具', refused: '不予出具', admitted: '承接', not_admitted: '不予承接' };
export type ReportStatus = 'received' | 'referred' | 'closed';
export const reportStatusNames: Record<ReportStatus, string> = { received: '已受理', referred: '已移送', closed: '已办结' };
