import { Card, Col, InputNumber, Row, Space, Statistic, Table } from 'antd';
import { useState } from 'react';
import { useFigures } from '../../api/marriage.js';
import type { Figures } from '../../api/marriage-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';

/** 婚姻登记统计: no personal data; every role with 统计 reads it. */
export default function FiguresPage() {
  const [year, setYear] = useState(new Date().getFullYear());
  const figures = useFigures(year);
  const f = figures.data;
  return (
    <Card
      title="婚姻登记统计"
      extra={
        <Space>
          <InputNumber value={year} min={1950} max={2100} onChange={(v) => v && setYear(v)} addonBefore="年份" />
          <LedgerExportButton path="/marriage/figures/export" query={{ year }} title="婚姻登记统计表" personal={false} />
        </Space>
      }
    >
      {figures.error ? <ApiErrorNotice error={figures.error} inline /> : null}
      {f ? (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }} data-testid="marriage-figures">
            <Col span={4}>
              <Statistic title="结婚登记" value={f.byMonth.reduce((s, r) => s + r.marriages, 0)} suffix="对" />
            </Col>
            <Col span={4}>
              <Statistic title="协议离婚" value={f.byMonth.reduce((s, r) => s + r.divorcesAgreement, 0)} suffix="对" />
            </Col>
            <Col span={4}>
              <Statistic title="判决离婚" value={f.byMonth.reduce((s, r) => s + r.divorcesCourt, 0)} suffix="对" />
            </Col>
            <Col span={4}>
              <Statistic title="双方均非本市户籍（全国通办）" value={f.nationwideShare.percent} suffix="%" />
            </Col>
            <Col span={4}>
              <Statistic title="初婚平均年龄 男 / 女" value={`${f.meanAgeFirstMarriage.men ?? '—'} / ${f.meanAgeFirstMarriage.women ?? '—'}`} />
            </Col>
            <Col span={4}>
              <Statistic title="冷静期：撤回 / 视为撤回 / 登记" value={`${f.coolingOff.withdrawn} / ${f.coolingOff.deemedWithdrawn} / ${f.coolingOff.registered}`} />
            </Col>
          </Row>
          <Table<Figures['byMonth'][number]>
            size="small"
            rowKey={(r) => `${r.month}-${r.officeId}`}
            dataSource={f.byMonth}
            columns={[
              { title: '月份', dataIndex: 'month' },
              { title: '登记机关', dataIndex: 'officeName' },
              { title: '结婚', dataIndex: 'marriages' },
              { title: '协议离婚', dataIndex: 'divorcesAgreement' },
              { title: '判决离婚', dataIndex: 'divorcesCourt' },
            ]}
          />
        </>
      ) : null}
    </Card>
  );
}
