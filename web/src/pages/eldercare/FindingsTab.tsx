import { Button, Checkbox, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useFindings } from '../../api/eldercare-supervision.js';
import type { Finding, FindingCategory, FindingFilter, FindingStatus, Severity } from '../../api/eldercare-supervision-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { findingCategoryLabels, findingStatusLabels, severityLabels } from '../../format/eldercare-labels.js';
import { FindingStatusTags, SeverityTag } from './FindingTags.js';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, text]) => ({ value, label: text }));

/** 问题与整改: every finding by status, category and severity; 只看逾期 is the list a supervisor chases. */
export function FindingsTab({ division, onOpenFinding }: { division: string | undefined; onOpenFinding(id: number): void }) {
  const [filter, setFilter] = useState<Omit<FindingFilter, 'division'>>({});
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const findings = useFindings({ ...filter, division }, cursors.at(-1));
  const change = (next: Omit<FindingFilter, 'division'>) => {
    setFilter(next);
    setCursors([undefined]);
  };
  const columns: TableColumnsType<Finding> = [
    {
      title: '问题',
      dataIndex: 'description',
      render: (text: string, f) => (
        <Typography.Link onClick={() => onOpenFinding(f.id)} data-testid={`open-finding-${f.id}`}>
          {text}
        </Typography.Link>
      ),
    },
    { title: '类别', dataIndex: 'categoryName', width: 100 },
    { title: '等级', dataIndex: 'severity', width: 100, render: (_: string, f) => <SeverityTag f={f} /> },
    { title: '整改期限', dataIndex: 'deadline', width: 110 },
    { title: '整改状态', dataIndex: 'status', render: (_: string, f) => <FindingStatusTags f={f} /> },
  ];
  const next = findings.data?.nextCursor ?? null;
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select allowClear placeholder="整改状态" style={{ width: 180 }} options={options(findingStatusLabels)} value={filter.status} onChange={(status?: FindingStatus) => change({ ...filter, status })} />
        <Select allowClear placeholder="类别" style={{ width: 140 }} options={options(findingCategoryLabels)} value={filter.category} onChange={(category?: FindingCategory) => change({ ...filter, category })} />
        <Select allowClear placeholder="等级" style={{ width: 140 }} options={options(severityLabels)} value={filter.severity} onChange={(severity?: Severity) => change({ ...filter, severity })} />
        <Checkbox checked={filter.overdue === true} onChange={(e) => change({ ...filter, overdue: e.target.checked || undefined })} data-testid="findings-overdue-only">
          只看逾期未整改
        </Checkbox>
        <LedgerExportButton path="/eldercare/supervision/findings/export" query={{ ...filter, division }} title="检查问题与整改台账" personal={false} />
      </Space>
      {findings.error ? (
        <ApiErrorNotice error={findings.error} inline />
      ) : (
        <Table<Finding>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={findings.data?.items}
          loading={findings.isFetching}
          pagination={false}
          rowClassName={(f) => (f.overdue ? 'row-overdue' : '')}
          locale={{ emptyText: '没有符合条件的问题' }}
          data-testid="finding-table"
        />
      )}
      <Space style={{ marginTop: 16, width: '100%', justifyContent: 'flex-end' }}>
        <Button disabled={cursors.length === 1} onClick={() => setCursors((s) => s.slice(0, -1))}>
          上一页
        </Button>
        <Button disabled={next === null} onClick={() => next !== null && setCursors((s) => [...s, next])}>
          下一页
        </Button>
      </Space>
    </>
  );
}
