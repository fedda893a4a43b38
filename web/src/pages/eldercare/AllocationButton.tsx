import { ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm } from 'antd';
import { useRunAllocation } from '../../api/eldercare.js';
import { useAuth } from '../../auth/AuthContext.js';
import { isApiError } from '../../api/client.js';

/** Allocation runs by itself in the background; district staff may run it now, e.g. right after beds were added. */
export function AllocationButton({ division }: { division: string | undefined }) {
  const { can } = useAuth();
  const { message } = App.useApp();
  const run = useRunAllocation();
  if (!can('eldercare.waitlist.allocate')) return null;
  return (
    <Popconfirm
      title="立即分配空出的保基本床位？"
      description="按全市统一排序，依次向轮候老人发出床位通知。"
      okText="分配"
      cancelText="取消"
      onConfirm={() =>
        run.mutateAsync(division).then(
          (result) => void message.success(`已考虑 ${result.bedsConsidered} 张空床，发出 ${result.offers.length} 份床位通知；仍在轮候 ${result.queueLength} 人`),
          (error: unknown) => void message.error(isApiError(error) ? error.message : '分配未能完成，请重试'),
        )
      }
    >
      <Button icon={<ThunderboltOutlined />} loading={run.isPending} data-testid="run-allocation">
        立即分配空床
      </Button>
    </Popconfirm>
  );
}
