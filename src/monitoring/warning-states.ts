/**
 * The closed loop of a warning (预警 → 推送 → 核实 → 处置 → 办结), as a pure reduction of its action log:
 * the status is never stored on its own authority, so history and audit come from the log.
 */
export const WARNING_STATUSES = ['new', 'assigned', 'visited', 'handled', 'closed'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

export const warningStatusNames: Record<WarningStatus, string> = {
  new: '待派单',
  assigned: '已推送顾问',
  visited: '已上门核实',
  handled: '已处置',
  closed: '已办结',
};

export const WARNING_ACTIONS = ['raise', 'assign', 'visit', 'handle', 'close', 'escalate', 'retrigger'] as const;
export type WarningAction = (typeof WARNING_ACTIONS)[number];

export const warningActionNames: Record<WarningAction, string> = {
  raise: '发出预警',
  assign: '推送（派单）',
  visit: '上门核实',
  handle: '处置',
  close: '办结',
  escalate: '逾期升级',
  retrigger: '再次触发',
};

/** 处置: refer to a social-assistance case, to a service (服务类救助, 社会力量), or no action with a reason. */
export const HANDLE_OUTCOMES = ['referred_case', 'referred_service', 'no_action'] as const;
export type HandleOutcome = (typeof HANDLE_OUTCOMES)[number];
export const outcomeNames: Record<HandleOutcome, string> = { referred_case: '转介救助申请', referred_service: '转介服务', no_action: '无需处置' };

const OPEN: readonly WarningStatus[] = ['new', 'assigned', 'visited'];

export const TRANSITIONS: Record<WarningAction, { from: readonly WarningStatus[]; system: boolean }> = {
  raise: { from: [], system: true },
  assign: { from: OPEN, system: false },
  visit: { from: ['assigned', 'visited'], system: false },
  handle: { from: ['visited'], system: false },
  close: { from: ['handled'], system: false },
  escalate: { from: OPEN, system: true },
  retrigger: { from: ['new', 'assigned', 'visited', 'handled'], system: true },
};

export interface WarningLogEntry {
  action: string;
  at: string;
  payload: Record<string, unknown>;
}

export interface WarningState {
  status: WarningStatus;
  assignedTo: number | null;
  escalatedAt: string | null;
  outcome: HandleOutcome | null;
  visits: number;
}

/** Before handling, the clock runs: a warning not yet handled past its deadline is overdue. */
export const isOpenForDeadline = (status: string): boolean => (OPEN as readonly string[]).includes(status);

export function canApply(status: WarningStatus | null, action: WarningAction): boolean {
  if (action === 'raise') return status === null;
  return status !== null && TRANSITIONS[action].from.includes(status);
}

export function reduceWarning(log: readonly WarningLogEntry[]): WarningState {
  let state: WarningState | null = null;
  for (const entry of log) {
    const action = entry.action as WarningAction;
    if (!canApply(state?.status ?? null, action)) throw new Error(`warning log: ${action} not allowed after ${state?.status ?? 'nothing'}`);
    if (action === 'raise' || state === null) {
      state = { status: 'new', assignedTo: null, escalatedAt: null, outcome: null, visits: 0 };
      continue;
    }
    const userId = typeof entry.payload.userId === 'number' ? entry.payload.userId : null;
    switch (action) {
      case 'assign':
        state = { ...state, status: state.status === 'new' ? 'assigned' : state.status, assignedTo: userId };
        break;
      case 'visit':
        state = { ...state, status: 'visited', visits: state.visits + 1 };
        break;
      case 'handle':
        state = { ...state, status: 'handled', outcome: entry.payload.outcome as HandleOutcome };
        break;
      case 'close':
        state = { ...state, status: 'closed' };
        break;
      case 'escalate':
        state = { ...state, escalatedAt: entry.at, assignedTo: userId ?? state.assignedTo, status: userId !== null && state.status === 'new' ? 'assigned' : state.status };
        break;
      case 'retrigger':
        break;
    }
  }
  if (!state) throw new Error('warning log is empty');
  return state;
}
