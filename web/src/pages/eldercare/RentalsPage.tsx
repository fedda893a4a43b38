import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, Popconfirm, Progress, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useFacilities } from '../../api/eldercare.js';
import { useRentalCatalogue, useRentalCoverage, useRentals, useRentDevice, useReturnDevice } from '../../api/eldercare-rentals.js';
import type { DeviceCode, Rental, RentalRecorded } from '../../api/eldercare-rentals-types.js';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { ItemList } from '../../components/ItemList.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { PersonPicker } from '../../components/PersonPicker.js';
import { today, todayIso } from '../../format/dates.js';
import { formatFen } from '../../format/money.js';

interface Values {
  pointId?: number;
  personId?: number;
  deviceCode?: DeviceCode;
  startedOn?: Dayjs;
}

/** The catalogue and the subsidy shares in force today, with the rules: read before anyone rents. */
function CatalogueCard() {
  const catalogue = useRentalCatalogue();
  if (catalogue.error) return <ApiErrorNotice error={catalogue.error} />;
  const c = catalogue.data;
  return (
    <Card title="租赁目录与补贴规则" size="small" loading={catalogue.isPending} data-testid="rental-catalogue">
      {c ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Table
            size="small"
            pagination={false}
            rowKey="code"
            dataSource={c.devices}
            columns={[
              { title: '辅具', dataIndex: 'name' },
              { title: '月租金', key: 'rent', render: (_: unknown, d) => (d.offered ? formatFen(d.monthlyRentFen) : <Tag>不在目录内</Tag>) },
              { title: '核实', key: 'verified', render: (_: unknown, d) => (d.setting.verified ? <Tag color="green">已核实</Tag> : <Tag color="orange">待核实（配置值）</Tag>) },
            ]}
          />
          <Descriptions column={1} size="small" bordered>
            {c.subsidies.map((s) => (
              <Descriptions.Item key={s.group} label={s.name}>
                补贴月租金的 {s.percent}%
                {s.setting.verified ? null : (
                  <Tag color="orange" style={{ marginLeft: 8 }}>
                    待核实
                  </Tag>
                )}
              </Descriptions.Item>
            ))}
          </Descriptions>
          <ItemList items={c.rules} render={(r) => r} />
        </Space>
      ) : null}
    </Card>
  );
}

function RentResult({ rental }: { rental: RentalRecorded }) {
  return (
    <div style={{ marginTop: 16 }} data-testid="rental-result">
      {rental.replayed ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title="此租赁此前已登记且未归还：以下为首次登记的记录，不重复计入。" /> : null}
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="租用人">{rental.personName}</Descriptions.Item>
        <Descriptions.Item label="辅具">
          {rental.deviceName} · {rental.pointName}
        </Descriptions.Item>
        <Descriptions.Item label="月租金">{formatFen(rental.monthlyRentFen)}</Descriptions.Item>
        <Descriptions.Item label="月补贴">
          <span data-testid="rental-subsidy">{formatFen(rental.monthlySubsidyFen)}</span>
          {rental.subsidyGroupName ? <Tag style={{ marginLeft: 8 }}>{rental.subsidyGroupName}</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label="本人月付">
          <span data-testid="rental-paid">{formatFen(rental.monthlyPaidFen)}</span>
        </Descriptions.Item>
      </Descriptions>
      <ItemList items={rental.reasons} render={(r) => r} />
    </div>
  );
}

/** 登记租赁: the rent and the subsidy share are those in force on the first day, with the reasons shown. */
function RentCard() {
  const [form] = Form.useForm<Values>();
  const points = useFacilities({ kind: 'rental_point' }, 1, 500);
  const catalogue = useRentalCatalogue();
  const rent = useRentDevice();
  return (
    <Card title="登记辅具租赁" size="small">
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ startedOn: today() }}
        onFinish={(v) => rent.mutate({ pointId: v.pointId ?? 0, personId: v.personId ?? 0, deviceCode: v.deviceCode ?? 'wheelchair', startedOn: (v.startedOn ?? today()).format('YYYY-MM-DD') })}
      >
        <Form.Item name="pointId" label="租赁点" rules={[{ required: true, message: '请选择租赁点' }]}>
          <Select showSearch optionFilterProp="label" loading={points.isPending} options={(points.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} notFoundContent="辖区内没有租赁点" data-testid="rental-point" />
        </Form.Item>
        <Form.Item name="personId" label="租用人" rules={[{ required: true, message: '请选择租用人（输入姓名或身份证号码查找）' }]}>
          <PersonPicker testId="rental-person" />
        </Form.Item>
        <Form.Item name="deviceCode" label="辅具" rules={[{ required: true, message: '请选择辅具' }]}>
          <Select options={(catalogue.data?.devices ?? []).filter((d) => d.offered).map((d) => ({ value: d.code, label: `${d.name}（月租金 ${formatFen(d.monthlyRentFen)}）` }))} data-testid="rental-device" />
        </Form.Item>
        <Form.Item name="startedOn" label="租赁开始日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(today(), 'day')} />
        </Form.Item>
        {rent.error ? (
          <div style={{ marginBottom: 16 }}>
            <ApiErrorNotice error={rent.error} inline />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={rent.isPending} data-testid="rental-submit">
          登记租赁
        </Button>
      </Form>
      {rent.data && !rent.isPending ? <RentResult rental={rent.data} /> : null}
    </Card>
  );
}

function CoverageCard({ division }: { division?: string }) {
  const coverage = useRentalCoverage(division);
  if (coverage.error) return <ApiErrorNotice error={coverage.error} />;
  const c = coverage.data;
  return (
    <Card title="租赁实体点街镇覆盖率（规划指标 8，目标 100%）" size="small" loading={coverage.isPending} data-testid="rental-coverage">
      {c ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            有开放租赁点的街镇 {c.covered} 个 / 街镇（乡）共 {c.streets} 个；在租辅具 {c.openRentals} 件
          </Typography.Text>
          <Progress percent={c.percent ?? 0} format={() => (c.percent === null ? '—' : `${c.percent}%`)} />
          {c.byDistrict.length > 1 ? (
            <Table
              size="small"
              rowKey="districtCode"
              pagination={false}
              dataSource={c.byDistrict}
              columns={[
                { title: '区', dataIndex: 'districtName' },
                { title: '街镇数', dataIndex: 'streets' },
                { title: '已覆盖', dataIndex: 'covered' },
                { title: '覆盖率', key: 'percent', render: (_: unknown, d) => (d.percent === null ? '—' : `${d.percent}%`) },
              ]}
            />
          ) : null}
          {c.uncovered.length ? <Typography.Paragraph type="secondary">尚未覆盖：{c.uncovered.map((s) => s.name).join('、')}</Typography.Paragraph> : null}
        </Space>
      ) : null}
    </Card>
  );
}

function ReturnButton({ rental }: { rental: Rental }) {
  const back = useReturnDevice();
  return (
    <Popconfirm title={`登记 ${rental.personName} 于今天（${todayIso()}）归还${rental.deviceName}？`} okText="登记归还" cancelText="取消" onConfirm={() => back.mutate({ id: rental.id, returnedOn: todayIso() })}>
      <Button size="small" loading={back.isPending} data-testid={`rental-return-${rental.id}`}>
        归还
      </Button>
    </Popconfirm>
  );
}

function RentalsTable({ division, mayRecord }: { division?: string; mayRecord: boolean }) {
  const [open, setOpen] = useState<'open' | 'returned' | 'all'>('open');
  const [page, setPage] = useState(1);
  const openFilter = open === 'all' ? undefined : open === 'open';
  const list = useRentals(division, openFilter, page);
  return (
    <Card
      title="康复辅具租赁台账"
      size="small"
      extra={
        <Space>
          <Radio.Group
            size="small"
            value={open}
            onChange={(e) => {
              setOpen(e.target.value as typeof open);
              setPage(1);
            }}
            options={[
              { value: 'open', label: '在租' },
              { value: 'returned', label: '已归还' },
              { value: 'all', label: '全部' },
            ]}
          />
          <LedgerExportButton path="/eldercare/rentals/export" query={{ divisionCode: division, open: openFilter }} title="康复辅具租赁台账" />
        </Space>
      }
    >
      {list.error ? <ApiErrorNotice error={list.error} /> : null}
      <Table<Rental>
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (t) => `共 ${t} 条` }}
        data-testid="rentals-table"
        columns={[
          { title: '租用人', dataIndex: 'personName' },
          { title: '辅具', dataIndex: 'deviceName' },
          { title: '租赁点', dataIndex: 'pointName' },
          { title: '开始日期', dataIndex: 'startedOn' },
          { title: '月租金', key: 'rent', render: (_: unknown, r) => formatFen(r.monthlyRentFen) },
          { title: '月补贴', key: 'subsidy', render: (_: unknown, r) => `${formatFen(r.monthlySubsidyFen)}（${r.subsidyPercent}%）` },
          { title: '本人月付', key: 'paid', render: (_: unknown, r) => formatFen(r.monthlyPaidFen) },
          { title: '补贴类别', key: 'group', render: (_: unknown, r) => r.subsidyGroupName ?? '不补贴' },
          { title: '归还', key: 'returned', render: (_: unknown, r) => r.returnedOn ?? (mayRecord ? <ReturnButton rental={r} /> : '在租') },
        ]}
      />
    </Card>
  );
}

/** 辅具租赁: the catalogue and its rules, renting and returning (street and district staff, a point's own staff), the ledger, street coverage. */
export default function RentalsPage() {
  const me = useMe();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const division = params.get('division') ?? undefined;
  const mayRecord = can('eldercare.rentals.record') || can('eldercare.operate');
  const mayReadPersons = can('eldercare.persons.read');
  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} xl={8}>
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          {mayRecord ? <RentCard /> : null}
          <CatalogueCard />
        </Space>
      </Col>
      <Col xs={24} xl={16}>
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <DivisionPicker root={me.jurisdiction} value={division} onChange={(code) => setParams(code ? { division: code } : {})} />
          <CoverageCard division={division} />
          {mayReadPersons ? <RentalsTable division={division} mayRecord={mayRecord} /> : null}
        </Space>
      </Col>
    </Row>
  );
}
