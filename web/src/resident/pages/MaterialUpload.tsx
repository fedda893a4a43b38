import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Typography } from 'antd';
import { useId, useState } from 'react';
import { isApiError } from '../../api/client.js';
import type { ApplicationDetail } from '../../api/resident-types.js';
import { residentKeys, uploadMaterial } from '../api.js';
import { formatBytes } from '../format.js';

const TYPE_NAMES: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPG', 'image/png': 'PNG' };

/**
 * One file for one material request (or unasked, requestSeq null). The rule is shown before the choice and
 * checked on choosing, so a wrong file is refused on the phone; the server checks again and has the last word.
 */
export function MaterialUpload({ application, requestSeq }: { application: ApplicationDetail; requestSeq: number | null }) {
  const inputId = useId();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const rules = application.uploadRules;
  const upload = useMutation({
    mutationFn: (chosen: File) => uploadMaterial(application.id, chosen, requestSeq),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: residentKeys.applications });
      void queryClient.invalidateQueries({ queryKey: residentKeys.inbox });
      setFile(null);
    },
  });
  const problem = !file
    ? null
    : !rules.types.includes(file.type)
      ? `“${file.name}”的格式不符合要求，请选择 ${rules.types.map((t) => TYPE_NAMES[t] ?? t).join('、')} 文件`
      : file.size > rules.maxBytes
        ? `“${file.name}”有 ${formatBytes(file.size)}，超过了 ${formatBytes(rules.maxBytes)} 的上限`
        : null;
  const blocked = !file ? '请先选择文件' : problem;

  return (
    <Flex vertical gap={8} data-testid={`upload-${requestSeq ?? 'extra'}`}>
      <label htmlFor={inputId} style={{ fontWeight: 700 }}>
        选择要上传的文件
      </label>
      <Typography.Text type="secondary">{rules.text}</Typography.Text>
      <input
        id={inputId}
        type="file"
        accept={rules.types.join(',')}
        onChange={(event) => {
          upload.reset();
          setFile(event.target.files?.[0] ?? null);
        }}
        data-testid="upload-input"
        style={{ fontSize: '1em' }}
      />
      {problem ? <Alert type="error" showIcon role="alert" title={problem} data-testid="upload-problem" /> : null}
      {upload.isError ? <Alert type="error" showIcon role="alert" title={isApiError(upload.error) ? upload.error.message : '上传失败，请稍后再试'} data-testid="upload-error" /> : null}
      {upload.isSuccess ? <Alert type="success" showIcon role="status" title="已上传，经办人会尽快查看" data-testid="upload-done" /> : null}
      <Button type="primary" size="large" disabled={blocked !== null} loading={upload.isPending} onClick={() => file && upload.mutate(file)} data-testid="upload-submit">
        上传
      </Button>
      {blocked && !problem ? <Typography.Text type="secondary">{blocked}</Typography.Text> : null}
    </Flex>
  );
}
