import { Space, Tag, Tooltip } from 'antd';
import type { CaseSummary } from '../api/assistance-types.js';
import { caseStatusColors, caseStatusLabels, label } from '../format/labels.js';

export function CaseStatusTag({ status }: { status: string }) {
  return (
    <Tag color={caseStatusColors[status]} data-testid="case-status">
      {label(caseStatusLabels, status)}
    </Tag>
  );
}

/** The time limit a case is measured against: the decision deadline before a decision, the review date while paid. */
export function DueTag({ c }: { c: Pick<CaseSummary, 'dueOn' | 'overdue' | 'status'> }) {
  if (!c.dueOn) return <>—</>;
  const what = c.status === 'in_payment' || c.status === 'suspended' ? '复核' : '办结时限';
  return (
    <Space size={4}>
      <span>{c.dueOn}</span>
      {c.overdue ? (
        <Tooltip title={`${what}已过`}>
          <Tag color="red" data-testid="overdue-tag">
            逾期
          </Tag>
        </Tooltip>
      ) : null}
    </Space>
  );
}
