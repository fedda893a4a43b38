import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { Collapse, Space, Table, Tag, Typography } from 'antd';
import type { EvaluateResponse, ProgrammeResult, UsedParameter } from '../api/policy-types.js';
import { label, programmeLabels } from '../format/labels.js';
import { formatFen } from '../format/money.js';
import { formatParameter, formatRuleVersion } from '../format/parameters.js';
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

export function ParametersTable({ parameters }: { parameters: UsedParameter[] }) {
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
 * The engine's answer for one household: each programme with its conditions in Chinese (the numbers
 * compared, the standard and its effective date), then the parameters used. `open` expands programmes.
 */
export function EvaluationResults({ response, memberNames, open = [] }: { response: EvaluateResponse; memberNames: Record<string, string>; open?: string[] }) {
  const who = (r: ProgrammeResult) => (r.memberId ? (memberNames[r.memberId] ?? `成员 ${r.memberId}`) : '');
  return (
    <Collapse
      size="small"
      defaultActiveKey={open}
      items={[
        ...groupByProgramme(response.results).map(([programme, group]) => ({
          key: programme,
          label: <ProgrammeHeader programme={programme} group={group} who={who} />,
          children: group.map((result) => (
            <div key={result.memberId ?? programme} data-testid={`reasons-${programme}`}>
              {result.memberId ? (
                <Typography.Text strong>
                  {who(result)}：{result.eligible ? '符合' : '不符合'}
                </Typography.Text>
              ) : null}
              <Reasons result={result} />
            </div>
          )),
        })),
        { key: 'parameters', label: `计算所用参数（${formatRuleVersion(response.ruleVersion)}）`, children: <ParametersTable parameters={response.parameters} /> },
      ]}
    />
  );
}
