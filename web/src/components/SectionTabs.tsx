import { Segmented, Space } from 'antd';
import { Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext.js';
import { PageLoading } from './PageLoading.js';

export interface Section {
  path: string;
  label: string;
  permission?: string;
}

/**
 * A business line's pages under one switcher (e.g. 救助案件 · 到期复核 · 发放批次). The longest matching
 * path wins, so a detail page under a section keeps it selected; sections the role lacks are not shown.
 */
export function SectionTabs({ sections, testId }: { sections: Section[]; testId?: string }) {
  const { can } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const visible = sections.filter((s) => !s.permission || can(s.permission));
  const current = [...visible].sort((a, b) => b.path.length - a.path.length).find((s) => location.pathname.startsWith(s.path))?.path ?? visible[0]?.path;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {visible.length > 1 ? <Segmented options={visible.map((s) => ({ value: s.path, label: s.label }))} value={current} onChange={(value) => navigate(String(value))} data-testid={testId} /> : null}
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    </Space>
  );
}
