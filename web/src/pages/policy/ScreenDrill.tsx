import { Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useScreenBreakdown, useScreenHouseholds } from '../../api/screening.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { codeLevel } from '../../format/divisions.js';
import { label, programmeLabels } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';

interface ChildRow {
  divisionCode: string;
  total: number;
  byProgramme: Record<string, number>;
}

function Households({ runId, division }: { runId: number; division: string }) {
  const [cursors, setCursors] = useState<(number | null)[]>([null]);
  const page = useScreenHouseholds(runId, division, cursors[cursors.length - 1]);
  if (page.error) return <ApiErrorNotice error={page.error} inline />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        rowKey="householdId"
        loading={page.isPending}
        pagination={false}
        dataSource={page.data?.items ?? []}
        data-testid="drill-households"
        columns={[
          { title: '户主', dataIndex: 'headName', render: (name: string | null, h) => <Link to={`/registry/households/${h.householdId}`}>{name ? `${name} 户` : '无在册成员的家庭'}</Link> },
          { title: '居委会', dataIndex: 'divisionCode', render: (code: string) => <DivisionName code={code} /> },
          { title: '符合的项目', dataIndex: 'programmes', render: (ps: string[]) => ps.map((p) => <Tag key={p}>{label(programmeLabels, p)}</Tag>) },
          { title: '测算月金额', dataIndex: 'monthlyAmountFen', align: 'right', render: (fen: number) => (fen ? formatFen(fen) : '—') },
        ]}
      />
      <Space>
        <Button size="small" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          上一页
        </Button>
        <Typography.Text type="secondary">第 {cursors.length} 页</Typography.Text>
        <Button size="small" disabled={!page.data?.nextCursor} title={page.data?.nextCursor ? undefined : '已是最后一页'} onClick={() => setCursors([...cursors, page.data?.nextCursor ?? null])} data-testid="drill-next">
          下一页
        </Button>
        {/* All pages of this division, not only the one shown. */}
        <LedgerExportButton
          path={`/policy/screen/${runId}/households/export`}
          query={{ division }}
          title="筛查结果台账"
          example="例如：入户走访核实安排"
          disabledReason={page.data && page.data.items.length === 0 ? '本区划没有符合条件的家庭，无可导出的记录' : undefined}
        />
      </Space>
    </Space>
  );
}

function Children({ runId, division, onOpen }: { runId: number; division: string | null; onOpen(code: string): void }) {
  const breakdown = useScreenBreakdown(runId, division);
  if (breakdown.error) return <ApiErrorNotice error={breakdown.error} inline />;
  const programmes = [...new Set((breakdown.data?.rows ?? []).map((r) => r.programme))].sort();
  const byChild = new Map<string, ChildRow>();
  for (const r of breakdown.data?.rows ?? []) {
    const row = byChild.get(r.divisionCode) ?? { divisionCode: r.divisionCode, total: 0, byProgramme: {} };
    row.byProgramme[r.programme] = r.households;
    row.total += r.households;
    byChild.set(r.divisionCode, row);
  }
  return (
    <Table<ChildRow>
      size="small"
      rowKey="divisionCode"
      loading={breakdown.isPending}
      pagination={false}
      dataSource={[...byChild.values()]}
      data-testid="drill-children"
      columns={[
        {
          title: '区划',
          dataIndex: 'divisionCode',
          render: (code: string) => (
            <Button type="link" size="small" onClick={() => onOpen(code)} data-testid={`drill-${code}`}>
              <DivisionName code={code} />
            </Button>
          ),
        },
        ...programmes.map((p) => ({ title: label(programmeLabels, p), key: p, align: 'right' as const, render: (_: unknown, row: ChildRow) => row.byProgramme[p] ?? 0 })),
      ]}
    />
  );
}

/**
 * 逐级下钻: the run's eligible households by district, then by street, then the street's households (names
 * masked; the household page shows them under its own rules).
 */
export function ScreenDrill({ runId, root }: { runId: number; root: string }) {
  const [path, setPath] = useState<string[]>([]);
  const current = path.length ? path[path.length - 1] : null;
  const atStreet = current !== null && (codeLevel(current) === 'street' || codeLevel(current) === 'committee');
  const rootIsStreet = current === null && (codeLevel(root) === 'street' || codeLevel(root) === 'committee');
  return (
    <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }} data-testid="screen-drill">
      <Typography.Title level={5}>逐级查看符合条件的家庭</Typography.Title>
      <Space wrap data-testid="drill-path">
        <Button size="small" type={path.length ? 'link' : 'text'} disabled={!path.length} onClick={() => setPath([])}>
          <DivisionName code={root} />
        </Button>
        {path.map((code, i) => (
          <Space key={code}>
            <span>/</span>
            <Button size="small" type={i < path.length - 1 ? 'link' : 'text'} disabled={i === path.length - 1} onClick={() => setPath(path.slice(0, i + 1))}>
              <DivisionName code={code} />
            </Button>
          </Space>
        ))}
      </Space>
      {atStreet || rootIsStreet ? <Households key={current ?? root} runId={runId} division={current ?? root} /> : <Children runId={runId} division={current} onOpen={(code) => setPath([...path, code])} />}
    </Space>
  );
}
