import { theme } from 'antd';
import type { ReactNode } from 'react';

/**
 * A plain divided list. antd's List is deprecated from 6.6 and its successor (Listy) is a virtual
 * scroller, more than a handful of lines needs.
 */
export function ItemList<T>({ items, render, empty = '暂无', testId }: { items: readonly T[]; render(item: T): ReactNode; empty?: ReactNode; testId?: string }) {
  const { token } = theme.useToken();
  if (items.length === 0) return <div style={{ color: token.colorTextTertiary, padding: '12px 0' }}>{empty}</div>;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid={testId}>
      {items.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list, rendered whole each time; its items carry no id of their own.
        <li key={index} style={{ padding: '10px 0', borderTop: index === 0 ? undefined : `1px solid ${token.colorSplit}` }}>
          {render(item)}
        </li>
      ))}
    </ul>
  );
}
