// The rectification loop is shared with the funeral line's supervision: it lives in the kernel.
export { AWAITING_RECTIFICATION, canApplyFinding, FINDING_TRANSITIONS, reduceFinding, type FindingLogEntry, type FindingState } from '../kernel/rectification.js';
