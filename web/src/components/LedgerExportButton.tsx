import { FileExcelOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useState } from 'react';
import { isApiError, type RequestOptions } from '../api/client.js';
import { downloadFile } from '../api/download.js';
import { StepUpDialog } from '../auth/StepUpDialog.js';

interface Props {
  /** The export route, e.g. `/assistance/cases/export`. */
  path: string;
  /** The list's current filters: the file holds what the page shows, and names the filters. */
  query: RequestOptions['query'];
  /** The ledger's name, e.g. 救助案件台账. */
  title: string;
  /** Files with personal data ask for the purpose (audited) and, when the last verification is old, the code or password. */
  personal?: boolean;
  example?: string;
  disabledReason?: string;
}

/** 导出 Excel for a ledger list (台账). */
export function LedgerExportButton({ path, query, title, personal = true, example, disabledReason }: Props) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  async function save(purpose?: string) {
    const file = await downloadFile(path, purpose === undefined ? query : { ...query, purpose }, `${title}.xlsx`);
    void message.success(`已导出 ${file.headers.get('x-row-count') ?? '?'} 条记录（${file.filename}）`);
  }
  async function direct() {
    setBusy(true);
    try {
      await save();
    } catch (error) {
      void message.error(isApiError(error) ? error.message : '导出失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  }
  const button = (
    <Button icon={<FileExcelOutlined />} loading={busy} onClick={() => (personal ? setOpen(true) : void direct())} disabled={disabledReason !== undefined} data-testid="ledger-export">
      导出 Excel
    </Button>
  );
  return (
    <>
      {disabledReason ? <Tooltip title={disabledReason}>{button}</Tooltip> : button}
      {personal ? <StepUpDialog open={open} title={`导出${title}（Excel）`} onClose={() => setOpen(false)} run={save} example={example ?? '例如：街道季度台账核对'} /> : null}
    </>
  );
}
