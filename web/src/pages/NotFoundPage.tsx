import { ApiErrorNotice } from '../components/ApiErrorNotice.js';

export default function NotFoundPage() {
  return <ApiErrorNotice error={{ status: 404, message: '您访问的页面不存在，请从左侧导航进入' }} />;
}
