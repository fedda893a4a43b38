import { Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { LeadSummary } from '../../api/monitoring-types.js';

/** 户主 and address: masked for roles that do not visit (the server decides); the name links to the household. */
export function LeadHouseholdCell({ lead }: { lead: LeadSummary }) {
  const { headName, address } = lead.household;
  return (
    <Space orientation="vertical" size={0}>
      <Link to={`/registry/households/${lead.householdId}`} data-testid="lead-head-name">
        {headName ? `${headName} 户` : '无在册成员的家庭'}
      </Link>
      {address ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {address}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

/** One lead per household: every programme it seems to qualify for; one already applied for links its case. */
export function LeadProgrammeTags({ lead }: { lead: LeadSummary }) {
  return (
    <Space size={[4, 4]} wrap>
      {lead.programmes.map((p) =>
        p.caseId ? (
          <Link key={`${p.programme}-${p.personId ?? 0}`} to={`/assistance/cases/${p.caseId}`} title={p.caseStatusName ?? undefined}>
            <Tag color="green">{p.programmeName} · 已申请</Tag>
          </Link>
        ) : (
          <Tag key={`${p.programme}-${p.personId ?? 0}`} color="blue">
            {p.programmeName}
          </Tag>
        ),
      )}
    </Space>
  );
}
