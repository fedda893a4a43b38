import { Space, Tag, Tooltip } from 'antd';
import type { Finding } from '../../api/eldercare-supervision-types.js';
import { findingStatusColors, severityColors } from '../../format/eldercare-labels.js';

export function SeverityTag({ f }: { f: Pick<Finding, 'severity' | 'severityName'> }) {
  return <Tag color={severityColors[f.severity]}>{f.severityName}</Tag>;
}

/** Status, and the marks a supervisor acts on: past the deadline, escalated by the system. */
export function FindingStatusTags({ f }: { f: Pick<Finding, 'status' | 'statusName' | 'overdue' | 'escalated' | 'deadline'> }) {
  return (
    <Space size={4} wrap>
      <Tag color={findingStatusColors[f.status]}>{f.statusName}</Tag>
      {f.overdue ? (
        <Tooltip title={`整改期限 ${f.deadline} 已过，仍未整改`}>
          <Tag color="red" data-testid="finding-overdue">
            逾期
          </Tag>
        </Tooltip>
      ) : null}
      {f.escalated ? <Tag color="magenta">已升级督办</Tag> : null}
    </Space>
  );
}
