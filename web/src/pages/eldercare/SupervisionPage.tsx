import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { CreditTab } from './CreditTab.js';
import { FindingDrawer } from './FindingDrawer.js';
import { FindingsTab } from './FindingsTab.js';
import { GradingDialog } from './GradingDialog.js';
import { GradingsTab } from './GradingsTab.js';
import { InspectionDialog } from './InspectionDialog.js';
import { InspectionsTab } from './InspectionsTab.js';
import { PrepaidDialog } from './PrepaidDialog.js';
import { PrepaidTab } from './PrepaidTab.js';
import { today } from '../../format/dates.js';

/** 监管: inspections and their findings, the rectification loop with its overdue marks, gradings, credit ratings, prepaid-fee risks. */
export default function SupervisionPage() {
  const me = useMe();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'inspections';
  const division = params.get('division') ?? undefined;
  const [finding, setFinding] = useState<number | null>(null);
  const [dialog, setDialog] = useState<'inspection' | 'grading' | 'prepaid' | null>(null);
  const year = Number(params.get('year')) || today().year() - 1;
  const setAll = (values: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(values)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };
  const set = (key: string, value: string | undefined) => setAll({ [key]: value });
  return (
    <Card
      title="养老机构监管"
      extra={
        <Space wrap>
          <DivisionPicker root={me.jurisdiction} value={division} onChange={(code) => set('division', code)} />
          {can('eldercare.supervise') ? (
            <>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('inspection')} data-testid="record-inspection">
                登记检查
              </Button>
              <Button onClick={() => setDialog('grading')} data-testid="record-grading">
                录入年度等级评定
              </Button>
              <Button onClick={() => setDialog('prepaid')} data-testid="record-prepaid">
                录入预收费月报
              </Button>
            </>
          ) : null}
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => set('tab', key === 'inspections' ? undefined : key)}
        destroyOnHidden
        data-testid="supervision-tabs"
        items={[
          { key: 'inspections', label: '检查记录', children: <InspectionsTab key={division} division={division} onOpenFinding={setFinding} /> },
          { key: 'findings', label: '问题与整改', children: <FindingsTab key={division} division={division} onOpenFinding={setFinding} /> },
          { key: 'gradings', label: '等级评定', children: <GradingsTab division={division} year={year} onYear={(y) => set('year', String(y))} /> },
          { key: 'credit', label: '信用评价', children: <CreditTab division={division} /> },
          { key: 'prepaid', label: '预收费风险', children: <PrepaidTab division={division} /> },
        ]}
      />
      <FindingDrawer id={finding} onClose={() => setFinding(null)} />
      {dialog === 'inspection' ? <InspectionDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'grading' ? (
        <GradingDialog
          onClose={() => setDialog(null)}
          onRecorded={(y) => {
            setDialog(null);
            setAll({ tab: 'gradings', year: String(y) });
          }}
        />
      ) : null}
      {dialog === 'prepaid' ? <PrepaidDialog onClose={() => setDialog(null)} /> : null}
    </Card>
  );
}
