import { FilePdfOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Empty, Flex, List, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { downloadExcel } from '../../charts/excel.js';
import type { InboxItem } from '../../api/resident-types.js';
import { PageLoading } from '../../components/PageLoading.js';
import { formatFen } from '../../format/money.js';
import { fetchInbox, markRead, noticePdfUrl, residentKeys } from '../api.js';
import { formatMoment } from '../format.js';
import { PageTitle } from '../PageTitle.js';
import { ResidentError } from '../ResidentError.js';
import { solid } from '../tag-colours.js';

const KIND_COLOURS: Record<string, string> = { decision: 'red', payment: 'green', material_request: 'orange', objection_answer: 'purple', status: 'blue' };

/** 消息: decision notices (with their PDF), payments received, requests for material, answers to objections. */
export default function InboxPage() {
  const query = useQuery({ queryKey: residentKeys.inbox, queryFn: ({ signal }) => fetchInbox(signal) });
  return (
    <>
      <PageTitle title="消息">消息{query.data?.unread ? `（${query.data.unread} 条未读）` : ''}</PageTitle>
      {query.isPending ? (
        <PageLoading />
      ) : query.isError ? (
        <ResidentError error={query.error} retry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Card>
          <Empty description="暂无消息。办理进度、决定通知书和救助金到账都会在这里通知您。" />
        </Card>
      ) : (
        <Flex vertical gap={12}>
          <List bordered style={{ background: '#fff' }} dataSource={query.data.items} renderItem={(item) => <Message item={item} />} data-testid="inbox" />
          <Button
            onClick={() =>
              void downloadExcel('我的消息', [
                {
                  name: '消息',
                  columns: ['时间', '类别', '标题', '内容', '金额（元）'],
                  rows: query.data.items.map((i) => [formatMoment(i.at), i.kindName, i.title, i.body, i.amountFen === null ? null : i.amountFen / 100]),
                },
              ])
            }
            data-testid="inbox-excel"
          >
            导出 Excel
          </Button>
        </Flex>
      )}
    </>
  );
}

function Message({ item }: { item: InboxItem }) {
  const queryClient = useQueryClient();
  const read = useMutation({ mutationFn: () => markRead(item.id), onSuccess: () => void queryClient.invalidateQueries({ queryKey: residentKeys.inbox }) });
  const unread = item.readAt === null;
  const touch = () => {
    if (unread && !read.isPending) read.mutate();
  };
  return (
    <List.Item data-testid={`message-${item.kind}`}>
      <Flex vertical gap={4} style={{ width: '100%' }}>
        <Flex justify="space-between" wrap gap={8}>
          <span>
            <Tag color={solid(KIND_COLOURS[item.kind] ?? 'blue')}>{item.kindName}</Tag>
            {unread ? <Badge status="error" text="未读" /> : null}
          </span>
          <Typography.Text type="secondary">{formatMoment(item.at)}</Typography.Text>
        </Flex>
        <strong>{item.title}</strong>
        <span>{item.body}</span>
        {item.amountFen !== null ? (
          <span>
            金额：<strong data-testid="message-amount">{formatFen(item.amountFen)}</strong>
          </span>
        ) : null}
        <Flex gap={12} wrap>
          {item.hasNotice ? (
            <a href={noticePdfUrl(item.id)} target="_blank" rel="noopener noreferrer" onClick={touch} data-testid="notice-pdf">
              <FilePdfOutlined aria-hidden /> 查看决定通知书（PDF）
            </a>
          ) : null}
          {item.applicationId ? (
            <Link to={`/resident/applications/${item.applicationId}`} onClick={touch}>
              查看申请
            </Link>
          ) : null}
          {unread ? (
            <Button type="link" onClick={touch} style={{ padding: 0 }} data-testid="mark-read">
              标为已读
            </Button>
          ) : null}
        </Flex>
      </Flex>
    </List.Item>
  );
}
