import { Button, Card, Descriptions, Select, Space, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useConclude, useOrganisation } from '../../api/socialorg.js';
import type { Organisation } from '../../api/socialorg-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { PageLoading } from '../../components/PageLoading.js';
import { formatFen } from '../../format/money.js';
import { conclusionLabels, directCategoryLabels, districtLabel, levelLabels, modeLabels, orgTypeLabels, statusLabels } from '../../format/socialorg-labels.js';
import { SpendingCheckCard } from './SpendingCheckCard.js';
import { STEP_LABELS, STEP_RULES, StepDialog } from './StepDialog.js';

/** The steps a file in this status may take next (the server checks again, with the rule named on refusal). */
function nextSteps(o: Organisation): string[] {
  switch (o.status) {
    case 'name_approved':
      return o.orgType === 'social_group' ? ['prepare_apply', 'reject'] : ['establish_apply', 'reject'];
    case 'preparation_applied':
      return ['prepare_approve', 'reject'];
    case 'preparing':
      return ['establish_apply', 'reject'];
    case 'establishment_applied':
      return ['establish', 'reject'];
    case 'registered':
      if (o.pendingKind === 'charity') return ['charity_recognise', 'charity_refuse', 'change', 'liquidate', 'revoke'];
      if (o.pendingKind === 'fundraising') return ['fundraising_grant', 'fundraising_refuse', 'change', 'liquidate', 'revoke'];
      return ['change', o.charitySince ? 'charity_withdraw' : 'charity_apply', ...(o.charitySince ? [] : ['charity_recognise']), 'fundraising_apply', 'liquidate', 'revoke'];
    case 'liquidating':
      return ['deregister'];
    default:
      return [];
  }
}

function ConclusionCell({ orgId, year, dual }: { orgId: number; year: number; dual: boolean }) {
  const conclude = useConclude(orgId);
  const [value, setValue] = useState<string>();
  return (
    <Space>
      <Select size="small" placeholder="结论" style={{ width: 110 }} value={value} onChange={setValue} options={Object.entries(conclusionLabels).map(([v, l]) => ({ value: v, label: l }))} />
      <Tooltip title={dual ? '双重管理：以业务主管单位初审意见已收到计' : '直接登记：无业务主管单位初审'}>
        <Button size="small" disabled={!value} loading={conclude.isPending} onClick={() => value && conclude.mutate({ year, body: { conclusion: value, prereviewedOn: dual ? new Date().toISOString().slice(0, 10) : null } })}>
          作出结论
        </Button>
      </Tooltip>
    </Space>
  );
}

/** 社会组织登记档案: registration details, the action log, annual inspections and list entries; the next steps. */
export default function OrganisationPage() {
  const id = Number(useParams().id);
  const { can } = useAuth();
  const file = useOrganisation(id);
  const [action, setAction] = useState<string | null>(null);
  if (file.isLoading) return <PageLoading />;
  if (file.error || !file.data) return <ApiErrorNotice error={file.error} />;
  const { organisation: o, actions, reports, entries } = file.data;
  const disabledReason = (step: string): string | undefined => {
    if (step === 'fundraising_apply' && !o.charitySince) return '须先认定为慈善组织';
    if (step === 'fundraising_apply' && o.fundraisingSince) return `已于 ${o.fundraisingSince} 取得公开募捐资格`;
    return undefined;
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={o.name}
        extra={
          <Tag color={o.status === 'registered' ? 'green' : 'blue'} data-testid="socialorg-status">
            {statusLabels[o.status]}
          </Tag>
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="统一社会信用代码">{o.creditCode ?? '（未发证）'}</Descriptions.Item>
          <Descriptions.Item label="类型">{orgTypeLabels[o.orgType]}</Descriptions.Item>
          <Descriptions.Item label="登记管理机关">
            {o.level === 'city' ? '上海市民政局' : `${districtLabel(o.registrarDivision)}民政局`}（{levelLabels[o.level]}）
          </Descriptions.Item>
          <Descriptions.Item label="所在区">{districtLabel(o.districtCode)}</Descriptions.Item>
          <Descriptions.Item label="管理方式">
            {modeLabels[o.mode]}
            {o.directCategory ? `（${directCategoryLabels[o.directCategory]}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="业务主管单位">{o.supervisorUnit ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="资金">{formatFen(o.fundsFen)}</Descriptions.Item>
          <Descriptions.Item label="成立登记日期">{o.registeredOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="待决定事项期限">{o.pendingDue ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="筹备期至">{o.preparationEnds ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="慈善组织">{o.charitySince ? `${o.charitySince} 起` : '否'}</Descriptions.Item>
          <Descriptions.Item label="公开募捐资格">{o.fundraisingSince ? `${o.fundraisingSince} 起` : '无'}</Descriptions.Item>
          {o.endedOn ? <Descriptions.Item label="终止">{`${o.endedOn}（${o.endReason ?? ''}）`}</Descriptions.Item> : null}
        </Descriptions>
        {can('socialorg.register') && nextSteps(o).length ? (
          <Space wrap style={{ marginTop: 12 }}>
            {nextSteps(o).map((step) => (
              <Tooltip key={step} title={disabledReason(step) ?? STEP_RULES[step]}>
                <Button
                  type={step === 'reject' || step === 'revoke' ? 'default' : 'primary'}
                  danger={step === 'reject' || step === 'revoke'}
                  disabled={Boolean(disabledReason(step))}
                  onClick={() => setAction(step)}
                  data-testid={`step-${step}`}
                >
                  {STEP_LABELS[step]}
                </Button>
              </Tooltip>
            ))}
          </Space>
        ) : null}
      </Card>
      <Card title="登记事项记录">
        <Timeline items={actions.map((a) => ({ children: `${a.onDate} ${a.actionName}${a.reason ? `：${a.reason}` : ''}${a.actorName ? `（${a.actorName}）` : ''}` }))} />
      </Card>
      <Card title="年度检查（年度报告）">
        <Table
          rowKey="year"
          size="small"
          pagination={false}
          dataSource={reports}
          locale={{ emptyText: '尚无年度报告' }}
          columns={[
            { title: '年度', dataIndex: 'year' },
            {
              title: '报送日期',
              dataIndex: 'filedOn',
              render: (d: string, r) =>
                r.late ? (
                  <Typography.Text type="danger">
                    {d}（逾期，截止 {r.deadline}）
                  </Typography.Text>
                ) : (
                  d
                ),
            },
            { title: '收入', dataIndex: 'incomeFen', render: (f: number) => formatFen(f) },
            { title: '支出', dataIndex: 'expenditureFen', render: (f: number) => formatFen(f) },
            { title: '净资产', dataIndex: 'netAssetsFen', render: (f: number) => formatFen(f) },
            { title: '结论', key: 'c', render: (_: unknown, r) => (r.conclusion ? conclusionLabels[r.conclusion] : can('socialorg.supervise') ? <ConclusionCell orgId={o.id} year={r.year} dual={o.mode === 'dual'} /> : '待定') },
          ]}
        />
      </Card>
      {o.charitySince ? <SpendingCheckCard organisationId={o.id} /> : null}
      <Card title="信用名录">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={entries}
          locale={{ emptyText: '未列入活动异常名录或严重违法失信名单' }}
          columns={[
            { title: '名录', dataIndex: 'listName' },
            { title: '事由', dataIndex: 'evidence' },
            { title: '依据', dataIndex: 'basis' },
            { title: '列入日期', dataIndex: 'listedOn' },
            { title: '移出日期', dataIndex: 'removedOn', render: (d: string | null) => d ?? '在册' },
          ]}
        />
      </Card>
      {action ? <StepDialog org={o} action={action} onClose={() => setAction(null)} /> : null}
    </Space>
  );
}
