import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { useReviewsDue } from '../../api/assistance.js';
import type { DueReview } from '../../api/assistance-types.js';
import { useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { CaseStatusTag } from '../../components/CaseStatusTag.js';
import { DivisionName } from '../../components/DivisionName.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { assistanceProgrammeLabels, label } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';
import { today } from '../../format/dates.js';

const PAGE_SIZE = 20;

const columns: TableColumnsType<DueReview> = [
  { title: '案件编号', dataIndex: 'id', width: 96, render: (id: number) => <Link to={`/assistance/cases/${id}`}>{id}</Link> },
  { title: '申请人', dataIndex: 'applicantName', render: (name: string, c) => <Link to={`/assistance/cases/${c.id}`}>{name}</Link> },
  { title: '救助项目', dataIndex: 'programme', render: (p: string) => label(assistanceProgrammeLabels, p) },
  { title: '街镇', dataIndex: 'streetCode', render: (code: string) => <DivisionName code={code} /> },
  { title: '状态', dataIndex: 'status', render: (s: string) => <CaseStatusTag status={s} /> },
  { title: '月救助金额', dataIndex: 'amountFen', align: 'right', render: (fen: number | null) => formatFen(fen) },
  { title: '复核日期', dataIndex: 'reviewDue' },
  {
    title: '距复核',
    dataIndex: 'daysOverdue',
    render: (days: number) => (days > 0 ? <Tag color="red">逾期 {days} 天</Tag> : days === 0 ? <Tag color="orange">今天到期</Tag> : <Tag color="blue">{-days} 天后到期</Tag>),
  },
];

interface Values {
  division?: string;
  until?: Dayjs;
}

/** 到期复核: cases in payment whose periodic review falls due by a date, soonest (and overdue) first. */
export default function ReviewDuePage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const division = params.get('division') ?? undefined;
  const until = params.get('until') ?? today().add(30, 'day').format('YYYY-MM-DD');
  const page = Math.max(1, Number(params.get('page')) || 1);
  const reviews = useReviewsDue({ division, until, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });

  function update(next: Record<string, string | undefined>) {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) merged.set(key, value);
      else merged.delete(key);
    }
    setParams(merged);
  }

  return (
    <Card title="到期复核清单" extra={<Typography.Text type="secondary">低保每年、特困供养按配置定期复核；逾期的排在最前</Typography.Text>}>
      <Form<Values>
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        initialValues={{ division, until: dayjs(until) }}
        onFinish={(values) => update({ division: values.division, until: values.until?.format('YYYY-MM-DD'), page: undefined })}
      >
        <Form.Item name="division" label="区划">
          <DivisionPicker root={me.jurisdiction} />
        </Form.Item>
        <Form.Item name="until" label="复核日期截至">
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            查询
          </Button>
        </Form.Item>
        <Form.Item>
          <LedgerExportButton path="/assistance/reviews/due/export" query={{ division, until }} title="到期复核台账" />
        </Form.Item>
      </Form>
      {reviews.error ? (
        <ApiErrorNotice error={reviews.error} inline />
      ) : (
        <Table<DueReview>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={reviews.data?.items}
          loading={reviews.isFetching}
          locale={{ emptyText: `截至 ${until} 没有到期需复核的案件` }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: reviews.data?.total ?? 0, showSizeChanger: false, showTotal: (total) => `共 ${total} 件`, onChange: (p) => update({ page: String(p) }) }}
          data-testid="review-table"
        />
      )}
    </Card>
  );
}
