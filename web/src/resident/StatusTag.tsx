import { Tag } from 'antd';
import { solid } from './tag-colours.js';

const COLOURS: Record<string, string> = { in_payment: 'green', approved: 'green', completed: 'green', rejected: 'red', not_accepted: 'red', withdrawn: 'default', stopped: 'default' };

/** An application's status by its Chinese name; colour only repeats what the words say. */
export function StatusTag({ status, name }: { status: string; name: string }) {
  return (
    <Tag color={solid(COLOURS[status] ?? 'blue')} data-testid="application-status">
      {name}
    </Tag>
  );
}
