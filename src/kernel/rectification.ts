/**
 * The rectification closed loop of a supervision finding (发现问题 → 限期整改 → 复核销号), shared by every line that
 * inspects units (elderly care's facilities, funeral homes and cemeteries): a pure reduction of the finding's
 * log, so the row's status, deadline and overdue flag are a projection and history comes from the log.
 */
import type { IsoDate } from './dates.js';

export const FINDING_STATUSES = ['open', 'rectified', 'verified', 'reopened'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export const findingStatusNames: Record<FindingStatus, string> = { open: '待整改', rectified: '已整改待复核', verified: '已复核销号', reopened: '复核未通过重新整改' };

export const FINDING_ACTIONS = ['record', 'rectify', 'verify', 'reopen', 'extend', 'overdue'] as const;
export type FindingAction = (typeof FINDING_ACTIONS)[number];
export const findingActionNames: Record<FindingAction, string> = { record: '发现问题并下达整改', rectify: '登记整改完成', verify: '复核通过销号', reopen: '复核未通过', extend: '延长整改期限', overdue: '逾期未整改（系统升级）' };

/** Until the facility reports it rectified, the deadline runs. */
export const AWAITING_RECTIFICATION: readonly FindingStatus[] = ['open', 'reopened'];

export const FINDING_TRANSITIONS: Record<FindingAction, { from: readonly FindingStatus[]; system: boolean }> = {
  record: { from: [], system: false },
  rectify: { from: AWAITING_RECTIFICATION, system: false },
  verify: { from: ['rectified'], system: false },
  reopen: { from: ['rectified'], system: false },
  extend: { from: AWAITING_RECTIFICATION, system: false },
  overdue: { from: AWAITING_RECTIFICATION, system: true },
};

export interface FindingLogEntry {
  action: string;
  detail: Record<string, unknown>;
}

export interface FindingState {
  status: FindingStatus;
  deadline: IsoDate;
  /** Past the deadline and not rectified, as established by the escalation job. */
  overdue: boolean;
  /** How many deadlines this finding has missed (an overdue is never erased by later rectification). */
  timesOverdue: number;
  rectifiedOn: IsoDate | null;
  verifiedOn: IsoDate | null;
}

export function canApplyFinding(state: FindingState | null, action: FindingAction): boolean {
  if (action === 'record') return state === null;
  if (state === null || !FINDING_TRANSITIONS[action].from.includes(state.status)) return false;
  return action !== 'overdue' || !state.overdue;
}

const dateIn = (detail: Record<string, unknown>, key: string): IsoDate => {
  const value = detail[key];
  if (typeof value !== 'string') throw new Error(`finding log: ${key} missing`);
  return value;
};

export function reduceFinding(log: readonly FindingLogEntry[]): FindingState {
  let state: FindingState | null = null;
  for (const entry of log) {
    const action = entry.action as FindingAction;
    if (!canApplyFinding(state, action)) throw new Error(`finding log: ${action} not allowed after ${state?.status ?? 'nothing'}`);
    if (state === null) {
      state = { status: 'open', deadline: dateIn(entry.detail, 'deadline'), overdue: false, timesOverdue: 0, rectifiedOn: null, verifiedOn: null };
      continue;
    }
    switch (action) {
      case 'rectify':
        state = { ...state, status: 'rectified', overdue: false, rectifiedOn: dateIn(entry.detail, 'rectifiedOn') };
        break;
      case 'verify':
        state = { ...state, status: 'verified', verifiedOn: dateIn(entry.detail, 'verifiedOn') };
        break;
      case 'reopen':
        state = { ...state, status: 'reopened', deadline: dateIn(entry.detail, 'deadline'), rectifiedOn: null };
        break;
      case 'extend':
        state = { ...state, deadline: dateIn(entry.detail, 'deadline'), overdue: false };
        break;
      case 'overdue':
        state = { ...state, overdue: true, timesOverdue: state.timesOverdue + 1 };
        break;
      case 'record':
        break;
    }
  }
  if (!state) throw new Error('finding log is empty');
  return state;
}
