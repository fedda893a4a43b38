import { FileExcelOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useState } from 'react';
import type { RequestOptions } from '../api/client.js';
import { downloadFile } from '../api/download.js';
import { StepUpDialog } from '../auth/StepUpDialog.js';

/**
 * 导出 Excel for a ledger list: the file carries the list's current filters. Files with personal data ask for the
 * purpose first (recorded in the audit log) and, when the last verification is too old, for the code or password.
 */
export function LedgerExportButton({ path, query, title, example, disabledReason }: { path: string; query: RequestOptions['query']; title: string; example?: string; disabledReason?: string }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  async function save(purpose: string) {
    const file = await downloadFile(path, { ...query, purpose }, `${title}.xlsx`);
    void message.success(`已导出 ${file.headers.get('x-row-count') ?? '?'} 条记录（${file.filename}）`);
  }
  const button = (
    <Button icon={<FileExcelOutlined />} onClick={() => setOpen(true)} disabled={disabledReason !== undefined} data-testid="ledger-export">
      导出 Excel
    </Button>
  );
  return (
    <>
      {disabledReason ? <Tooltip title={disabledReason}>{button}</Tooltip> : button}
      <StepUpDialog open={open} title={`导出${title}（Excel）`} onClose={() => setOpen(false)} run={save} example={example ?? '例如：街道季度台账核对'} />
    </>
  );
}
