import { FilePdfOutlined, FileTextOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Modal, Space } from 'antd';
import { useRef, useState } from 'react';
import { downloadFile, fetchFile } from '../../api/download.js';
import type { CaseDetail } from '../../api/assistance-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { adoptFrameStyle, separateHeadStyle } from '../../csp-nonce.js';

const DECISIONS = ['approve', 'reject', 'stop'];

/**
 * 决定书: the notice of the case's latest decision. The HTML is shown in a frame to read and print; the PDF
 * (printed by the server) downloads. Reading either is audited like reading the case.
 */
export function NoticeViewer({ c }: { c: CaseDetail }) {
  const { message } = App.useApp();
  const frame = useRef<HTMLIFrameElement>(null);
  const [html, setHtml] = useState<string | null>(null);
  const [css, setCss] = useState('');
  const [loading, setLoading] = useState<'html' | 'pdf' | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!c.actions.some((a) => DECISIONS.includes(a.action))) return null;

  async function open() {
    setLoading('html');
    setError(null);
    try {
      const file = await fetchFile(`/assistance/cases/${c.id}/decision-notice`, { format: 'html' }, `决定书-${c.id}.html`);
      const notice = separateHeadStyle(await file.blob.text());
      setCss(notice.css);
      setHtml(notice.html);
    } catch (failure) {
      setError(failure);
      setHtml('');
    } finally {
      setLoading(null);
    }
  }

  async function pdf() {
    setLoading('pdf');
    try {
      await downloadFile(`/assistance/cases/${c.id}/decision-notice`, { format: 'pdf' }, `决定书-${c.id}.pdf`);
    } catch (failure) {
      void message.error(failure instanceof Error ? failure.message : '下载 PDF 失败');
    } finally {
      setLoading(null);
    }
  }

  return (
    <>
      <Space>
        <Button icon={<FileTextOutlined />} loading={loading === 'html'} onClick={() => void open()} data-testid="open-notice">
          查看决定书
        </Button>
        <Button icon={<FilePdfOutlined />} loading={loading === 'pdf'} onClick={() => void pdf()} data-testid="notice-pdf">
          下载 PDF
        </Button>
      </Space>
      {html !== null ? (
        <Modal
          open
          width={860}
          title="决定书"
          onCancel={() => setHtml(null)}
          footer={
            <Space>
              <Button icon={<PrinterOutlined />} disabled={!html} onClick={() => frame.current?.contentWindow?.print()}>
                打印
              </Button>
              <Button onClick={() => setHtml(null)}>关闭</Button>
            </Space>
          }
        >
          {error ? (
            <ApiErrorNotice error={error} inline />
          ) : (
            // sandboxed: the notice is the server's HTML, but it needs no script to be read or printed.
            <iframe
              ref={frame}
              title="决定书"
              srcDoc={html}
              onLoad={() => adoptFrameStyle(frame.current, css)}
              sandbox="allow-same-origin allow-modals"
              style={{ width: '100%', height: '70vh', border: '1px solid #f0f0f0' }}
              data-testid="notice-frame"
            />
          )}
        </Modal>
      ) : null}
    </>
  );
}
