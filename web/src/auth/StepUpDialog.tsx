import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api, isApiError } from '../api/client.js';

interface Values {
  purpose: string;
  proof?: string;
}

/**
 * Before a bulk export: the purpose (recorded in the audit log), and — when the server answers
 * `STEP_UP_REQUIRED` because the last verification is too old — the TOTP code (or the password for a role
 * without one), after which the export is tried again.
 */
export function StepUpDialog({ open, title, onClose, run, example = '例如：报送开户银行办理 7 月救助金代发' }: { open: boolean; title: string; onClose: () => void; run: (purpose: string) => Promise<void>; example?: string }) {
  const [form] = Form.useForm<Values>();
  const [needsProof, setNeedsProof] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: Values) {
    setBusy(true);
    setFailure(null);
    try {
      if (needsProof && values.proof) {
        const proof = values.proof.trim();
        await api('/auth/step-up', { body: /^\d{6}$/.test(proof) ? { code: proof } : { password: proof } });
      }
      await run(values.purpose.trim());
      setNeedsProof(false);
      form.resetFields();
      onClose();
    } catch (error) {
      if (isApiError(error) && error.code === 'STEP_UP_REQUIRED') {
        setNeedsProof(true);
        setFailure('此操作须重新验证身份：请输入动态口令（未绑定动态口令的角色输入登录密码）');
      } else {
        setFailure(isApiError(error) ? error.message : error instanceof Error ? error.message : '操作失败');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={title} open={open} onCancel={onClose} onOk={() => form.submit()} okText="导出" confirmLoading={busy} okButtonProps={{ 'data-testid': 'step-up-confirm' } as Record<`data-${string}`, string>} destroyOnHidden>
      <Typography.Paragraph type="secondary">导出文件含个人信息，用途将记入审计日志。</Typography.Paragraph>
      {failure ? <Alert type={needsProof ? 'warning' : 'error'} showIcon title={failure} style={{ marginBottom: 16 }} data-testid="step-up-error" /> : null}
      <Form<Values> form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
        <Form.Item name="purpose" label="导出用途" rules={[{ required: true, min: 2, max: 200, message: '请填写导出用途（2–200 字）' }]}>
          <Input placeholder={example} data-testid="export-purpose" />
        </Form.Item>
        {needsProof ? (
          <Form.Item name="proof" label="动态口令或登录密码" rules={[{ required: true, message: '请输入动态口令或密码' }]}>
            <Input.Password autoComplete="one-time-code" data-testid="step-up-proof" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
