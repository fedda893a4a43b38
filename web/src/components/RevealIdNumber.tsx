import { EyeOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { revealPerson } from '../api/registry.js';
import { useAuth } from '../auth/AuthContext.js';
import { ApiErrorNotice } from './ApiErrorNotice.js';

/** The server's fixed purpose codes (UNMASK_PURPOSES in src/registry/unmask.ts); free text is refused. */
export const UNMASK_PURPOSE_OPTIONS = [
  { value: 'case_handling', label: '案件办理' },
  { value: 'eligibility_check', label: '家庭经济状况核对' },
  { value: 'home_visit', label: '入户调查核实' },
  { value: 'payment_check', label: '待遇发放核对' },
  { value: 'petition', label: '信访事项办理' },
  { value: 'audit_check', label: '审计核查' },
];

const idStyle = { fontFamily: 'monospace', whiteSpace: 'nowrap' } as const;

function RevealDialog({ personId, name, onRevealed, onClose }: { personId: number; name: string; onRevealed(idNumber: string): void; onClose(): void }) {
  const [form] = Form.useForm<{ purpose: string; purposeRef?: string }>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function reveal({ purpose, purposeRef }: { purpose: string; purposeRef?: string }) {
    setLoading(true);
    setError(null);
    try {
      onRevealed((await revealPerson(personId, purpose, purposeRef?.trim() || undefined)).idNumber);
    } catch (failure) {
      setError(failure);
      setLoading(false);
    }
  }

  return (
    <Modal open title={`查看 ${name} 的完整身份证号码`} okText="确认查看" cancelText="取消" confirmLoading={loading} onOk={() => form.submit()} onCancel={onClose}>
      <Typography.Paragraph type="secondary">查看完整号码须选择用途，可填写案件编号。用途、查看人和时间将记入审计日志，供审计员核查；每人每日查看次数有上限。</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => void reveal(values)}>
        <Form.Item name="purpose" label="用途" rules={[{ required: true, message: '请选择查看用途' }]}>
          <Select placeholder="请选择用途" options={UNMASK_PURPOSE_OPTIONS} autoFocus />
        </Form.Item>
        <Form.Item name="purposeRef" label="案件编号或依据（可选）" rules={[{ max: 64, message: '不超过64个字' }]}>
          <Input placeholder="例如：DB-2025-017" maxLength={64} />
        </Form.Item>
      </Form>
      {error ? <ApiErrorNotice error={error} inline /> : null}
    </Modal>
  );
}

/**
 * A masked ID number with a "显示完整号码" button for roles that may reveal it. The full number is
 * fetched only after the user picks a purpose, which the server writes into the audit log. The dialog
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
