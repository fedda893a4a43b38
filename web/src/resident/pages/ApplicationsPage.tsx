import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Empty, Flex, List, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { downloadExcel } from '../../charts/excel.js';
import { PageLoading } from '../../components/PageLoading.js';
import { fetchApplications, residentKeys } from '../api.js';
import { formatMoment } from '../format.js';
import { PageTitle } from '../PageTitle.js';
import { ResidentError } from '../ResidentError.js';
import { StatusTag } from '../StatusTag.js';
import { solid } from '../tag-colours.js';

/** 我的申请: every application the resident made, for themself or as an agent (代办), newest first. */
export default function ApplicationsPage() {
  const query = useQuery({ queryKey: residentKeys.applications, queryFn: ({ signal }) => fetchApplications(signal) });
  return (
    <>
      <PageTitle title="我的申请">我的申请</PageTitle>
      {query.isPending ? (
        <PageLoading />
      ) : query.isError ? (
        <ResidentError error={query.error} retry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Card>
          <Empty description="您还没有提交过申请。可以在“我的权益”中查看能申请的项目。">
            <Link to="/resident">
              <Button type="primary">查看我的权益</Button>
            </Link>
          </Empty>
        </Card>
      ) : (
        <Flex vertical gap={12}>
          <List
            bordered
            style={{ background: '#fff' }}
            dataSource={query.data.items}
            renderItem={(item) => (
              <List.Item data-testid={`application-${item.id}`}>
                <Flex vertical gap={4} style={{ width: '100%' }}>
                  <Flex justify="space-between" wrap gap={8}>
                    <Link to={`/resident/applications/${item.id}`} style={{ fontWeight: 700 }}>
                      {item.kindName}
                    </Link>
                    <StatusTag status={item.status} name={item.statusName} />
                  </Flex>
                  <span>
                    申请人：{item.person.nameMasked}
                    {item.actedBy ? `（由 ${item.actedBy.nameMasked} 代办）` : ''}
                  </span>
                  <Typography.Text type="secondary">提交于 {formatMoment(item.submittedAt)}</Typography.Text>
                  <span>
                    {item.urgent ? <Tag color={solid('orange')}>加急</Tag> : null}
                    {item.openRequests > 0 ? <Badge status="warning" text={`有 ${item.openRequests} 项材料待补充`} /> : null}
                  </span>
                </Flex>
              </List.Item>
            )}
          />
          <Button
            onClick={() =>
              void downloadExcel('我的申请', [
                {
                  name: '我的申请',
                  columns: ['申请事项', '申请人', '代办人', '提交时间', '办理状态', '待补充材料'],
                  rows: query.data.items.map((i) => [i.kindName, i.person.nameMasked, i.actedBy?.nameMasked ?? '', formatMoment(i.submittedAt), i.statusName, i.openRequests]),
                },
              ])
            }
            data-testid="applications-excel"
          >
            导出 Excel
          </Button>
        </Flex>
      )}
    </>
  );
}
