import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../api/client.js';
import { PageLoading } from '../components/PageLoading.js';
import { useAuth } from './AuthContext.js';

/**
 * The second factor of a sign-in. On first sign-in the server hands out a TOTP secret once: shown as a QR
 * code for an authenticator app and as text to type in; the first code confirms the enrolment.
 */
export function MfaStep({ enrol }: { enrol: boolean }) {
  const { enrolMfa, verifyMfa, logout } = useAuth();
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // A query, not an effect: fetched once even when React mounts twice, so the secret shown is the one kept.
  const enrolment = useQuery({ queryKey: ['auth', 'mfa-enrolment'], queryFn: enrolMfa, enabled: enrol, staleTime: Infinity, gcTime: 0, retry: false });

  async function submit({ code }: { code: string }) {
    setSubmitting(true);
    setFailure(null);
    try {
      await verifyMfa(code.trim());
    } catch (error) {
      setFailure(isApiError(error) ? error.message : '验证失败，请稍后重试');
      if (isApiError(error) && (error.status === 423 || error.code === 'AUTH_SESSION_EXPIRED')) await logout(error.message);
    } finally {
      setSubmitting(false);
    }
  }

  if (enrol && enrolment.isPending) return <PageLoading tip="正在生成动态口令密钥…" />;
  return (
    <Flex vertical gap={8}>
      {enrol && enrolment.data ? (
        <>
          <Typography.Paragraph>首次登录须绑定动态口令：用手机上的身份验证器（如 Microsoft Authenticator、Google 身份验证器）扫描二维码，或手动输入密钥，然后输入显示的 6 位口令。</Typography.Paragraph>
          <div style={{ textAlign: 'center' }}>
            <img alt="动态口令二维码" width={180} height={180} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.data.qrSvg)}`} data-testid="mfa-qr" />
          </div>
          <Typography.Paragraph>
            密钥：
            <Typography.Text code copyable data-testid="mfa-secret">
              {enrolment.data.secret}
            </Typography.Text>
          </Typography.Paragraph>
        </>
      ) : (
        <Typography.Paragraph>请输入身份验证器中显示的 6 位动态口令。</Typography.Paragraph>
      )}
      {enrolment.error ? <Alert type="error" showIcon title={isApiError(enrolment.error) ? enrolment.error.message : '无法生成密钥'} /> : null}
      {failure ? <Alert type="error" showIcon title={failure} data-testid="mfa-error" /> : null}
      <Form<{ code: string }> layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
        <Form.Item name="code" label="动态口令" rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: '请输入 6 位数字口令' }]}>
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus data-testid="mfa-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="mfa-submit">
          验证
        </Button>
      </Form>
      <Button type="link" block onClick={() => void logout()}>
        返回，使用其他账号登录
      </Button>
    </Flex>
  );
}
