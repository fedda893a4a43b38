import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useAuth, useMe } from '../auth/AuthContext.js';
import { ChangePasswordForm } from '../auth/ChangePasswordForm.js';
import { DivisionName } from '../components/DivisionName.js';

/** Always in the header: who is working, in which role, over which area — the three facts every record view depends on. */
export function UserBadge() {
  const me = useMe();
  const { logout } = useAuth();
  const { message } = App.useApp();
  const [changing, setChanging] = useState(false);
  return (
    <Space size="middle" data-testid="user-badge">
      <Space size={4}>
        <UserOutlined />
        <Typography.Text strong data-testid="user-name">
          {me.displayName}
        </Typography.Text>
      </Space>
      <Tag color="blue" data-testid="user-role">
        {me.roleName}
      </Tag>
      <Typography.Text type="secondary" data-testid="user-jurisdiction">
        辖区：
        <DivisionName code={me.jurisdiction} full />
      </Typography.Text>
      <Button icon={<KeyOutlined />} onClick={() => setChanging(true)} data-testid="change-password">
        修改密码
      </Button>
      <Modal title="修改密码" open={changing} onCancel={() => setChanging(false)} footer={null} destroyOnHidden>
        <ChangePasswordForm
          onDone={() => {
            setChanging(false);
            void message.success('密码已修改，其他设备上的登录已失效');
          }}
        />
      </Modal>
      <Button icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
        退出登录
      </Button>
    </Space>
  );
}
