import { Tag, Tooltip } from 'antd';
import { applicationStatusColors } from '../../format/eldercare-labels.js';

/** The priority groups an applicant belongs to, each with where it was established (registry, assistance, declared). */
export function GroupTags({ groups }: { groups: { group: string; name: string; source: string }[] }) {
  if (groups.length === 0) return <Tag>一般对象</Tag>;
  return (
    <>
      {groups.map((g) => (
        <Tooltip key={g.group} title={`依据：${g.source}`}>
          <Tag color="purple" data-testid="group-tag">
            {g.name}
          </Tag>
        </Tooltip>
      ))}
    </>
  );
}

export function ApplicationStatusTag({ status, name }: { status: string; name: string }) {
  return (
    <Tag color={applicationStatusColors[status]} data-testid="application-status">
      {name}
    </Tag>
  );
}
