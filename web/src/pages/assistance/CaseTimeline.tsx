import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { CaseLogEntry } from '../../api/assistance-types.js';
import { ActionLog, type LogItem } from '../../components/ActionLog.js';
import { caseActionLabels, label } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';

const colors: Record<string, string> = { approve: 'green', reject: 'red', decline: 'red', stop: 'red', suspend: 'orange', withdraw: 'gray', complete: 'gray', note_change: 'orange' };

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const num = (v: unknown) => (typeof v === 'number' ? v : null);

/** The facts an entry's payload adds to its reason, in words; ids become links. */
function details(entry: CaseLogEntry) {
  const p = entry.payload;
  const parts: ReactNode[] = [];
  const add = (node: ReactNode) =>
    parts.push(
      <span key={parts.length}>
        {parts.length ? '；' : ''}
        {node}
      </span>,
    );
  if (entry.action === 'apply' && str(p.deadlineOn)) add(`办结时限 ${str(p.deadlineOn)}`);
  if (entry.action === 'verify') {
    add(`${str(p.month) ?? ''} 核对结论：${p.eligible === true ? '符合条件' : '不符合条件'}`);
    if (num(p.amountFen)) add(`月救助金额 ${formatFen(num(p.amountFen))}`);
  }
  if (num(p.verificationId)) add(<Link to={`/assistance/verifications/${num(p.verificationId)}`}>核对报告 #{num(p.verificationId)}</Link>);
  if (str(p.visitedOn)) add(`入户日期 ${str(p.visitedOn)}`);
  if (num(p.proposedAmountFen)) add(`拟救助金额 ${formatFen(num(p.proposedAmountFen))}`);
  if (str(p.startsOn) && str(p.endsOn)) add(`公示期 ${str(p.startsOn)} 至 ${str(p.endsOn)}`);
  if (str(p.objection) && entry.reason !== p.objection) add(`异议：${str(p.objection)}`);
  if (entry.action === 'resolve_objection') add(`${p.upheld === true ? '异议成立' : '异议不成立'}（异议序号 ${num(p.objectionSeq) ?? '?'}）`);
  if (entry.action === 'approve' && num(p.amountFen) !== null) add(`批准金额 ${formatFen(num(p.amountFen))}，自 ${str(p.paymentFrom) ?? '—'} 起发放`);
  if (str(p.nextReviewOn)) add(`下次复核 ${str(p.nextReviewOn)}`);
  if (str(p.effectiveMonth)) add(`自 ${str(p.effectiveMonth)} 起终止`);
  if (num(p.overpaidFen)) add(`应退回 ${formatFen(num(p.overpaidFen))}`);
  if (entry.action !== 'verify' && str(p.month)) add(`月份 ${str(p.month)}`);
  return parts.length ? parts : null;
}

export function CaseTimeline({ actions }: { actions: CaseLogEntry[] }) {
  const items: LogItem[] = actions.map((entry) => ({
    key: entry.seq,
    title: `${entry.seq}. ${label(caseActionLabels, entry.action)}`,
    at: entry.at,
    actorUsername: entry.actorName ?? entry.actorUsername,
    actorRole: entry.actorRole,
    reason: entry.reason,
    details: details(entry),
    color: colors[entry.action],
  }));
  return <ActionLog items={items} testId="case-timeline" />;
}
