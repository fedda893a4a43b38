import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Divider, Flex, Form, Input, Typography, theme } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { isApiError } from '../../api/client.js';
import { fetchAuthConfig, oidcStartUrl, requestDevCode, residentKeys } from '../api.js';
import { takeLoginNotice, useResidentAuth } from '../auth.js';
import { PageTitle } from '../PageTitle.js';
import { useDisplayPreferences } from '../preferences.js';

const ID_NUMBER = /^\d{17}[\dXx]$/;
const RESEND_SECONDS = 60;

/** Only addresses inside the resident pages: a crafted `next` must not send anyone elsewhere. */
function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next?.startsWith('/resident') && !next.startsWith('//') ? next : '/resident';
}

/**
 * 居民登录. The city's unified identity in production; in development and demo, an ID number and a one-time
 * code the server prints in its log (the server refuses that path in production, and says so through
 * /resident/auth/config, which decides what is shown here).
 */
export default function ResidentLoginPage() {
  const { token } = theme.useToken();
  const { me, login } = useResidentAuth();
  const { kiosk } = useDisplayPreferences();
  const location = useLocation();
  const navigate = useNavigate();
  const config = useQuery({ queryKey: residentKeys.config, queryFn: fetchAuthConfig, staleTime: Infinity });
  const [notice] = useState(takeLoginNotice);
  const [idNumber, setIdNumber] = useState('');
  const [code, setCode] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [resendIn, setResendIn] = useState(0);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (resendIn <= 0) return;
    const timer = window.setTimeout(() => setResendIn((s) => s - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [resendIn]);

  if (me) return <Navigate to={nextPath(location.search)} replace />;

  const normalised = idNumber.trim().toUpperCase();
  const idValid = ID_NUMBER.test(normalised);
  const sendBlocked = !idValid ? '请先输入 18 位身份证号' : resendIn > 0 ? `${resendIn} 秒后可重新获取` : null;
  const loginBlocked = !sentTo ? '请先获取验证码' : !/^\d{6}$/.test(code.trim()) ? '请输入 6 位数字验证码' : null;

  async function run(step: () => Promise<void>) {
    setBusy(true);
    setFailure(null);
    try {
      await step();
    } catch (error) {
      setFailure(isApiError(error) ? error.message : '操作未能完成，请稍后再试');
    } finally {
      setBusy(false);
    }
  }

  const sendCode = () =>
    run(async () => {
      await requestDevCode(normalised);
      setSentTo(normalised);
      setResendIn(RESEND_SECONDS);
    });
  const submit = () =>
    run(async () => {
      await login(sentTo ?? normalised, code.trim());
      navigate(nextPath(location.search), { replace: true });
    });

  const devLogin = config.data?.devLogin ?? false;
  const oidc = config.data?.oidc ?? false;

  return (
    <main id="resident-main" style={{ fontSize: token.fontSize, minHeight: '100vh', background: '#f5f5f5', padding: kiosk ? '48px 16px' : '24px 12px', boxSizing: 'border-box' }}>
      <Card style={{ maxWidth: kiosk ? 720 : 480, margin: '0 auto' }} data-testid="resident-login">
        <PageTitle title="居民登录">上海民政 · 居民服务</PageTitle>
        <Typography.Paragraph>登录后可查看您家可以享受的政策、在线申请救助和养老服务、查看办理进度和通知书。</Typography.Paragraph>
        {notice ? <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} data-testid="resident-login-notice" /> : null}
        {failure ? <Alert type="error" showIcon title={failure} role="alert" style={{ marginBottom: 16 }} data-testid="resident-login-error" /> : null}

        <Button type="primary" size="large" block icon={<SafetyCertificateOutlined />} disabled={!oidc} onClick={() => window.location.assign(oidcStartUrl(nextPath(location.search)))} data-testid="resident-oidc">
          统一身份认证登录
        </Button>
        {oidc ? null : (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }} data-testid="resident-oidc-unavailable">
            本环境尚未接入全市统一身份认证（随申办），请使用下方的验证码登录。
          </Typography.Paragraph>
        )}

        {devLogin ? (
          <>
            <Divider>身份证号 + 验证码登录</Divider>
            <Alert type="info" showIcon style={{ marginBottom: 16 }} title="演示环境专用" description="此登录方式仅用于开发和演示：验证码不发送短信，而是显示在服务器的运行日志中，请向系统管理员获取。" data-testid="resident-dev-hint" />
            <Form layout="vertical" requiredMark={false} onFinish={() => void (sentTo ? submit() : sendCode())}>
              <Form.Item label="身份证号" htmlFor="resident-id-number" extra="18 位，最后一位可以是 X">
                <Input
                  id="resident-id-number"
                  value={idNumber}
                  onChange={(event) => {
                    setIdNumber(event.target.value);
                    setSentTo(null);
                  }}
                  maxLength={18}
                  autoComplete="off"
                  inputMode="text"
                  size="large"
                  data-testid="resident-id-number"
                />
              </Form.Item>
              <Flex vertical gap={4} style={{ marginBottom: 16 }}>
                <Button size="large" block disabled={sendBlocked !== null || busy} loading={busy && !sentTo} onClick={() => void sendCode()} data-testid="resident-send-code">
                  {sentTo ? '重新获取验证码' : '获取验证码'}
                </Button>
                {sendBlocked ? <Typography.Text type="secondary">{sendBlocked}</Typography.Text> : null}
              </Flex>
              {sentTo ? <Alert type="success" showIcon title="验证码已生成，请在下方输入" style={{ marginBottom: 16 }} data-testid="resident-code-sent" /> : null}
              <Form.Item label="验证码" htmlFor="resident-code">
                <Input id="resident-code" value={code} onChange={(event) => setCode(event.target.value)} maxLength={6} inputMode="numeric" autoComplete="one-time-code" size="large" disabled={!sentTo} data-testid="resident-code" />
              </Form.Item>
              <Button type="primary" htmlType="submit" size="large" block disabled={loginBlocked !== null} loading={busy && sentTo !== null} data-testid="resident-login-submit">
                登录
              </Button>
              {loginBlocked ? (
                <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
                  {loginBlocked}
                </Typography.Paragraph>
              ) : null}
            </Form>
          </>
        ) : null}
        {config.isError ? <Alert type="error" showIcon title="无法连接服务器，请检查网络后刷新页面" style={{ marginTop: 16 }} /> : null}
      </Card>
    </main>
  );
}
