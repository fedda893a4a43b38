import { Alert, Button, Card, Col, Row, Space, Statistic, Switch, Table, Tabs, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useLeads, useWarnings } from '../../api/monitoring.js';
import type { LeadSummary, WarningSummary } from '../../api/monitoring-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { DivisionName } from '../../components/DivisionName.js';
import { HouseholdLink } from '../../components/PersonLink.js';
import { formatDateTime } from '../../format/dates.js';
import { warningLevelColors } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';
import { LeadHouseholdCell, LeadProgrammeTags } from './LeadCells.js';
import { LeadDrawer } from './LeadDrawer.js';
import { WarningDrawer } from './WarningDrawer.js';
import { groupByCommittee, untilDeadline, type CommitteeGroup } from './worklist.js';

type WarningRow = WarningSummary & { sortAt: string };
type LeadRow = LeadSummary & { sortAt: string; overdue: boolean };

const OPEN_LEADS = ['found', 'contacted'];

function warningColumns(open: (id: number) => void): TableColumnsType<WarningRow> {
  return [
    { title: '级别', dataIndex: 'level', width: 70, render: (level: string, w) => <Tag color={warningLevelColors[level]}>{w.levelName}</Tag> },
    { title: '预警', dataIndex: 'typeName', render: (name: string, w) => <Tooltip title={w.reasons.join('；')}>{name}</Tooltip> },
    { title: '家庭', dataIndex: 'householdName', render: (_: unknown, w) => (w.householdId ? <HouseholdLink id={w.householdId} name={w.householdName} masked={w.householdNameMasked} /> : '—') },
    {
      title: '状态',
      dataIndex: 'statusName',
      render: (name: string, w) => (
        <>
          {name}
          {w.escalatedAt ? (
            <Tag color="red" style={{ marginLeft: 4 }}>
              已升级
            </Tag>
          ) : null}
        </>
      ),
    },
    {
      title: '处置时限',
      dataIndex: 'dueAt',
      render: (dueAt: string, w) => {
        if (w.status === 'handled' || w.status === 'closed') return formatDateTime(dueAt);
        const left = untilDeadline(dueAt);
        return (
          <Tooltip title={formatDateTime(dueAt)}>
            <Tag color={w.overdue ? 'red' : 'blue'}>{left.text}</Tag>
          </Tooltip>
        );
      },
    },
    { title: '发出时间', dataIndex: 'raisedAt', render: (at: string) => formatDateTime(at) },
    {
      title: '',
      key: 'open',
      width: 80,
      render: (_: unknown, w) => (
        <Button size="small" type="link" onClick={() => open(w.id)} data-testid={`open-warning-${w.id}`}>
          办理
        </Button>
      ),
    },
  ];
}

function leadColumns(open: (id: number) => void): TableColumnsType<LeadRow> {
  return [
    { title: '户主', key: 'household', render: (_: unknown, l) => <LeadHouseholdCell lead={l} /> },
    { title: '符合的项目', key: 'programmes', render: (_: unknown, l) => <LeadProgrammeTags lead={l} /> },
    { title: '测算月金额', dataIndex: 'amountFen', align: 'right', render: (fen: number | null) => formatFen(fen) },
    { title: '状态', dataIndex: 'statusName' },
    { title: '发现时间', dataIndex: 'foundAt', render: (at: string) => formatDateTime(at) },
    {
      title: '',
      key: 'open',
      width: 80,
      render: (_: unknown, l) => (
        <Button size="small" type="link" onClick={() => open(l.id)} data-testid={`open-lead-${l.id}`}>
          跟进
        </Button>
      ),
    },
  ];
}

function Groups<T extends { id: number }>({ groups, columns, unit, testId }: { groups: CommitteeGroup<T>[]; columns: TableColumnsType<T>; unit: string; testId: string }) {
  if (groups.length === 0) return <Alert type="success" showIcon title={`没有待办的${unit}`} data-testid={`${testId}-empty`} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid={testId}>
      {groups.map((group) => (
        <Card
          key={group.divisionCode}
          size="small"
          title={<DivisionName code={group.divisionCode} full />}
          extra={
            <Space>
              <Tag>{group.items.length} 条</Tag>
              {group.overdue ? <Tag color="red">逾期 {group.overdue} 条</Tag> : null}
            </Space>
          }
          data-testid="committee-group"
        >
          <Table<T> rowKey="id" size="small" pagination={false} columns={columns} dataSource={group.items} />
        </Card>
      ))}
    </Space>
  );
}

/**
 * 动态监测工作台: the warnings and 政策找人 leads assigned to me, overdue first, grouped by committee, each
 * opened in a drawer to record the visit and the outcome. District staff see their whole jurisdiction.
 */
export default function MonitoringDeskPage() {
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const mine = params.get('scope') !== 'all' && can('monitoring.handle');
  const [showDone, setShowDone] = useState(false);
  const [warningId, setWarningId] = useState<number | null>(null);
  const [leadId, setLeadId] = useState<number | null>(null);
  const warnings = useWarnings(mine);
  const leads = useLeads(mine);

  const warningGroups = useMemo(() => {
    const rows = (warnings.data?.items ?? []).filter((w) => showDone || w.status !== 'closed').map((w): WarningRow => ({ ...w, sortAt: w.dueAt }));
    return groupByCommittee(rows);
  }, [warnings.data, showDone]);
  const leadGroups = useMemo(() => {
    const rows = (leads.data?.items ?? []).filter((l) => showDone || OPEN_LEADS.includes(l.status)).map((l): LeadRow => ({ ...l, sortAt: l.foundAt, overdue: false }));
    return groupByCommittee(rows);
  }, [leads.data, showDone]);

  const open = (warnings.data?.items ?? []).filter((w) => ['new', 'assigned', 'visited'].includes(w.status));
  const overdue = open.filter((w) => w.overdue).length;
  const escalated = open.filter((w) => w.escalatedAt).length;
  const openLeads = (leads.data?.items ?? []).filter((l) => OPEN_LEADS.includes(l.status)).length;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title="低收入人口动态监测 · 工作台"
        extra={
          <Space size="large">
            {can('monitoring.handle') ? (
              <Space>
                <Switch checked={mine} onChange={(checked) => setParams(checked ? {} : { scope: 'all' })} data-testid="scope-mine" />
                <span>只看派给我的</span>
              </Space>
            ) : null}
            <Space>
              <Switch checked={showDone} onChange={setShowDone} />
              <span>显示已办结</span>
            </Space>
          </Space>
        }
      >
        <Row gutter={24}>
          <Col span={6}>
            <Statistic title="待办预警" value={open.length} />
          </Col>
          <Col span={6}>
            <Statistic title="逾期预警" value={overdue} styles={{ content: { color: overdue ? '#cf1322' : undefined } }} />
          </Col>
          <Col span={6}>
            <Statistic title="已升级" value={escalated} />
          </Col>
          <Col span={6}>
            <Statistic title="待跟进线索" value={openLeads} />
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {mine ? '派给您的预警与线索' : '辖区内全部预警与线索'}，按居委会分组，逾期的在前。预警须在时限内上门核实并处置，逾期将升级至街镇。
        </Typography.Paragraph>
      </Card>
      <Card>
        <Tabs
          tabBarExtraContent={<LedgerExportButton path="/monitoring/leads/export" query={{ mine }} title="政策找人线索台账" />}
          items={[
            {
              key: 'warnings',
              label: `预警（${warningGroups.reduce((n, g) => n + g.items.length, 0)}）`,
              children: warnings.error ? (
                <ApiErrorNotice error={warnings.error} inline />
              ) : warnings.isPending ? (
                <Typography.Text type="secondary">加载中…</Typography.Text>
              ) : (
                <Groups groups={warningGroups} columns={warningColumns(setWarningId)} unit="预警" testId="warning-groups" />
              ),
            },
            {
              key: 'leads',
              label: `政策找人线索（${leadGroups.reduce((n, g) => n + g.items.length, 0)}）`,
              children: leads.error ? (
                <ApiErrorNotice error={leads.error} inline />
              ) : leads.isPending ? (
                <Typography.Text type="secondary">加载中…</Typography.Text>
              ) : (
                <Groups groups={leadGroups} columns={leadColumns(setLeadId)} unit="线索" testId="lead-groups" />
              ),
            },
          ]}
        />
        {warnings.data?.truncated || leads.data?.truncated ? <Alert type="warning" showIcon title="待办过多，仅显示最近的 1000 条；请按辖区分派或联系街镇" style={{ marginTop: 12 }} /> : null}
      </Card>
      <WarningDrawer id={warningId} onClose={() => setWarningId(null)} />
      <LeadDrawer id={leadId} onClose={() => setLeadId(null)} />
    </Space>
  );
}
