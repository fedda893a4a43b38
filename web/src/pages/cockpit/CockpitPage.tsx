import { Card, Col, DatePicker, Row, Space, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { useAssistanceStats } from '../../api/cockpit.js';
import { useMonitoringDashboard } from '../../api/monitoring.js';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { formatWan } from '../../format/money.js';
import { AssistanceSection } from './AssistanceSection.js';
import { DiscoverySection } from './DiscoverySection.js';
import { EldercareSection } from './EldercareSection.js';
import { FuneralSection } from './FuneralSection.js';
import { MarriageSection } from './MarriageSection.js';
import { WarningSection } from './WarningSection.js';
import { today } from '../../format/dates.js';

/**
 * 驾驶舱: counts and sums only, no person named. Recipients and money over twelve months, warnings and their
 * handling, 政策找人 and 免申即享, elderly-care beds and the waitlist — for the jurisdiction or one division of
 * it, each chart downloadable.
 */
export default function CockpitPage() {
  const me = useMe();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const division = params.get('division') ?? me.jurisdiction;
  const month = params.get('month') ?? today().format('YYYY-MM');
  const from = dayjs(`${month}-01`).subtract(11, 'month').format('YYYY-MM');
  const dashboard = useMonitoringDashboard(division, month);
  const assistance = useAssistanceStats(division, from, month);
  const paidRows = (assistance.data?.rows ?? []).filter((r) => r.month === month);
  const households = paidRows.reduce((n, r) => n + r.households, 0);
  const paidFen = paidRows.reduce((n, r) => n + r.amountFen, 0);
  // Drill-down goes from the city to a district and stops there: figures, never a list of people.
  // The city's code may come in any of its lengths (31, 310000, 310000000000): without its trailing zeros it is two digits.
  const onDistrict = division.replace(/0+$/, '').length <= 2 ? (code: string) => set('division', code) : undefined;
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const d = dashboard.data;
  const open = d ? d.warnings.byType.reduce((n, t) => n + t.open, 0) : 0;
  const elderly = d?.grants.reduce((n, g) => n + g.active, 0) ?? 0;
  const grantFen = d?.grants.reduce((n, g) => n + g.paidFenThisMonth, 0) ?? 0;
  const found = d?.funnel.reduce((n, f) => n + f.found, 0) ?? 0;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="cockpit">
      <Card
        title={
          <span>
            驾驶舱 · <DivisionName code={division} full />
          </span>
        }
        extra={
          <Space wrap>
            <DivisionPicker root={me.jurisdiction} value={params.get('division') ?? undefined} onChange={(code) => set('division', code)} />
            <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(v) => v && set('month', v.format('YYYY-MM'))} disabledDate={(v) => v.isAfter(today(), 'month')} />
          </Space>
        }
      >
        <Row gutter={[24, 16]} data-testid="cockpit-key-figures">
          <Col xs={12} lg={4}>
            <Statistic title={`${month} 救助户数`} value={households} suffix="户" loading={assistance.isPending} />
          </Col>
          <Col xs={12} lg={4}>
            <Statistic title={`${month} 救助资金`} value={formatWan(paidFen)} loading={assistance.isPending} />
          </Col>
          <Col xs={12} lg={4}>
            <Statistic title="在办预警" value={open} suffix="条" loading={dashboard.isPending} />
          </Col>
          <Col xs={12} lg={4}>
            <Statistic title="逾期未处置" value={d?.warnings.overdue ?? 0} suffix="条" loading={dashboard.isPending} styles={{ content: { color: d?.warnings.overdue ? '#cf1322' : undefined } }} />
          </Col>
          <Col xs={12} lg={4}>
            <Statistic title="政策找人线索" value={found} suffix="户" loading={dashboard.isPending} />
          </Col>
          <Col xs={12} lg={4}>
            <Statistic title={`免申即享在享（${month} 发放 ${formatWan(grantFen)}）`} value={elderly} suffix="人" loading={dashboard.isPending} />
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          统计为汇总数，不含个人信息；每张图表可下载 Excel；{onDistrict ? '点击图中的区可查看该区的数字。' : '可在右上角切换回全市。'}
        </Typography.Paragraph>
      </Card>
      <Card title={`救助对象与资金（${from} 至 ${month}）`}>
        <AssistanceSection division={division} from={from} to={month} onDistrict={onDistrict} />
      </Card>
      {dashboard.error ? (
        <ApiErrorNotice error={dashboard.error} inline />
      ) : d ? (
        <>
          <Card title="低收入人口动态监测预警">
            <WarningSection dashboard={d} />
          </Card>
          <Card title="政策找人与免申即享">
            <DiscoverySection dashboard={d} />
          </Card>
        </>
      ) : (
        <Card loading />
      )}
      {can('marriage.figures') ? (
        <Card title="婚姻登记">
          <MarriageSection year={Number(month.slice(0, 4))} division={division} onDistrict={onDistrict} />
        </Card>
      ) : null}
      {can('funeral.read') ? (
        <Card title="殡葬服务与身故一件事（本辖区）">
          <FuneralSection year={Number(month.slice(0, 4))} />
        </Card>
      ) : null}
      {can('eldercare.read') ? (
        <Card title="养老服务：床位与统筹轮候">
          <EldercareSection division={division} onDistrict={onDistrict} />
        </Card>
      ) : null}
    </Space>
  );
}
