import { Button, Card, Form, Input, Modal, Radio, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAnswerObjection, useResidentObjections, type ObjectionQuery } from '../../api/resident-objections.js';
import type { StaffObjection } from '../../api/resident-types.js';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';

const STATUS_OPTIONS = [
  { value: 'open', label: '待处理' },
  { value: 'upheld', label: '异议成立' },
  { value: 'dismissed', label: '异议不成立' },
];

function deadline(o: StaffObjection) {
  if (o.status !== 'open') return <Tag>已答复</Tag>;
  return o.overdue ? <Tag color="red">已逾期（{o.dueOn}）</Tag> : <Tag color="blue">{o.dueOn} 前答复</Tag>;
}

interface AnswerValues {
  upheld: boolean;
  answer: string;
}

/** 居民异议: objections residents filed online against a decision or a 公示, each with its answer deadline (SLA). */
export default function ResidentObjectionsPage() {
  const me = useMe();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'open') as ObjectionQuery['status'];
  const division = params.get('division') ?? undefined;
  const list = useResidentObjections({ status, division });
  const answer = useAnswerObjection();
  const [answering, setAnswering] = useState<StaffObjection | null>(null);
  const [form] = Form.useForm<AnswerValues>();
  const mayHandle = can('assistance.handle');

  const columns: TableColumnsType<StaffObjection> = [
    { title: '提出人', key: 'person', render: (_: unknown, o) => `${o.person.nameMasked}（${o.person.idNumberMasked}）` },
    { title: '类型', dataIndex: 'kindName' },
    { title: '救助案件', dataIndex: 'caseId', render: (id: number | null) => (id ? <Link to={`/assistance/cases/${id}`}>{id}</Link> : '—') },
    { title: '街镇', dataIndex: 'streetCode', render: (code: string) => <DivisionName code={code} /> },
    { title: '异议理由', dataIndex: 'reason', ellipsis: true },
    { title: '答复期限', key: 'due', render: (_: unknown, o) => deadline(o) },
    { title: '状态', dataIndex: 'statusName' },
    {
      title: '操作',
      key: 'actions',
      render: (_: unknown, o) =>
        o.status === 'open' ? (
          <Button size="small" disabled={!mayHandle} title={mayHandle ? undefined : '答复异议需要街镇经办或区民政局办理权限'} onClick={() => setAnswering(o)} data-testid="answer-objection">
            答复
          </Button>
        ) : (
          <Typography.Text type="secondary">{o.answer}</Typography.Text>
        ),
    },
  ];

  function update(next: Record<string, string | undefined>) {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) merged.set(key, value);
      else merged.delete(key);
    }
    setParams(merged);
  }

  return (
    <Card title="居民异议" extra={<Typography.Text type="secondary">居民在线对救助决定或公示提出的异议；须在答复期限内办结，逾期的标红</Typography.Text>}>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label="状态">
          <Select style={{ width: 140 }} value={status} options={STATUS_OPTIONS} onChange={(value) => update({ status: value })} />
        </Form.Item>
        <Form.Item label="区划">
          <DivisionPicker root={me.jurisdiction} value={division} onChange={(value?: string) => update({ division: value })} />
        </Form.Item>
        <Form.Item>
          <LedgerExportButton path="/resident-objections/export" query={{ status, division }} title="居民异议台账" />
        </Form.Item>
      </Form>
      {list.error ? (
        <ApiErrorNotice error={list.error} inline />
      ) : (
        <Table<StaffObjection> rowKey="id" size="middle" columns={columns} dataSource={list.data?.items} loading={list.isFetching} locale={{ emptyText: '没有符合条件的居民异议' }} data-testid="resident-objections" />
      )}
      <Modal title={answering ? `答复 ${answering.person.nameMasked} 的异议` : ''} open={answering !== null} okText="提交答复" confirmLoading={answer.isPending} onCancel={() => setAnswering(null)} onOk={() => form.submit()} destroyOnHidden>
        {answering ? <Typography.Paragraph>异议理由：{answering.reason}</Typography.Paragraph> : null}
        <Form<AnswerValues>
          form={form}
          layout="vertical"
          initialValues={{ upheld: false }}
          onFinish={async (values) => {
            if (!answering) return;
            await answer.mutateAsync({ id: answering.id, ...values });
            setAnswering(null);
            form.resetFields();
          }}
        >
          <Form.Item name="upheld" label="结论">
            <Radio.Group
              options={[
                { value: true, label: '异议成立' },
                { value: false, label: '异议不成立' },
              ]}
            />
          </Form.Item>
          <Form.Item name="answer" label="答复内容（将发送到居民的消息中）" rules={[{ required: true, min: 2, message: '请填写答复内容' }]}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
          {answer.error ? <ApiErrorNotice error={answer.error} inline /> : null}
        </Form>
      </Modal>
    </Card>
  );
}
