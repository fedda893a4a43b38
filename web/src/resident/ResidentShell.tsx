import { LogoutOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Tag, theme } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useDatabaseUnavailable } from '../api/db-status.js';
import { PageLoading } from '../components/PageLoading.js';
import { useResidentAuth, useResidentMe } from './auth.js';
import { KioskIdleGuard } from './kiosk-idle.js';
import { RESIDENT_NAV, residentTabOf } from './navigation.js';
import { useDisplayPreferences } from './preferences.js';
import { SkipLink } from './SkipLink.js';

const MAIN_ID = 'resident-main';

/**
 * The residents' frame, built for a 360 px phone first: a header saying who is signed in and for whom they act
 * (代办), the page, and four large tabs at the bottom where a thumb reaches them. Landmarks (header, main, nav)
 * let a screen reader jump between the parts.
 */
export function ResidentShell() {
  const { self, actingFor } = useResidentMe();
  const { logout } = useResidentAuth();
  const { kiosk } = useDisplayPreferences();
  const location = useLocation();
  const databaseUnavailable = useDatabaseUnavailable();
  const tab = residentTabOf(location.pathname);
  // Plain text (headings, lists) follows the theme's size too, not only antd's components: large text is the whole page.
  const { token } = theme.useToken();

  return (
    <Flex vertical style={{ minHeight: '100vh', background: '#f5f5f5', fontSize: token.fontSize }}>
      <SkipLink target={MAIN_ID} />
      <header style={{ background: '#b3141a', color: '#fff', padding: '12px 16px' }}>
        <Flex justify="space-between" align="center" gap={8} wrap>
          <span style={{ fontWeight: 700, fontSize: '1.1em' }}>上海民政 · 居民服务{kiosk ? <Tag style={{ marginInlineStart: 8 }}>自助端</Tag> : null}</span>
          <Button ghost size={kiosk ? 'large' : 'middle'} icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="resident-logout">
            退出
          </Button>
        </Flex>
        <div style={{ marginTop: 4 }} data-testid="resident-name">
          您好，{self.nameMasked}
        </div>
        {actingFor ? (
          <Flex align="center" gap={8} wrap style={{ marginTop: 8, background: '#fff', color: '#000', padding: '6px 10px', borderRadius: 8 }} data-testid="acting-for">
            <TeamOutlined aria-hidden />
            <span>
              正在为 <strong>{actingFor.nameMasked}</strong>（{actingFor.relationName}）代办
            </span>
            <Link to="/resident/acting">切换</Link>
          </Flex>
        ) : null}
      </header>
      {databaseUnavailable ? <Alert type="warning" banner showIcon title="系统暂时繁忙，正在重试…" /> : null}
      <main id={MAIN_ID} tabIndex={-1} style={{ flex: 1, width: '100%', maxWidth: kiosk ? 960 : 640, margin: '0 auto', padding: '16px 12px 96px', boxSizing: 'border-box', outline: 'none' }}>
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
      <nav aria-label="主导航" style={{ position: 'fixed', bottom: 0, left: 0, right: 0, background: '#fff', borderTop: '1px solid #d9d9d9', zIndex: 10 }} data-testid="resident-nav">
        <Flex justify="space-around" style={{ maxWidth: kiosk ? 960 : 640, margin: '0 auto' }}>
          {RESIDENT_NAV.map((item) => {
            const current = item.path === tab;
            return (
              <Link
                key={item.path}
                to={item.path}
                aria-current={current ? 'page' : undefined}
                style={{ flex: 1, textAlign: 'center', padding: kiosk ? '14px 0' : '8px 0', minHeight: 48, color: current ? '#b3141a' : 'rgba(0,0,0,0.75)', fontWeight: current ? 700 : 400 }}
              >
                <div aria-hidden style={{ fontSize: '1.3em' }}>
                  {item.icon}
                </div>
                <div>{item.label}</div>
              </Link>
            );
          })}
        </Flex>
      </nav>
      {kiosk ? <KioskIdleGuard onIdle={() => void logout('长时间未操作，已自动退出')} /> : null}
    </Flex>
  );
}
