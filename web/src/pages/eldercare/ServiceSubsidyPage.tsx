import { Alert, Card, Col, Descriptions, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useEldercareSettings } from '../../api/eldercare.js';
import { useServiceSubsidy } from '../../api/eldercare-subsidy.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { ItemList } from '../../components/ItemList.js';
import { PersonPicker } from '../../components/PersonPicker.js';
import { formatFen } from '../../format/money.js';

const BANDS = [
  { band: 'level1', name: '照护一级' },
  { band: 'level2to4', name: '照护二至四级' },
  { band: 'level5to6', name: '照护五至六级' },
] as const;

/** The amounts in force today by level band and household status, with whether each is verified: read before any person is looked up. */
function RulesCard() {
  const settings = useEldercareSettings();
  if (settings.error) return <ApiErrorNotice error={settings.error} />;
  const byName = new Map((settings.data ?? []).map((s) => [s.name, s]));
  const cell = (name: string) => {
    const s = byName.get(name);
    if (!s) return '—';
    return (
      <Space size={4}>
        {formatFen(s.current.value as number)}
        {s.current.verified ? null : <Tag color="orange">待核实</Tag>}
      </Space>
    );
  };
  const minAge = byName.get('serviceSubsidy.minAge')?.current.value;
  return (
    <Card title="养老服务补贴标准（每月）" size="small" loading={settings.isPending} data-testid="subsidy-rules">
      <Table
        size="small"
        pagination={false}
        rowKey="band"
        dataSource={[...BANDS]}
        columns={[
          { title: '照护等级', dataIndex: 'name' },
          { title: '低保家庭', key: 'dibao', render: (_: unknown, b) => cell(`serviceSubsidy.dibao.${b.band}`) },
          { title: '低收入家庭', key: 'lowIncome', render: (_: unknown, b) => cell(`serviceSubsidy.lowIncome.${b.band}`) },
        ]}
      />
      <ItemList
        items={[
          `年满 ${typeof minAge === 'number' ? minAge : 60} 周岁，家庭在低保或低收入在册名单内，且持有效的老年照护统一需求评估结论（照护一至六级）`,
          '同时在低保和低收入名单的，按低保标准；特困人员由特困供养提供照料护理，不在此列',
          '补贴以服务时数或服务券形式支付给提供服务的机构，不发现金',
          '标准按当日有效的参数核定；标“待核实”的为配置值，来源见参数页',
        ]}
        render={(r) => r}
      />
    </Card>
  );
}

/** 养老服务补贴: the standard, and a person's entitlement today with its reasons. */
export default function ServiceSubsidyPage() {
  const { can } = useAuth();
  const [personId, setPersonId] = useState<number | undefined>();
  const subsidy = useServiceSubsidy(personId);
  const mayRead = can('eldercare.persons.read');
  const s = subsidy.data;
  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} xl={10}>
        <RulesCard />
      </Col>
      <Col xs={24} xl={14}>
        <Card title="某位老人的养老服务补贴" size="small">
          {mayRead ? (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <PersonPicker value={personId} onChange={(id) => setPersonId(id ?? undefined)} placeholder="输入姓名或身份证号码查找老人" testId="subsidy-person" />
              {subsidy.error ? <ApiErrorNotice error={subsidy.error} inline /> : null}
              {s ? (
                <div data-testid="subsidy-result">
                  <Alert
                    type={s.eligible ? 'success' : 'info'}
                    showIcon
                    style={{ marginBottom: 12 }}
                    title={s.eligible ? `${s.personName}：每月 ${formatFen(s.monthlyFen)}（${s.statusName}，${s.bandName}）` : `${s.personName}：当前不享受养老服务补贴`}
                  />
                  <Descriptions column={1} size="small" bordered>
                    <Descriptions.Item label="核定日期">{s.on}</Descriptions.Item>
                    <Descriptions.Item label="有效评估">{s.assessment ? `照护${'零一二三四五六'[s.assessment.level]}级（${s.assessment.assessedOn} 评估，有效期至 ${s.assessment.validUntil}）` : '无'}</Descriptions.Item>
                  </Descriptions>
                  <ItemList items={s.reasons} render={(r) => r} />
                  <Typography.Paragraph type="secondary">
                    所用参数：
                    {s.settings.map((p) => `${p.label}（${p.from} 起${p.verified ? '' : '，待核实'}）`).join('；')}
                  </Typography.Paragraph>
                </div>
              ) : (
                <Empty description="选择一位老人，查看其是否享受养老服务补贴及理由" />
              )}
            </Space>
          ) : (
            <Typography.Paragraph type="secondary">您的角色不能查看个人的补贴核定，可查看左侧的补贴标准。</Typography.Paragraph>
          )}
        </Card>
      </Col>
    </Row>
  );
}
