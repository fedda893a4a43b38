import { App, Button, Card, DatePicker, Form, Input, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useDischarge, useResidents } from '../../api/eldercare.js';
import type { Stay } from '../../api/eldercare-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { PersonLink } from '../../components/PersonLink.js';
import { AdmitDialog } from './AdmitDialog.js';
import { today } from '../../format/dates.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';

function DischargeDialog({ stay, facilityId, onClose }: { stay: Stay; facilityId: number; onClose(): void }) {
  const { message } = App.useApp();
  const discharge = useDischarge(facilityId);
  const [form] = Form.useForm<{ reason: string; dischargedOn: Dayjs }>();
  return (
    <Modal
      open
      title={`办理离院 · 床位 ${stay.bedLabel}（${stay.personName}）`}
      okText="确认离院"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={discharge.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ dischargedOn: today() }}
        onFinish={(v) =>
          discharge.mutate(
            { stayId: stay.id, reason: v.reason.trim(), dischargedOn: v.dischargedOn.format('YYYY-MM-DD') },
            {
              onSuccess: (result) => {
                const passed = result.passedOn?.offers.length ?? 0;
                void message.success(passed ? `已办理离院；空出的保基本床位已通知轮候第 ${result.passedOn?.offers[0]?.position} 位老人` : '已办理离院');
                onClose();
              },
            },
          )
        }
      >
        {stay.basicGuarantee ? <Typography.Paragraph type="secondary">这是保基本床位：离院后立即按轮候顺序通知下一位老人。</Typography.Paragraph> : null}
        <Form.Item name="dischargedOn" label="离院日期" rules={[{ required: true, message: '请选择离院日期' }]}>
          <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(today(), 'day')} />
        </Form.Item>
        <Form.Item name="reason" label="离院原因" rules={[{ required: true, whitespace: true, message: '请填写离院原因' }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="discharge-reason" />
        </Form.Item>
      </Form>
      {discharge.error ? <ApiErrorNotice error={discharge.error} inline /> : null}
    </Modal>
  );
}

/** 在院老人: personal data, read (and audited) only for roles that may see it; discharge for those who record stays. */
export function ResidentsCard({ facilityId, organisationId }: { facilityId: number; organisationId: number | null }) {
  const { can, me } = useAuth();
  // The facility's own staff (its operator's login) see and discharge their residents too.
  const operator = can('eldercare.operate') && organisationId !== null && me?.organisationId === organisationId;
  const mayRead = can('eldercare.persons.read') || operator;
  const residents = useResidents(facilityId, mayRead);
  const [leaving, setLeaving] = useState<Stay | null>(null);
  const [admitting, setAdmitting] = useState(false);
  if (!mayRead) return null;
  const mayDischarge = can('eldercare.stays.record') || operator;
  // The person is found in the registry by name or ID number: a role that may not search it cannot pick one.
  const admitRefusal = !mayDischarge ? '您的角色不能办理入住' : !can('registry.read') ? '办理入住须在人口库中查找老人，请由所在街镇或区民政经办人办理' : null;
  return (
    <Card
      title="在院老人"
      size="small"
      extra={
        <Space wrap>
          <Typography.Text type="secondary">查看在院老人名单记入审计日志</Typography.Text>
          <LedgerExportButton path={`/eldercare/facilities/${facilityId}/residents/export`} query={{}} title="在院老人台账" />
          <Tooltip title={admitRefusal}>
            <Button size="small" type="primary" disabled={admitRefusal !== null} onClick={() => setAdmitting(true)} data-testid="admit-open">
              办理入住
            </Button>
          </Tooltip>
        </Space>
      }
    >
      {residents.error ? (
        <ApiErrorNotice error={residents.error} inline />
      ) : (
        <Table<Stay>
          rowKey="id"
          size="small"
          loading={residents.isPending}
          dataSource={residents.data}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
          locale={{ emptyText: '暂无在院老人' }}
          data-testid="residents-table"
          columns={[
            { title: '床位', dataIndex: 'bedLabel' },
            {
              title: '类型',
              dataIndex: 'bedTypeName',
              render: (name: string, s) =>
                s.basicGuarantee ? (
                  <>
                    {name} <Tag color="blue">保基本</Tag>
                  </>
                ) : (
                  name
                ),
            },
            { title: '老人', dataIndex: 'personName', render: (_: string, s) => <PersonLink id={s.personId} name={s.personName} masked={s.personNameMasked} /> },
            { title: '入住日期', dataIndex: 'admittedOn' },
            {
              title: '轮候申请',
              dataIndex: 'applicationId',
              // The institution's own staff may not open waitlist applications: the fact, without a link they would be refused.
              render: (id: number | null) => (id ? can('eldercare.persons.read') ? <Link to={`/eldercare/waitlist/${id}`}>经轮候入住（查看申请）</Link> : '经轮候入住' : '—'),
            },
            ...(mayDischarge
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    render: (_: unknown, s: Stay) => (
                      <Button size="small" onClick={() => setLeaving(s)} data-testid={`discharge-${s.id}`}>
                        办理离院
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {admitting ? <AdmitDialog facilityId={facilityId} onClose={() => setAdmitting(false)} /> : null}
      {leaving ? <DischargeDialog stay={leaving} facilityId={facilityId} onClose={() => setLeaving(null)} /> : null}
    </Card>
  );
}
