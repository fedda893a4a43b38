import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate } from 'react-router-dom';
import { isApiError } from '../api/client.js';
import { clearLoginNotice, peekLoginNotice } from '../api/session-store.js';
import { useAuth } from '../auth/AuthContext.js';
import { ChangePasswordForm } from '../auth/ChangePasswordForm.js';
import { MfaStep } from '../auth/MfaStep.js';

interface Credentials {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { login, me, stage } = useAuth();
  // Read during the first render, cleared once mounted: a reload of the login page no longer shows it.
  const [notice] = useState(peekLoginNotice);
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(clearLoginNotice, []);

  if (me && stage === 'active') return <Navigate to="/" replace />;

  async function submit(values: Credentials) {
    setSubmitting(true);
    setFailure(null);
    try {
      await login(values.username.trim(), values.password);
    } catch (error) {
      setFailure(isApiError(error) ? error.message : '登录失败，请稍后重试');
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh', background: 'linear-gradient(160deg, #fff5f5 0%, #f5f5f5 60%)' }}>
      <Card style={{ width: 380 }} data-testid="login-card">
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          上海民政业务平台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          请使用您的工作账号登录
        </Typography.Paragraph>
        {notice ? <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} data-testid="login-notice" /> : null}
        {failure ? <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
        {stage === 'mfa' || stage === 'mfa_enrol' ? <MfaStep enrol={stage === 'mfa_enrol'} /> : null}
        {stage === 'password_change' ? (
          <>
            <Alert type="info" showIcon title="首次登录（或密码已被重置）须修改初始密码" style={{ marginBottom: 16 }} data-testid="password-change-required" />
            <ChangePasswordForm submitText="修改密码并进入系统" />
          </>
        ) : null}
        {stage === null || stage === 'active' ? (
          <Form<Credentials> layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
            <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus placeholder="用户名" />
            </Form.Item>
            <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" placeholder="密码" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
              登录
            </Button>
          </Form>
        ) : null}
      </Card>
    </Flex>
  );
}
