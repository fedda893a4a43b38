import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, List, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { Eligibility, Entitlements } from '../../api/resident-types.js';
import { formatFen } from '../../format/money.js';
import { PageLoading } from '../../components/PageLoading.js';
import { fetchEntitlements, residentKeys } from '../api.js';
import { useResidentAuth, useResidentMe } from '../auth.js';
import { formatMonth } from '../format.js';
import { PageTitle } from '../PageTitle.js';
import { PersonLabel } from '../PersonLabel.js';
import { ResidentError } from '../ResidentError.js';
import { PrefilledFacts } from './PrefilledFacts.js';
import { solid } from '../tag-colours.js';

/** 我的权益: the household, what the rules say it may receive and why, what it already receives, and what 政策找人 found. */
export default function EntitlementsPage() {
  const { actingForId } = useResidentAuth();
  const { subject, actingFor } = useResidentMe();
  const query = useQuery({ queryKey: residentKeys.entitlements(actingForId), queryFn: ({ signal }) => fetchEntitlements(actingForId, signal) });

  return (
    <>
      <PageTitle title="我的权益">{actingFor ? `${subject.nameMasked}的权益` : '我的权益'}</PageTitle>
      {query.isPending ? <PageLoading /> : query.isError ? <ResidentError error={query.error} retry={() => void query.refetch()} /> : <EntitlementsBody data={query.data} />}
    </>
  );
}

function EntitlementsBody({ data }: { data: Entitlements }) {
  const navigate = useNavigate();
  return (
    <Flex vertical gap={16}>
      {data.leads.map((lead) => (
        <Alert
          key={lead.id}
          type="success"
          showIcon
          title={`您可能符合${lead.programmeName}条件`}
          description={
            <Flex vertical gap={8}>
              <span>{lead.message}</span>
              {lead.applyAs ? (
                <Button type="primary" size="large" onClick={() => navigate(`/resident/apply/${lead.applyAs}?lead=${lead.id}`)} data-testid={`lead-apply-${lead.programme}`}>
                  一键申请
                </Button>
              ) : (
                <Typography.Text>您已提交过该项申请，请在“我的申请”中查看进度。</Typography.Text>
              )}
            </Flex>
          }
          data-testid="lead"
        />
      ))}

      <section aria-labelledby="eligible-heading">
        <Typography.Title level={2} id="eligible-heading" style={{ fontSize: '1.2em' }}>
          按规定可以享受的政策
        </Typography.Title>
        <Typography.Paragraph type="secondary">根据政府部门登记的您家 {formatMonth(data.month)} 的情况测算，实际以审批结果为准。</Typography.Paragraph>
        {data.eligible.length === 0 ? (
          <Card>
            <Empty description="按目前登记的情况，暂未发现您家可以申请的救助项目。家庭情况有变化时，可到居住地街道（乡镇）社区事务受理服务中心咨询。" />
          </Card>
        ) : (
          <Flex vertical gap={12}>
            {data.eligible.map((item) => (
              <EligibilityCard key={item.programme} item={item} />
            ))}
          </Flex>
        )}
      </section>

      <section aria-labelledby="grants-heading">
        <Typography.Title level={2} id="grants-heading" style={{ fontSize: '1.2em' }}>
          免申即享（无需申请已为您办理）
        </Typography.Title>
        {data.grants.length === 0 ? (
          <Card>
            <Typography.Text>暂无免申即享的待遇。</Typography.Text>
          </Card>
        ) : (
          <List
            bordered
            style={{ background: '#fff' }}
            dataSource={data.grants}
            renderItem={(grant) => (
              <List.Item data-testid="grant">
                <Flex vertical gap={4}>
                  <strong>{grant.programmeName}</strong>
                  <span>
                    <PersonLabel person={grant.person} />
                  </span>
                  <span>
                    自 {formatMonth(grant.fromMonth)} 起{grant.untilMonth ? `，至 ${formatMonth(grant.untilMonth)}` : ''}　<Tag color={solid(grant.status === 'active' ? 'green' : 'default')}>{grant.statusName}</Tag>
                  </span>
                </Flex>
              </List.Item>
            )}
          />
        )}
      </section>

      {data.household ? (
        <section aria-labelledby="household-heading">
          <Typography.Title level={2} id="household-heading" style={{ fontSize: '1.2em' }}>
            我的家庭
          </Typography.Title>
          <Card data-testid="household">
            <Typography.Paragraph>
              {data.household.streetName}
              {data.household.committeeName ? ` · ${data.household.committeeName}` : ''}
            </Typography.Paragraph>
            <List
              dataSource={data.household.members}
              renderItem={(member) => (
                <List.Item data-testid="household-member">
                  <Flex vertical>
                    <span>
                      <PersonLabel person={member} /> {member.isHead ? <Tag>户主</Tag> : null}
                    </span>
                    <Typography.Text type="secondary">身份证号 {member.idNumberMasked}</Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
        </section>
      ) : null}

      {data.prefilled.length ? (
        <section aria-labelledby="facts-heading">
          <Typography.Title level={2} id="facts-heading" style={{ fontSize: '1.2em' }}>
            政府部门已掌握的信息（申请时无需再提交）
          </Typography.Title>
          <PrefilledFacts facts={data.prefilled} />
        </section>
      ) : null}
    </Flex>
  );
}

function EligibilityCard({ item }: { item: Eligibility }) {
  const navigate = useNavigate();
  return (
    <Card title={item.programmeName} extra={<Tag color={solid('green')}>符合条件</Tag>} data-testid={`eligible-${item.programme}`}>
      {item.monthlyAmountFen ? (
        <Typography.Paragraph style={{ fontSize: '1.2em' }}>
          每月约 <strong data-testid={`amount-${item.programme}`}>{formatFen(item.monthlyAmountFen)}</strong>
        </Typography.Paragraph>
      ) : null}
      <Typography.Paragraph strong>为什么符合：</Typography.Paragraph>
      <ul style={{ paddingInlineStart: 20, marginTop: 0 }} data-testid={`explanation-${item.programme}`}>
        {item.explanation.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <Button type="primary" size="large" block disabled={item.applyDisabledReason !== null} onClick={() => navigate(`/resident/apply/${item.applyAs}`)} data-testid={`apply-${item.programme}`}>
        在线申请
      </Button>
      {item.applyDisabledReason ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }} data-testid={`apply-disabled-${item.programme}`}>
          {item.applyDisabledReason}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}
