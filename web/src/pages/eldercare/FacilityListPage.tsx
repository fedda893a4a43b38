import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ELDERCARE_PAGE_SIZE, useFacilities } from '../../api/eldercare.js';
import type { Facility, FacilityFilter, FacilityKind } from '../../api/eldercare-types.js';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { DivisionName } from '../../components/DivisionName.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { facilityKindLabels, ownershipLabels } from '../../format/eldercare-labels.js';
import { label } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';
import { NewFacilityDialog } from './NewFacilityDialog.js';

/** What a facility offers in one cell: beds for institutions and stations, meals or day-care places for the rest. */
function capacity(f: Facility): string {
  if (f.totalBeds.licensed > 0) return `床位 ${f.totalBeds.licensed} 张（空 ${f.totalBeds.free}）`;
  if (f.mealPriceFen !== null) return `每餐 ${formatFen(f.mealPriceFen)}`;
  if (f.dayCarePlaces !== null) return `日托 ${f.dayCarePlaces} 人`;
  return '—';
}

const columns: TableColumnsType<Facility> = [
  { title: '名称', dataIndex: 'name', render: (name: string, f) => <Link to={`/eldercare/facilities/${f.id}`}>{name}</Link> },
  { title: '类型', dataIndex: 'kind', render: (k: string) => label(facilityKindLabels, k) },
  { title: '性质', dataIndex: 'ownership', render: (o: string) => label(ownershipLabels, o) },
  { title: '所在街镇', dataIndex: 'divisionCode', render: (code: string) => <DivisionName code={code} full /> },
  { title: '核定床位', key: 'licensed', align: 'right', render: (_: unknown, f) => f.totalBeds.licensed || '—' },
  { title: '保基本', key: 'basic', align: 'right', render: (_: unknown, f) => f.totalBeds.basicGuarantee || '—' },
  { title: '已入住', key: 'occupied', align: 'right', render: (_: unknown, f) => (f.totalBeds.licensed ? f.totalBeds.occupied : '—') },
  { title: '服务能力', key: 'capacity', render: (_: unknown, f) => capacity(f) },
  { title: '状态', dataIndex: 'status', render: (s: string) => (s === 'open' ? <Tag color="green">运营中</Tag> : <Tag>{s === 'suspended' ? '暂停' : s === 'closed' ? '已关闭' : s}</Tag>) },
];

interface Values {
  kind?: FacilityKind;
  division?: string;
  q?: string;
}

/** 设施与床位: the jurisdiction's facilities by kind and division, with their beds at a glance. */
export default function FacilityListPage() {
  const me = useMe();
  const { can } = useAuth();
  const [registering, setRegistering] = useState(false);
  const [params, setParams] = useSearchParams();
  const filter: FacilityFilter = { kind: (params.get('kind') as FacilityKind | null) ?? undefined, division: params.get('division') ?? undefined, q: params.get('q') ?? undefined };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const facilities = useFacilities(filter, page);

  function update(next: Record<string, string | undefined>) {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) merged.set(key, value);
      else merged.delete(key);
    }
    setParams(merged);
  }

  return (
    <Card
      title="养老服务设施"
      extra={
        <Space>
          <Typography.Text type="secondary">机构、社区综合为老服务中心、日间照护、长者食堂、家庭照护床位服务站</Typography.Text>
          {can('eldercare.facilities.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="register-facility">
              登记设施
            </Button>
          ) : null}
        </Space>
      }
    >
      <Form<Values> layout="inline" style={{ marginBottom: 16, rowGap: 8 }} initialValues={filter} onFinish={(v) => update({ kind: v.kind, division: v.division, q: v.q?.trim(), page: undefined })}>
        <Form.Item name="kind" label="类型">
          <Select allowClear placeholder="全部" style={{ width: 200 }} options={Object.entries(facilityKindLabels).map(([value, text]) => ({ value, label: text }))} data-testid="facility-kind-filter" />
        </Form.Item>
        <Form.Item name="division" label="区划">
          <DivisionPicker root={me.jurisdiction} />
        </Form.Item>
        <Form.Item name="q" label="名称">
          <Input allowClear placeholder="名称关键字" style={{ width: 180 }} maxLength={50} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="facility-search">
              查询
            </Button>
            <LedgerExportButton path="/eldercare/facilities/export" query={{ ...filter }} title="养老服务设施与床位台账" personal={false} />
          </Space>
        </Form.Item>
      </Form>
      {facilities.error ? (
        <ApiErrorNotice error={facilities.error} inline />
      ) : (
        <Table<Facility>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={facilities.data?.items}
          loading={facilities.isFetching}
          locale={{ emptyText: '本辖区内没有符合条件的设施' }}
          pagination={{ current: page, pageSize: ELDERCARE_PAGE_SIZE, total: facilities.data?.total ?? 0, showSizeChanger: false, showTotal: (total) => `共 ${total} 处`, onChange: (p) => update({ page: String(p) }) }}
          data-testid="facility-table"
        />
      )}
      {registering ? <NewFacilityDialog onClose={() => setRegistering(false)} /> : null}
    </Card>
  );
}
