import { Alert, Card, DatePicker, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { isServiceMissing, NO_MEMBERS, useHouseholdEligibility } from '../api/policy.js';
import type { ProgrammeResult } from '../api/policy-types.js';
import { useAuth } from '../auth/AuthContext.js';
import { currentMonth } from '../format/dates.js';
import { label, programmeLabels } from '../format/labels.js';
import { ApiErrorNotice } from './ApiErrorNotice.js';
import { EvaluationResults } from './EvaluationResults.js';

/**
 * "可享受哪些政策？": the policy engine over this household's facts for a month, each programme with its
 * Chinese reasons. `memberNames` turns member ids into names for the per-person programmes.
 */
export function PolicyEligibilityCard({ householdId, memberNames }: { householdId: number; memberNames: Record<string, string> }) {
  const { can } = useAuth();
  const [month, setMonth] = useState(currentMonth);
  const evaluation = useHouseholdEligibility(householdId, month, can('policy.evaluate'));
  const picker = <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(value) => value && setMonth(value.format('YYYY-MM'))} data-testid="policy-month" />;

  if (!can('policy.evaluate')) return null;
  let body: ReactNode;
  if (evaluation.error) {
    body = isServiceMissing(evaluation.error) ? (
      <Alert type="info" showIcon title="政策计算服务尚未上线" description="本系统的政策计算模块部署后，这里将显示该户在所选月份可享受的政策及逐条理由。" data-testid="policy-unavailable" />
    ) : (
      <ApiErrorNotice error={evaluation.error} inline />
    );
  } else if (!evaluation.data) {
    body = <Typography.Text type="secondary">正在计算…</Typography.Text>;
  } else if (evaluation.data === NO_MEMBERS) {
    body = (
      <Typography.Text type="secondary" data-testid="policy-no-members">
        该户在所选月份没有在世的成员，无需测算。
      </Typography.Text>
    );
  } else {
    const { results } = evaluation.data;
    const eligible = results.filter((r) => r.eligible);
    const who = (r: ProgrammeResult) => (r.memberId ? (memberNames[r.memberId] ?? `成员 ${r.memberId}`) : '');
    body = (
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="policy-results">
        <Typography.Text>
          {month} 可享受 <Typography.Text strong>{eligible.length}</Typography.Text> 项：
          {eligible.length
            ? eligible.map((r) => (
                <Tag key={`${r.programme}-${r.memberId ?? ''}`} color="green">
                  {label(programmeLabels, r.programme)}
                  {r.memberId ? `（${who(r)}）` : ''}
                </Tag>
              ))
            : '无'}
        </Typography.Text>
        <EvaluationResults response={evaluation.data} memberNames={memberNames} />
      </Space>
    );
  }
  return (
    <Card title="可享受哪些政策？" extra={picker} data-testid="policy-card">
      {body}
    </Card>
  );
}
