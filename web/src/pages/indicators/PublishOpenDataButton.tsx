import { App, Button } from 'antd';
import dayjs from 'dayjs';
import { isApiError } from '../../api/client.js';
import { usePublishOpenData } from '../../api/community-divisions.js';

/** The city admin publishes last month's open data (tables by district, small counts hidden). */
export function PublishOpenDataButton() {
  const { message, modal } = App.useApp();
  const publish = usePublishOpenData();
  const month = dayjs().subtract(1, 'month').format('YYYY-MM');
  function confirm() {
    modal.confirm({
      title: `发布 ${month} 公开数据`,
      content: '按区汇总社会救助、困境儿童（只按区）和社区工作者数据；少于 5 人（户）显示为“<5”并同时隐去另一处，使其无法由合计推算。发布后任何人无需登录即可在“民政公开数据”页面查看和下载。再次发布会以当时的数据替换。',
      okText: '发布',
      onOk: async () => {
        try {
          const done = await publish.mutateAsync(month);
          void message.success(`已发布 ${done.month}：${done.datasets.length} 个数据集`);
        } catch (error) {
          void message.error(isApiError(error) ? error.message : '发布失败，请稍后重试');
        }
      },
    });
  }
  return (
    <Button onClick={confirm} loading={publish.isPending} data-testid="open-data-publish">
      发布上月公开数据
    </Button>
  );
}
