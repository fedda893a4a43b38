import { Space, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatDateTime } from '../format/dates.js';
import { label, roleLabels } from '../format/labels.js';

/** A resident's own act on the residents' end (居民端): recorded as `resident:<id>`, not a staff account. */
const RESIDENT_PORTAL = /^resident:\d+$/;

export interface LogItem {
  key: string | number;
  title: string;
  at: string;
  actorUsername: string | null;
  actorRole?: string | null;
  reason: string | null;
  details?: ReactNode;
  color?: string;
}

/**
 * A record's action log, oldest first: who did what, when and why. The log is the record (its status is
 * derived from it), so nothing is summarised away.
 */
export function ActionLog({ items, testId }: { items: LogItem[]; testId?: string }) {
  return (
    <Timeline
      data-testid={testId}
      items={items.map((item) => ({
        key: item.key,
        color: item.color ?? 'blue',
        content: (
          <div>
            <Space size={8} wrap>
              <Typography.Text strong>{item.title}</Typography.Text>
              <Typography.Text type="secondary">{formatDateTime(item.at)}</Typography.Text>
              {item.actorUsername && RESIDENT_PORTAL.test(item.actorUsername) ? (
                <Tag>居民（网上办理）</Tag>
              ) : item.actorUsername ? (
                <Tag>
                  {item.actorUsername}
                  {item.actorRole ? `（${label(roleLabels, item.actorRole)}）` : ''}
                </Tag>
              ) : (
                <Tag color="default">系统</Tag>
              )}
            </Space>
            {item.reason ? <div style={{ whiteSpace: 'pre-wrap' }}>{item.reason}</div> : null}
            {item.details ? <div style={{ color: 'rgba(0,0,0,0.55)' }}>{item.details}</div> : null}
          </div>
        ),
      }))}
    />
  );
}
