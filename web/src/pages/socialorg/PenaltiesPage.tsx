import { App, Button, Card, Form, Input, Radio, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useBatches, useImportBatch, usePenalties, type Penalty, type Receipt } from '../../api/socialorg-supervision.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { formatFen } from '../../format/money.js';

const COLUMNS = {
  penalties: '统一社会信用代码、处罚种类（警告、罚款、没收违法所得、限期停止活动、撤销登记、责令改正）、罚没金额（分）、处罚依据、决定书文号、决定日期、执行完毕日期（可空）',
  court: '统一社会信用代码、执行案号、纳入日期、移除日期（法院移出时填写）、法院（可空，默认为报送法院）',
};

interface Values {
  batchId: string;
  department: string;
  format: 'csv' | 'ndjson';
  content: string;
}

/** 行政处罚: the registrar's and other departments' penalties, and the batches from departments and courts. */
export default function PenaltiesPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const penalties = usePenalties();
  const batches = useBatches();
  const upload = useImportBatch();
  const [source, setSource] = useState<'penalties' | 'court'>('penalties');
  const [form] = Form.useForm<Values>();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="行政处罚记录" extra={<LedgerExportButton path="/socialorg/penalties/export" query={{}} title="社会组织行政处罚台账" personal={false} />}>
        <Typography.Paragraph type="secondary">警告或不满5万元罚款列入活动异常名录；5万元以上罚款、限期停止活动、撤销登记，或3年内第2次警告、不满5万元罚款，列入严重违法失信名单（民政部令第60号）。</Typography.Paragraph>
        {penalties.error ? <ApiErrorNotice error={penalties.error} inline /> : null}
        <Table<Penalty>
          rowKey="id"
          size="middle"
          loading={penalties.isFetching}
          dataSource={penalties.data?.pages.flatMap((p) => p.items)}
          pagination={{ pageSize: 20, showTotal: (t) => (penalties.hasNextPage ? `已载入 ${t} 条` : `共 ${t} 条`) }}
          locale={{ emptyText: '没有行政处罚记录' }}
          data-testid="penalties-table"
          columns={[
            { title: '社会组织', dataIndex: 'organisationName', render: (n: string, p) => <Link to={`/socialorg/organisations/${p.organisationId}`}>{n}</Link> },
            { title: '处罚种类', dataIndex: 'kindName' },
            { title: '罚没金额（元）', dataIndex: 'amountFen', align: 'right', render: (f: number) => (f ? formatFen(f) : '') },
            { title: '作出部门', dataIndex: 'department' },
            { title: '决定书文号', dataIndex: 'decisionNo' },
            { title: '决定日期', dataIndex: 'decidedOn' },
            { title: '执行情况', dataIndex: 'carriedOutOn', render: (d: string | null) => (d ? `${d} 执行完毕` : <Tag color="orange">未执行完毕</Tag>) },
          ]}
        />
        {penalties.hasNextPage ? (
          <Button loading={penalties.isFetchingNextPage} onClick={() => void penalties.fetchNextPage()} style={{ marginTop: 12 }}>
            载入更多
          </Button>
        ) : null}
      </Card>
      {can('socialorg.supervise') ? (
        <Card title="其他部门处罚、法院失信被执行人批量导入">
          <Segmented
            value={source}
            onChange={(v) => setSource(v as 'penalties' | 'court')}
            options={[
              { value: 'penalties', label: '其他部门行政处罚' },
              { value: 'court', label: '法院失信被执行人' },
            ]}
            style={{ marginBottom: 12 }}
          />
          <Typography.Paragraph>文件首行为列名：{COLUMNS[source]}。同一批次号重复报送只返回首次的回执，不会重复记录；有问题的行逐行列出，其余照常导入；本机关辖区外的组织不予导入。</Typography.Paragraph>
          <Form<Values>
            form={form}
            layout="vertical"
            initialValues={{ format: 'csv' }}
            onFinish={async (values) => {
              const receipt = await upload.mutateAsync({ source, body: values });
              void message.success(receipt.replayed ? `批次 ${receipt.batchId} 已导入过，未作改动` : `已导入 ${receipt.accepted} 条，问题行 ${receipt.rejected} 行，列入名录 ${receipt.listed} 条`);
            }}
          >
            <Space wrap>
              <Form.Item name="batchId" label="批次号" rules={[{ required: true, pattern: /^[A-Za-z0-9._-]{1,64}$/, message: '批次号为字母、数字、点、下划线或连字符' }]}>
                <Input style={{ width: 220 }} placeholder="如 2025-03-001" />
              </Form.Item>
              <Form.Item name="department" label={source === 'court' ? '报送法院' : '作出处罚的部门'} rules={[{ required: true, message: '必填' }]}>
                <Input style={{ width: 260 }} />
              </Form.Item>
              <Form.Item name="format" label="文件格式">
                <Radio.Group
                  options={[
                    { value: 'csv', label: '逗号分隔（CSV）' },
                    { value: 'ndjson', label: '每行一条记录（NDJSON）' },
                  ]}
                />
              </Form.Item>
            </Space>
            <Form.Item name="content" label="文件内容" rules={[{ required: true, message: '请粘贴文件内容' }]}>
              <Input.TextArea rows={6} data-testid="batch-content" />
            </Form.Item>
            {upload.error ? <ApiErrorNotice error={upload.error} inline /> : null}
            <Button type="primary" htmlType="submit" loading={upload.isPending} data-testid="batch-submit">
              导入
            </Button>
          </Form>
          <Table<Receipt>
            style={{ marginTop: 16 }}
            rowKey={(r) => `${r.source}:${r.batchId}`}
            size="small"
            dataSource={batches.data}
            locale={{ emptyText: '还没有导入批次' }}
            data-testid="batches-table"
            expandable={{
              rowExpandable: (r) => r.errors.length > 0,
              expandedRowRender: (r) => (
                <ul>
                  {r.errors.map((e) => (
                    <li key={`${e.row}-${e.field}`}>
                      第 {e.row} 行：{e.message}
                    </li>
                  ))}
                </ul>
              ),
            }}
            columns={[
              { title: '批次号', dataIndex: 'batchId' },
              { title: '来源', dataIndex: 'source', render: (s: string) => (s === 'court' ? '法院失信被执行人' : '其他部门行政处罚') },
              { title: '报送单位', dataIndex: 'department' },
              { title: '行数', dataIndex: 'rows' },
              { title: '导入', dataIndex: 'accepted' },
              { title: '已有记录', dataIndex: 'duplicates' },
              { title: '问题行', dataIndex: 'rejected', render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
              { title: '列入名录', dataIndex: 'listed' },
              { title: '导入时间', dataIndex: 'importedAt', render: (t: string) => new Date(t).toLocaleString('zh-CN') },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}
