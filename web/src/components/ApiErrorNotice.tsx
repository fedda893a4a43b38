import { Alert, Button, Result, Typography } from 'antd';
import { Link } from 'react-router-dom';

interface ErrorShape {
  status: number;
  code?: string;
  message: string;
}

function describe(error: unknown): ErrorShape {
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    const status = 'status' in error && typeof error.status === 'number' ? error.status : -1;
    const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
    return { status, code, message: error.message };
  }
  return { status: -1, message: '发生未知错误，请刷新页面重试' };
}

const titles: Record<number, string> = { 403: '无权访问', 404: '未找到', 0: '无法连接服务器' };

/**
 * Every failed request ends here, so a refusal reads as a sentence in Chinese with a way back,
 * never a blank page. `inline` fits inside a card; the default fills the page.
 */
export function ApiErrorNotice({ error, inline = false }: { error: unknown; inline?: boolean }) {
  // No error (a mutation not yet tried, a query that succeeded): nothing to say, so pages may render it unconditionally.
  if (error === null || error === undefined) return null;
  const { status, code, message } = describe(error);
  const title = titles[status] ?? '请求未能完成';
  // The code is for the help desk: small, after the sentence staff act on.
  const codeLine = code ? (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="api-error-code">
      问题编号：{code}
    </Typography.Text>
  ) : null;
  if (inline) {
    return <Alert type={status === 403 ? 'warning' : 'error'} showIcon title={message} description={codeLine ?? undefined} data-testid="api-error" />;
  }
  const resultStatus = status === 403 ? '403' : status === 404 ? '404' : status >= 500 ? '500' : 'warning';
  return (
    <Result
      status={resultStatus}
      title={title}
      subTitle={
        <div data-testid="api-error">
          <div className="api-error-message">{message}</div>
          {codeLine}
        </div>
      }
      extra={
        <Link to="/">
          <Button type="primary">返回首页</Button>
        </Link>
      }
    />
  );
}
