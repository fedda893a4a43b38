import { Alert, Card, InputNumber, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client.js';
import { useSpendingCheck } from '../../api/socialorg.js';

/** 慈善活动年度支出和管理费用: the verdict for a year with every value it used, read from the annual reports. */
export function SpendingCheckCard({ organisationId }: { organisationId: number }) {
  const [year, setYear] = useState(new Date().getFullYear() - 1);
  const check = useSpendingCheck(organisationId, year, true);
  return (
    <Card
      title="慈善活动年度支出检查"
      extra={
        <Space>
          年度 <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} />
        </Space>
      }
    >
      {check.error ? <Alert type="info" showIcon title={isApiError(check.error) ? check.error.message : '暂时无法检查'} /> : null}
      {check.data ? (
        <>
          <Tag color={check.data.ok ? 'green' : 'red'}>{check.data.ok ? '符合规定' : '不符合规定'}</Tag>
          {check.data.explanation.map((line) => (
            <Typography.Paragraph key={line} style={{ marginTop: 8, marginBottom: 0 }}>
              {line}
            </Typography.Paragraph>
          ))}
        </>
      ) : null}
    </Card>
  );
}
