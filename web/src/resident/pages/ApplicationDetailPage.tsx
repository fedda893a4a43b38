import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Input, List, Modal, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client.js';
import type { ApplicationDetail } from '../../api/resident-types.js';
import { PageLoading } from '../../components/PageLoading.js';
import { formatFen } from '../../format/money.js';
import { fetchApplication, residentKeys, uploadedFileUrl, withdrawApplication } from '../api.js';
import { formatBytes, formatDay, formatMoment } from '../format.js';
import { PageTitle } from '../PageTitle.js';
import { ResidentError } from '../ResidentError.js';
import { StatusTag } from '../StatusTag.js';
import { MaterialUpload } from './MaterialUpload.js';
import NotFoundPage from './NotFoundPage.js';
import { PrefilledFacts } from './PrefilledFacts.js';
import { solid } from '../tag-colours.js';

/** One application: where it stands, each step with its date, what the caseworker asks for, and what the resident may do next. */
export default function ApplicationDetailPage() {
  const id = Number(useParams().id);
  const valid = Number.isSafeInteger(id) && id > 0;
  const query = useQuery({ queryKey: residentKeys.application(id), queryFn: ({ signal }) => fetchApplication(id, signal), enabled: valid });
  if (!valid) return <NotFoundPage />;
  return query.isPending ? (
    <>
      <PageTitle title="申请详情">申请详情</PageTitle>
      <PageLoading />
    </>
  ) : query.isError ? (
    <>
      <PageTitle title="申请详情">申请详情</PageTitle>
      <ResidentError error={query.error} retry={() => void query.refetch()} />
    </>
  ) : (
    <Detail application={query.data} />
  );
}

function Detail({ application: a }: { application: ApplicationDetail }) {
  const open = a.requests.filter((r) => r.answeredAt === null);
  return (
    <>
      <PageTitle title={a.kindName}>{a.kindName}</PageTitle>
      <Flex vertical gap={16}>
        <Card data-testid="application-summary">
          <Flex vertical gap={6}>
            <span>
              办理状态：
              <StatusTag status={a.status} name={a.statusName} />
              {a.urgent ? <Tag color={solid('orange')}>加急</Tag> : null}
            </span>
            <span>
              申请人：{a.person.nameMasked}（{a.person.relationName}）{a.actedBy ? `，由 ${a.actedBy.nameMasked} 代办` : ''}
            </span>
            <span>提交时间：{formatMoment(a.submittedAt)}</span>
            {a.amountFen !== null ? (
              <span>
                批准金额：<strong data-testid="application-amount">每月 {formatFen(a.amountFen)}</strong>
              </span>
            ) : null}
            {a.noticeEndsOn ? <span>公示期至 {formatDay(a.noticeEndsOn)}，期间如有异议可以提出。</span> : null}
          </Flex>
        </Card>

        {open.length ? (
          <section aria-labelledby="requests-heading">
            <Typography.Title level={2} id="requests-heading" style={{ fontSize: '1.2em' }}>
              需要您补充的材料
            </Typography.Title>
            <Flex vertical gap={12}>
              {open.map((request) => (
                <Card key={request.seq} data-testid={`request-${request.seq}`}>
                  <Alert type="warning" showIcon title="经办人的要求" description={request.message} style={{ marginBottom: 12 }} />
                  <Typography.Paragraph>
                    提出时间：{formatMoment(request.requestedAt)}
                    {request.dueOn ? `，请在 ${formatDay(request.dueOn)} 前提交` : ''}
                  </Typography.Paragraph>
                  <MaterialUpload application={a} requestSeq={request.seq} />
                </Card>
              ))}
            </Flex>
          </section>
        ) : null}

        <section aria-labelledby="steps-heading">
          <Typography.Title level={2} id="steps-heading" style={{ fontSize: '1.2em' }}>
            办理进度
          </Typography.Title>
          <Card>
            <Timeline
              items={a.steps.map((step, i) => ({
                key: `${step.at}-${i}`,
                content: (
                  <div data-testid="application-step">
                    <strong>{step.name}</strong>
                    <div>{formatDay(step.onDate)}</div>
                    {step.note ? <div>{step.note}</div> : null}
                  </div>
                ),
              }))}
              data-testid="application-steps"
            />
          </Card>
        </section>

        {a.requests.some((r) => r.answeredAt !== null) || a.files.length ? (
          <section aria-labelledby="files-heading">
            <Typography.Title level={2} id="files-heading" style={{ fontSize: '1.2em' }}>
              已提交的材料
            </Typography.Title>
            <List
              bordered
              style={{ background: '#fff' }}
              dataSource={a.files}
              locale={{ emptyText: '暂无' }}
              renderItem={(file) => (
                <List.Item data-testid="uploaded-file">
                  <Flex vertical>
                    <a href={uploadedFileUrl(a.id, file.id)} target="_blank" rel="noopener noreferrer" data-testid="uploaded-file-link">
                      <strong>{file.fileName}</strong>（查看）
                    </a>
                    <Typography.Text type="secondary">
                      {formatBytes(file.sizeBytes)} · {formatMoment(file.uploadedAt)}
                    </Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          </section>
        ) : null}

        {a.prefilled.length ? (
          <section aria-labelledby="app-facts-heading">
            <Typography.Title level={2} id="app-facts-heading" style={{ fontSize: '1.2em' }}>
              申请时已预填的信息
            </Typography.Title>
            <PrefilledFacts facts={a.prefilled} />
          </section>
        ) : null}

        <Actions application={a} />
      </Flex>
    </>
  );
}

function Actions({ application: a }: { application: ApplicationDetail }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () => withdrawApplication(a.id, reason.trim() || undefined),
    onSuccess: (detail) => {
      queryClient.setQueryData(residentKeys.application(a.id), detail);
      void queryClient.invalidateQueries({ queryKey: residentKeys.applications, exact: true });
      setConfirming(false);
    },
  });
  return (
    <Card title="其他操作">
      <Flex vertical gap={12}>
        <div>
          <Button size="large" block disabled={!a.canObject} onClick={() => navigate(`/resident/objections?application=${a.id}`)} data-testid="object-button">
            提出异议
          </Button>
          {a.objectDisabledReason ? <Typography.Text type="secondary">{a.objectDisabledReason}</Typography.Text> : null}
        </div>
        <div>
          <Button size="large" block danger disabled={!a.canWithdraw} onClick={() => setConfirming(true)} data-testid="withdraw-button">
            撤回申请
          </Button>
          {a.withdrawDisabledReason ? (
            <Typography.Text type="secondary" data-testid="withdraw-disabled-reason">
              {a.withdrawDisabledReason}
            </Typography.Text>
          ) : null}
        </div>
        <Link to="/resident/applications">返回我的申请</Link>
      </Flex>
      <Modal
        title="确定撤回这份申请吗？"
        open={confirming}
        onCancel={() => setConfirming(false)}
        onOk={() => withdraw.mutate()}
        okText="确定撤回"
        cancelText="再想想"
        okButtonProps={{ danger: true, loading: withdraw.isPending, 'data-testid': 'withdraw-confirm' }}
        destroyOnHidden
      >
        <Typography.Paragraph>撤回后经办人将停止办理。以后如有需要，可以重新申请。</Typography.Paragraph>
        <label htmlFor="withdraw-reason">撤回原因（可不填）</label>
        <Input.TextArea id="withdraw-reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        {withdraw.isError ? <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={isApiError(withdraw.error) ? withdraw.error.message : '撤回失败，请稍后再试'} /> : null}
      </Modal>
    </Card>
  );
}
