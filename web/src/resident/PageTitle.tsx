import { Typography } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The page's one h1. It also names the browser tab, and takes the focus when the page opens, so a screen
 * reader announces where a tap led instead of staying silent on the old position.
 */
export function PageTitle({ children, title }: { children: ReactNode; title: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · 上海民政 居民服务`;
    heading.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <Typography.Title level={1} ref={heading} tabIndex={-1} className="resident-page-title" style={{ fontSize: '1.5em', marginTop: 0, marginBottom: 16, outline: 'none' }} data-testid="resident-page-title">
      {children}
    </Typography.Title>
  );
}
