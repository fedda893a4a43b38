import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../api/client.js';
import { useAuth } from './AuthContext.js';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** The rule the server enforces, said before the user types (the server still has the last word). */
export const PASSWORD_RULE = '12–128 位，含大写字母、小写字母、数字、其他字符中的至少三类；不能是常见或已泄露的密码，不能包含用户名。';

/** The own-password change: after a one-time initial password, and from the user menu. Other sessions end. */
export function ChangePasswordForm({ onDone, submitText = '修改密码' }: { onDone?: () => void; submitText?: string }) {
  const { changePassword } = useAuth();
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function submit(values: Values) {
    setSubmitting(true);
    setFailure(null);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      onDone?.();
    } catch (error) {
      setFailure(isApiError(error) ? error.message : '修改失败，请稍后重试');
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Form<Values> layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false} data-testid="password-form">
      <Typography.Paragraph type="secondary">{PASSWORD_RULE}</Typography.Paragraph>
      {failure ? <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} data-testid="password-error" /> : null}
      <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label="新密码"
        rules={[
          { required: true, message: '请输入新密码' },
          { min: 12, message: '新密码至少 12 位' },
          { max: 128, message: '新密码不能超过 128 位' },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label="确认新密码"
        dependencies={['newPassword']}
        rules={[{ required: true, message: '请再次输入新密码' }, ({ getFieldValue }) => ({ validator: (_rule, value) => (value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))) })]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={submitting} data-testid="password-submit">
        {submitText}
      </Button>
    </Form>
  );
}
