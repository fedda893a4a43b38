import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { Alert, Card, Collapse, DatePicker, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { isServiceMissing, useHouseholdEligibility } from '../api/policy.js';
import type { ProgrammeResult, UsedParameter } from '../api/policy-types.js';
import { useAuth } from '../auth/AuthContext.js';
import { currentMonth } from '../format/dates.js';
import { label, programmeLabels } from '../format/labels.js';
import { formatFen } from '../format/money.js';
import { formatParameter } from '../format/parameters.js';
import { ApiErrorNotice } from './ApiErrorNotice.js';
import { ItemList } from './ItemList.js';

function Reasons({ result }: { result: ProgrammeResult }) {
  if (result.conditions?.length) {
    return (
      <ItemList
        items={result.conditions}
        render={(condition) => (
          <Space align="start">
            {condition.passed ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />}
            <span>{condition.text}</span>
          </Space>
        )}
      />
    );
  }
  return <ItemList items={result.reasons} render={(reason) => reason} />;
}

function ParametersTable({ parameters }: { parameters: UsedParameter[] }) {
  return (
    <Table<UsedParameter>
      rowKey="name"
      size="small"
      pagination={false}
      dataSource={parameters}
      columns={[
        { title: '参数', dataIndex: 'label' },
        { title: '取值', key: 'value', render: (_: unknown, p) => formatParameter(p) },
        { title: '生效日期', dataIndex: 'from' },
        { title: '核实', dataIndex: 'verified', render: (verified: boolean) => (verified ? <Tag color="green">已核实</Tag> : <Tag color="orange">待核实（配置值）</Tag>) },
      ]}
    />
  );
}

/** Results in the order the engine gives them, one group per programme (a person programme has one per member). */
function groupByProgramme(results: ProgrammeResult[]): [string, ProgrammeResult[]][] {
  const groups = new Map<string, ProgrammeResult[]>();
  for (const result of results) groups.set(result.programme, [...(groups.get(result.programme) ?? []), result]);
  return [...groups];
}

function ProgrammeHeader({ programme, group, who }: { programme: string; group: ProgrammeResult[]; who(r: ProgrammeResult): string }) {
  const eligible = group.filter((r) => r.eligible);
  const total = eligible.reduce((sum, r) => sum + r.monthlyAmountFen, 0);
  const perPerson = group.some((r) => r.memberId);
  return (
    <Space wrap>
      <span>{label(programmeLabels, programme)}</span>
      {eligible.length ? <Tag color="green">符合</Tag> : <Tag>不符合</Tag>}
      {perPerson && eligible.length ? <Typography.Text type="secondary">{eligible.map(who).join('、')}</Typography.Text> : null}
      {total > 0 ? <Typography.Text strong>每月 {formatFen(total)}</Typography.Text> : null}
    </Space>
  );
}

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
  let body;
  if (evaluation.error) {
    body = isServiceMissing(evaluation.error) ? (
      <Alert type="info" showIcon title="政策计算服务尚未上线" description="本系统的政策计算模块部署后，这里将显示该户在所选月份可享受的政策及逐条理由。" data-testid="policy-unavailable" />
    ) : (
      <ApiErrorNotice error={evaluation.error} inline />
    );
  } else if (!evaluation.data) {
    body = <Typography.Text type="secondary">正在计算…</Typography.Text>;
  } else {
    const { results, parameters, ruleVersion } = evaluation.data;
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
        <Collapse
          size="small"
          items={[
            ...groupByProgramme(results).map(([programme, group]) => ({
              key: programme,
              label: <ProgrammeHeader programme={programme} group={group} who={who} />,
              children: group.map((result) => (
                <div key={result.memberId ?? programme}>
                  {result.memberId ? (
                    <Typography.Text strong>
                      {who(result)}：{result.eligible ? '符合' : '不符合'}
                    </Typography.Text>
                  ) : null}
                  <Reasons result={result} />
                </div>
              )),
            })),
            { key: 'parameters', label: `计算所用参数（规则版本 ${ruleVersion}）`, children: <ParametersTable parameters={parameters} /> },
          ]}
        />
      </Space>
    );
  }
  return (
    <Card title="可享受哪些政策？" extra={picker} data-testid="policy-card">
      {body}
    </Card>
  );
}
