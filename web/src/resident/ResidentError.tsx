import { Alert, Button } from 'antd';
import { isApiError } from '../api/client.js';

/** A failed request as a plain sentence with a way to try again; no codes, no addresses (residents read this). */
export function ResidentError({ error, retry }: { error: unknown; retry?: () => void }) {
  const message = isApiError(error) ? error.message : '页面加载失败，请稍后再试';
  return (
    <Alert
      type={isApiError(error) && error.status === 404 ? 'warning' : 'error'}
      showIcon
      role="alert"
      title={message}
      action={
        retry ? (
          <Button size="small" onClick={retry}>
            重试
          </Button>
        ) : null
      }
      data-testid="resident-error"
    />
  );
}
