import { ApiError, apiUrl, type RequestOptions } from './client.js';

export interface FetchedFile {
  blob: Blob;
  filename: string;
  headers: Headers;
}

/** `filename*=UTF-8''…` (RFC 5987) first, the plain form second; the fallback otherwise. */
function filenameOf(disposition: string | null, fallback: string): string {
  const encoded = disposition ? /filename\*=UTF-8''([^;]+)/i.exec(disposition) : null;
  if (encoded) return decodeURIComponent(encoded[1]);
  const plain = disposition ? /filename="?([^";]+)"?/i.exec(disposition) : null;
  return plain ? plain[1] : fallback;
}

/**
 * A file the API serves behind the session (notices, bank files). Fetched rather than linked, so a refusal
 * (no permission, `STEP_UP_REQUIRED`) arrives as the API's `{code, message}` instead of a broken download.
 */
export async function fetchFile(path: string, query: RequestOptions['query'], fallbackName: string): Promise<FetchedFile> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请检查网络后重试');
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    const message = body && typeof body === 'object' && 'message' in body && typeof body.message === 'string' ? body.message : `下载失败（HTTP ${response.status}）`;
    const code = body && typeof body === 'object' && 'code' in body && typeof body.code === 'string' ? body.code : `HTTP_${response.status}`;
    throw new ApiError(response.status, code, message);
  }
  return { blob: await response.blob(), filename: filenameOf(response.headers.get('content-disposition'), fallbackName), headers: response.headers };
}

/** Hands a blob to the browser as a download with its name. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function downloadFile(path: string, query: RequestOptions['query'], fallbackName: string): Promise<FetchedFile> {
  const file = await fetchFile(path, query, fallbackName);
  saveBlob(file.blob, file.filename);
  return file;
}
