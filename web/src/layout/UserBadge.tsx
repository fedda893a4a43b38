import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Space, Tag, Typography } from 'antd';
import { useAuth, useMe } from '../auth/AuthContext.js';
import { DivisionName } from '../components/DivisionName.js';

/** Always in the header: who is working, in which role, over which area — the three facts every record view depends on. */
export function UserBadge() {
  const me = useMe();
  const { logout } = useAuth();
  return (
    <Space size="middle" data-testid="user-badge">
      <Space size={4}>
        <UserOutlined />
        <Typography.Text strong data-testid="user-name">{me.displayName}</Typography.Text>
      </Space>
      <Tag color="blue" data-testid="user-role">{me.roleName}</Tag>
      <Typography.Text type="secondary" data-testid="user-jurisdiction">
        辖区：<DivisionName code={me.jurisdiction} full />
      </Typography.Text>
      <Button icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
        退出登录
      </Button>
    </Space>
  );
}
