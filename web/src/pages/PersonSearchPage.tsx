import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { usePersonSearch } from '../api/registry.js';
import type { Person } from '../api/types.js';
import { useMe } from '../auth/AuthContext.js';
import { ApiErrorNotice } from '../components/ApiErrorNotice.js';
import { DivisionName } from '../components/DivisionName.js';
import { DivisionPicker } from '../components/DivisionPicker.js';
import { RevealIdNumber } from '../components/RevealIdNumber.js';
import { ageOn } from '../format/dates.js';
import { label, sexLabels } from '../format/labels.js';

const PAGE_SIZE = 20;

const columns: TableColumnsType<Person> = [
  { title: '姓名', dataIndex: 'name', render: (name: string, person) => <Link to={`/registry/persons/${person.id}`}>{name}</Link> },
  { title: '身份证号', dataIndex: 'idNumber', render: (idNumber: string, person) => <RevealIdNumber personId={person.id} masked={idNumber} name={person.name} /> },
  { title: '性别', dataIndex: 'sex', width: 60, render: (sex: string) => label(sexLabels, sex) },
  { title: '出生日期', dataIndex: 'birthDate', render: (birthDate: string, person) => (person.deathDate ? birthDate : `${birthDate}（${ageOn(birthDate)}岁）`) },
  { title: '户籍地', dataIndex: 'hukouDivision', render: (code: string) => <DivisionName code={code} /> },
  { title: '居住地', dataIndex: 'residenceDivision', render: (code: string) => <DivisionName code={code} /> },
  {
    title: '状态',
    key: 'status',
    render: (_: unknown, person) => (person.deathDate ? <Tag>已故（{person.deathDate}）</Tag> : person.hukouDivision !== person.residenceDivision ? <Tag color="orange">人户分离</Tag> : null),
  },
  { title: '家庭', dataIndex: 'householdId', render: (id: number | null | undefined) => (id ? <Link to={`/registry/households/${id}`}>查看家庭</Link> : '—') },
];

/** One search: pages are keyset cursors, kept as a stack so 上一页 goes back without re-counting. */
function PersonResults({ q, divisionCode }: { q?: string; divisionCode?: string }) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = cursors.length;
  const result = usePersonSearch({ q, divisionCode, cursor: cursors[page - 1], limit: PAGE_SIZE });
  if (result.error) return <ApiErrorNotice error={result.error} inline />;
  const nextCursor = result.data?.nextCursor ?? null;
  return (
    <>
      <Table<Person>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={result.data?.items}
        loading={result.isFetching}
        pagination={false}
        locale={{ emptyText: q ? '本辖区内没有符合条件的人员' : '本辖区内暂无人员' }}
        data-testid="person-table"
      />
      <Space style={{ marginTop: 16, width: '100%', justifyContent: 'flex-end' }}>
        <Typography.Text type="secondary">第 {page} 页</Typography.Text>
        <Button disabled={page === 1 || result.isFetching} onClick={() => setCursors((stack) => stack.slice(0, -1))}>
          上一页
        </Button>
        <Button disabled={!nextCursor || result.isFetching} onClick={() => nextCursor && setCursors((stack) => [...stack, nextCursor])} data-testid="next-page">
          下一页
        </Button>
      </Space>
    </>
  );
}

export default function PersonSearchPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() || undefined;
  const divisionCode = params.get('division') || undefined;
  const [form] = Form.useForm<{ q?: string; division?: string }>();

  function search(values: { q?: string; division?: string }) {
    const next = new URLSearchParams();
    if (values.q?.trim()) next.set('q', values.q.trim());
    if (values.division) next.set('division', values.division);
    setParams(next);
  }

  return (
    <Card title="人口查询" extra={<Typography.Text type="secondary">仅显示户籍地或居住地在您辖区内的人员</Typography.Text>}>
      <Form form={form} layout="inline" initialValues={{ q, division: divisionCode }} onFinish={search} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="q" label="姓名或身份证号">
          <Input allowClear placeholder="姓名（可只输前几个字）或完整18位身份证号" style={{ width: 320 }} data-testid="person-query" />
        </Form.Item>
        <Form.Item name="division" label="区划">
          <DivisionPicker root={me.jurisdiction} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="person-search">
            查询
          </Button>
        </Form.Item>
      </Form>
      <PersonResults key={`${q ?? ''}|${divisionCode ?? ''}`} q={q} divisionCode={divisionCode} />
    </Card>
  );
}
