/** Tables and vocabularies of 养老服务“云监管” (migrations/002_supervision.sql), beside the module's own model.ts. */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Fen, IsoDate, Month } from '../kernel/index.js';
import type { EldercareDb, EldercareTables } from './model.js';

type Json<T> = ColumnType<T, string, string>;
type DateCol = ColumnType<IsoDate, IsoDate, IsoDate>;

export const INSPECTION_KINDS = ['routine', 'special', 'random', 'complaint'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];
export const inspectionKindNames: Record<InspectionKind, string> = { routine: '日常检查', special: '专项检查', random: '双随机抽查', complaint: '投诉核查' };

/** The areas of 养老机构监管“1+6”专项行动, and other (服务与运营) for what falls outside them. */
export const FINDING_CATEGORIES = ['fire', 'food', 'building', 'medical', 'fraud', 'other'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];
export const findingCategoryNames: Record<FindingCategory, string> = { fire: '消防安全', food: '食品安全', building: '房屋安全', medical: '医疗活动', fraud: '防范诈骗', other: '服务与运营' };

export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const severityNames: Record<Severity, string> = { minor: '一般问题', major: '较大隐患', critical: '重大隐患' };

import type { FindingAction, FindingStatus } from '../kernel/rectification.js';

export { FINDING_ACTIONS, FINDING_STATUSES, findingActionNames, findingStatusNames, type FindingAction, type FindingStatus } from '../kernel/rectification.js';

export const GRADES = [1, 2, 3, 4, 5] as const;
export const gradeNames: Record<number, string> = { 1: '一级', 2: '二级', 3: '三级', 4: '四级', 5: '五级' };

export const CREDIT_RATINGS = ['A', 'B', 'C', 'D'] as const;
export type CreditRating = (typeof CREDIT_RATINGS)[number];
export const creditRatingNames: Record<CreditRating, string> = { A: 'A级（守信）', B: 'B级（基本守信）', C: 'C级（失信风险）', D: 'D级（严重失信）' };

export type SupervisionTables = {
  'eldercare.inspections': {
    id: Generated<number>;
    request_id: string;
    facility_id: number;
    division_code: string;
    inspected_on: DateCol;
    kind: InspectionKind;
    campaign: string | null;
    inspectors: string;
    summary: string;
    recorded_by: number | null;
    recorded_at: Generated<Date>;
  };
  'eldercare.findings': {
    id: Generated<number>;
    inspection_id: number;
    seq: number;
    facility_id: number;
    division_code: string;
    category: FindingCategory;
    severity: Severity;
    description: string;
    deadline: DateCol;
    status: Generated<FindingStatus>;
    overdue: Generated<boolean>;
    version: Generated<number>;
  };
  'eldercare.finding_log': {
    id: Generated<number>;
    finding_id: number;
    seq: number;
    action: FindingAction;
    actor_user: number | null;
    at: ColumnType<Date, Date | undefined, never>;
    reason: string | null;
    detail: Json<Record<string, unknown>>;
  };
  'eldercare.gradings': {
    facility_id: number;
    year: number;
    grade: number | null;
    quality_score_x10: number | null;
    source: string;
    recorded_by: number | null;
    recorded_at: Generated<Date>;
  };
  'eldercare.prepaid_reports': {
    facility_id: number;
    month: Month;
    collected_fen: Fen;
    refunded_fen: Fen;
    balance_fen: Fen;
    escrow_fen: Fen;
    required_escrow_fen: Fen;
    escrow_percent: number;
    at_risk: boolean;
    recorded_by: number | null;
    recorded_at: Generated<Date>;
  };
};

export type SupervisionDb = Kysely<EldercareTables & SupervisionTables>;

/** The module's tables and supervision's, on the same connection or transaction. */
export const supervisionTables = (db: EldercareDb): SupervisionDb => db.withTables<SupervisionTables>();
