import { BellOutlined, CalendarOutlined, FileTextOutlined, GiftOutlined, SettingOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';

export interface ResidentNavItem {
  path: string;
  label: string;
  icon: ReactNode;
}

/** The resident's tabs; the staff menu (layout/navigation.tsx) never lists these, nor these the staff pages. */
export const RESIDENT_NAV: readonly ResidentNavItem[] = [
  { path: '/resident', label: '我的权益', icon: <GiftOutlined /> },
  { path: '/resident/applications', label: '我的申请', icon: <FileTextOutlined /> },
  { path: '/resident/marriage', label: '婚姻登记预约', icon: <CalendarOutlined /> },
  { path: '/resident/inbox', label: '消息', icon: <BellOutlined /> },
  { path: '/resident/settings', label: '设置', icon: <SettingOutlined /> },
];

/** The tab a page belongs to: the longest tab path the address starts with. */
export function residentTabOf(pathname: string): string {
  const matches = RESIDENT_NAV.filter((item) => pathname === item.path || pathname.startsWith(`${item.path}/`));
  return matches.sort((a, b) => b.path.length - a.path.length)[0]?.path ?? '/resident';
}
