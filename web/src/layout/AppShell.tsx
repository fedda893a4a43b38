import { Alert, Layout, Menu, Typography } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useDatabaseUnavailable } from '../api/db-status.js';
import { useMe } from '../auth/AuthContext.js';
import { PageLoading } from '../components/PageLoading.js';
import { setJobOwner } from '../jobs/job-store.js';
import { prefetchPages } from '../page-loaders.js';
import { navKeyOf, visibleNavItems } from './navigation.js';
import { UserBadge } from './UserBadge.js';

const { Header, Sider, Content } = Layout;

export function AppShell() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  // Below the md breakpoint (phone width) the menu folds away entirely and the page gets the whole screen;
  // the trigger tab opens it over the page, and choosing an entry folds it again.
  const [narrow, setNarrow] = useState(false);
  const databaseUnavailable = useDatabaseUnavailable();
  setJobOwner(me.username);
  useEffect(() => {
    const timer = setTimeout(() => prefetchPages(me.permissions), 300);
    return () => clearTimeout(timer);
  }, [me.permissions]);
  const items = visibleNavItems(me.permissions).map((item) => ({ key: item.path, icon: item.icon, label: item.label }));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="md"
        collapsedWidth={narrow ? 0 : 80}
        onBreakpoint={(broken) => {
          setNarrow(broken);
          setCollapsed(broken);
        }}
        width={200}
        theme="dark"
        style={narrow && !collapsed ? { position: 'fixed', height: '100vh', zIndex: 20, left: 0, top: 0 } : undefined}
        data-testid="side-nav-sider"
      >
        <div style={{ height: 56, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#fff', fontWeight: 600, fontSize: collapsed ? 14 : 17, whiteSpace: 'nowrap' }}>{collapsed ? '民政' : '上海民政业务平台'}</div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[navKeyOf(location.pathname)]}
          items={items}
          onClick={({ key }) => {
            navigate(key);
            if (narrow) setCollapsed(true);
          }}
          data-testid="side-nav"
        />
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Text type="secondary">数字民政 · 上海市民政局</Typography.Text>
          <UserBadge />
        </Header>
        {databaseUnavailable && <Alert type="warning" banner showIcon title="数据库暂时不可用，正在重试…" data-testid="db-unavailable-banner" />}
        <Content style={{ margin: narrow ? 8 : 24 }}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
