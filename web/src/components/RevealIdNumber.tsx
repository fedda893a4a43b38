import { EyeOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { revealPerson } from '../api/registry.js';
import { useAuth } from '../auth/AuthContext.js';
import { ApiErrorNotice } from './ApiErrorNotice.js';

/** The purposes caseworkers give most; any other text is accepted. */
const COMMON_PURPOSES = ['社会救助申请受理', '家庭经济状况核对', '入户调查核实', '待遇发放核对', '信访事项办理'];

const idStyle = { fontFamily: 'monospace', whiteSpace: 'nowrap' } as const;

function RevealDialog({ personId, name, onRevealed, onClose }: { personId: number; name: string; onRevealed(idNumber: string): void; onClose(): void }) {
  const [form] = Form.useForm<{ purpose: string }>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function reveal({ purpose }: { purpose: string }) {
    setLoading(true);
    setError(null);
    try {
      onRevealed((await revealPerson(personId, purpose.trim())).idNumber);
    } catch (failure) {
      setError(failure);
      setLoading(false);
    }
  }

  return (
    <Modal open title={`查看 ${name} 的完整身份证号码`} okText="确认查看" cancelText="取消" confirmLoading={loading} onOk={() => form.submit()} onCancel={onClose}>
      <Typography.Paragraph type="secondary">查看完整号码须说明用途。用途、查看人和时间将记入审计日志，供审计员核查。</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => void reveal(values)}>
        <Form.Item
          name="purpose"
          label="用途"
          rules={[
            { required: true, whitespace: true, message: '请填写查看用途' },
            { min: 4, message: '请具体说明用途（至少4个字）' },
            { max: 200, message: '用途不超过200个字' },
          ]}
        >
          <Input placeholder="例如：社会救助申请受理" maxLength={200} autoFocus />
        </Form.Item>
        {/* Quick picks fill the field; chips, not a dropdown, so nothing covers the buttons. */}
        <Space size={[4, 8]} wrap>
          <Typography.Text type="secondary">常用：</Typography.Text>
          {COMMON_PURPOSES.map((purpose) => (
            <Tag key={purpose} style={{ cursor: 'pointer' }} onClick={() => form.setFieldsValue({ purpose })}>
              {purpose}
            </Tag>
          ))}
        </Space>
      </Form>
      {error ? <ApiErrorNotice error={error} inline /> : null}
    </Modal>
  );
}

/**
 * A masked ID number with a "显示完整号码" button for roles that may reveal it. The full number is
 * fetched only after the user states a purpose, which the server writes into the audit log. The dialog
 * is mounted only when opened: a table of twenty rows should not carry twenty idle forms.
 */
export function RevealIdNumber({ personId, masked, name }: { personId: number; masked: string; name: string }) {
  const { can } = useAuth();
  const [open, setOpen] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);

  if (revealed) {
    return (
      <span style={idStyle} title="已按所填用途查看，此次查看已记入审计日志" data-testid="id-number-revealed">
        {revealed}
      </span>
    );
  }
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <span style={idStyle} data-testid="id-number-masked">
        {masked}
      </span>
      {can('pii.reveal') ? (
        <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid="reveal-id">
          显示完整号码
        </Button>
      ) : null}
      {open ? (
        <RevealDialog
          personId={personId}
          name={name}
          onRevealed={(idNumber) => {
            setRevealed(idNumber);
            setOpen(false);
          }}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </span>
  );
}
