import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Input, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client.js';
import type { ApplicationDetail } from '../../api/resident-types.js';
import { PageLoading } from '../../components/PageLoading.js';
import { fetchApplication, fetchObjections, fileObjection, residentKeys } from '../api.js';
import { formatDay, formatMoment } from '../format.js';
import { PageTitle } from '../PageTitle.js';
import { ResidentError } from '../ResidentError.js';
import { solid } from '../tag-colours.js';

const STATUS_COLOURS: Record<string, string> = { open: 'blue', upheld: 'green', dismissed: 'default' };

/** 异议: the resident's objections with their answers, and (from an application) a new one within its period. */
export default function ObjectionsPage() {
  const [search] = useSearchParams();
  const applicationId = Number(search.get('application')) || null;
  const list = useQuery({ queryKey: residentKeys.objections, queryFn: ({ signal }) => fetchObjections(signal) });
  const application = useQuery({
    queryKey: residentKeys.application(applicationId ?? 0),
    queryFn: ({ signal }) => fetchApplication(applicationId ?? 0, signal),
    enabled: applicationId !== null,
  });
  return (
    <>
      <PageTitle title="异议">异议</PageTitle>
      <Flex vertical gap={16}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          对公示中的名单，可在公示期内提出异议；对审批决定，可在决定作出之日起 60 日内提出异议。异议会转给街镇经办人在规定期限内答复。如需依法维权，也可以按决定书所写的途径申请行政复议或提起行政诉讼。
        </Typography.Paragraph>
        {applicationId === null ? null : application.isPending ? <PageLoading /> : application.isError ? <ResidentError error={application.error} /> : <ObjectionForm application={application.data} />}
        <section aria-labelledby="my-objections">
          <Typography.Title level={2} id="my-objections" style={{ fontSize: '1.2em' }}>
            我提出的异议
          </Typography.Title>
          {list.isPending ? (
            <PageLoading />
          ) : list.isError ? (
            <ResidentError error={list.error} retry={() => void list.refetch()} />
          ) : list.data.items.length === 0 ? (
            <Card>
              <Empty description="您还没有提出过异议。需要时，请在“我的申请”中打开相应的申请提出。" />
            </Card>
          ) : (
            <List
              bordered
              style={{ background: '#fff' }}
              dataSource={list.data.items}
              renderItem={(o) => (
                <List.Item data-testid="objection">
                  <Flex vertical gap={4}>
                    <span>
                      <strong>{o.kindName}</strong> <Tag color={solid(STATUS_COLOURS[o.status] ?? 'blue')}>{o.statusName}</Tag>
                    </span>
                    <span>{o.reason}</span>
                    <Typography.Text type="secondary">
                      提出于 {formatMoment(o.filedAt)}，应在 {formatDay(o.dueOn)} 前答复
                    </Typography.Text>
                    {o.answer ? <Alert type={o.status === 'upheld' ? 'success' : 'info'} showIcon title={`答复（${o.answeredAt ? formatMoment(o.answeredAt) : ''}）`} description={o.answer} /> : null}
                  </Flex>
                </List.Item>
              )}
            />
          )}
        </section>
      </Flex>
    </>
  );
}

function ObjectionForm({ application }: { application: ApplicationDetail }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const kind = application.status === 'in_notice' ? 'notice_list' : 'decision';
  const file = useMutation({
    mutationFn: () => fileObjection({ applicationId: application.id, kind, reason: reason.trim() }),
    onSuccess: () => {
      setReason('');
      void queryClient.invalidateQueries({ queryKey: residentKeys.objections });
    },
  });
  const blocked = !application.canObject ? (application.objectDisabledReason ?? '该申请目前不能提出异议') : reason.trim().length < 5 ? '请写明异议的理由（至少 5 个字）' : null;
  return (
    <Card title={`对“${application.kindName}”${kind === 'notice_list' ? '的公示' : '的决定'}提出异议`} data-testid="objection-form">
      <label htmlFor="objection-reason" style={{ fontWeight: 700 }}>
        异议理由
      </label>
      <Input.TextArea id="objection-reason" rows={4} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} style={{ marginTop: 8 }} data-testid="objection-reason" />
      {file.isError ? <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={isApiError(file.error) ? file.error.message : '提交失败，请稍后再试'} /> : null}
      {file.isSuccess ? <Alert type="success" showIcon role="status" style={{ marginTop: 12 }} title="异议已提交，经办人会在期限内答复您" data-testid="objection-done" /> : null}
      <Button type="primary" size="large" block style={{ marginTop: 12 }} disabled={blocked !== null} loading={file.isPending} onClick={() => file.mutate()} data-testid="objection-submit">
        提交异议
      </Button>
      {blocked ? <Typography.Text type="secondary">{blocked}</Typography.Text> : null}
    </Card>
  );
}
