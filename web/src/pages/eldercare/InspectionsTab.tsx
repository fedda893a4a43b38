import { Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useInspection, useInspections } from '../../api/eldercare-supervision.js';
import type { Finding, InspectionSummary } from '../../api/eldercare-supervision-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { FindingStatusTags, SeverityTag } from './FindingTags.js';

function InspectionFindings({ id, onOpen }: { id: number; onOpen(findingId: number): void }) {
  const inspection = useInspection(id);
  if (inspection.error) return <ApiErrorNotice error={inspection.error} inline />;
  return (
    <Table<Finding>
      rowKey="id"
      size="small"
      pagination={false}
      loading={inspection.isPending}
      dataSource={inspection.data?.findings}
      locale={{ emptyText: '本次检查未发现问题' }}
      columns={[
        { title: '序号', dataIndex: 'seq', width: 60 },
        { title: '类别', dataIndex: 'categoryName', width: 100 },
        { title: '等级', dataIndex: 'severity', width: 100, render: (_: string, f) => <SeverityTag f={f} /> },
        { title: '问题', dataIndex: 'description', render: (text: string, f) => <Typography.Link onClick={() => onOpen(f.id)}>{text}</Typography.Link> },
        { title: '整改期限', dataIndex: 'deadline', width: 110 },
        { title: '整改状态', dataIndex: 'status', render: (_: string, f) => <FindingStatusTags f={f} /> },
      ]}
    />
  );
}

/** 检查记录: inspections newest first; a row opens to its findings, a finding to its rectification. */
export function InspectionsTab({ division, onOpenFinding }: { division: string | undefined; onOpenFinding(id: number): void }) {
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const inspections = useInspections(division, cursors.at(-1));
  const columns: TableColumnsType<InspectionSummary> = [
    { title: '检查日期', dataIndex: 'inspectedOn', width: 110 },
    { title: '机构', dataIndex: 'facilityName', render: (name: string, i) => <Link to={`/eldercare/facilities/${i.facilityId}`}>{name}</Link> },
    {
      title: '检查类型',
      dataIndex: 'kindName',
      render: (name: string, i) =>
        i.campaign ? (
          <>
            {name} <Tag>{i.campaign}</Tag>
          </>
        ) : (
          name
        ),
    },
    { title: '检查人员', dataIndex: 'inspectors' },
    { title: '发现问题', dataIndex: 'findingCount', align: 'right' },
    { title: '未销号', dataIndex: 'openCount', align: 'right', render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : 0) },
  ];
  if (inspections.error) return <ApiErrorNotice error={inspections.error} inline />;
  const next = inspections.data?.nextCursor ?? null;
  return (
    <>
      <Table<InspectionSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={inspections.data?.items}
        loading={inspections.isFetching}
        pagination={false}
        expandable={{ expandedRowRender: (i) => <InspectionFindings id={i.id} onOpen={onOpenFinding} />, rowExpandable: (i) => i.findingCount > 0 }}
        locale={{ emptyText: '本辖区暂无检查记录' }}
        data-testid="inspection-table"
      />
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
