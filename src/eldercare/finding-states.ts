/**
 * The rectification closed loop of a finding (发现问题 → 限期整改 → 复核销号), as a pure reduction of its log:
 * the row's status, deadline and overdue flag are a projection, so history and audit come from the log.
 */
import type { IsoDate } from '../kernel/index.js';
import type { FindingAction, FindingStatus } from './supervision-model.js';

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
