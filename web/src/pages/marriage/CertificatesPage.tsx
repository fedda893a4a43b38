import { Button, Card, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { certificate, reissue } from '../../api/marriage.js';
import type { Certificate } from '../../api/marriage-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { todayIso } from '../../format/dates.js';
import { certificateStatus } from './labels.js';

/** 证书查询与补领: by number; a reissue at this office after checking the applicant is a party of the archive. */
export default function CertificatesPage() {
  const [found, setFound] = useState<Certificate | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm();
  const [params, setParams] = useSearchParams();
  const number = params.get('number') ?? '';
  async function run(work: () => Promise<Certificate>) {
    setError(null);
    try {
      setFound(await work());
    } catch (e) {
      setError(e);
    }
  }
  // The number in the address (查看证书 after a registration, or a shared link) is looked up at once.
  useEffect(() => {
    if (!number) return;
    setError(null);
    certificate(number).then(setFound, setError);
  }, [number]);
  return (
    <Card title="证书查询与补领">
      <Typography.Paragraph type="secondary">补领可在任一婚姻登记机关办理：核对申请人为档案当事人后补发（补发结婚证 BJ、补发离婚证 BL），原证书字号作废替代。调取其他机关的档案须说明事由，全程留痕。</Typography.Paragraph>
      <Space.Compact style={{ maxWidth: 480 }}>
        <Input.Search
          key={number}
          defaultValue={number}
          placeholder={`证书字号，如 J310115-${todayIso().slice(0, 4)}-000001`}
          enterButton="查询"
          onSearch={(v) => v.trim() && (v.trim() === number ? run(() => certificate(number)) : setParams({ number: v.trim() }))}
          data-testid="certificate-search"
        />
      </Space.Compact>
      {found ? (
        <Descriptions style={{ marginTop: 16 }} column={1} size="small" bordered data-testid="certificate-found">
          <Descriptions.Item label="字号">{found.number}</Descriptions.Item>
          <Descriptions.Item label="发证机关">{found.officeName}</Descriptions.Item>
          <Descriptions.Item label="发证日期">{found.issuedOn}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <Tag color={found.status === 'valid' ? 'green' : 'default'}>{certificateStatus[found.status] ?? found.status}</Tag>
            {found.supersededBy ? `（新字号 ${found.supersededBy}）` : null}
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      {found?.status === 'valid' ? (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 16 }}
          onFinish={async (v) => {
            await run(() => reissue(found.number, v.idNumber, v.purpose));
            form.resetFields(['idNumber']);
          }}
        >
          <Form.Item name="idNumber" label="申请人身份证号码" rules={[{ required: true, message: '请填写' }]}>
            <Input data-testid="reissue-id" />
          </Form.Item>
          <Form.Item name="purpose" label="事由" initialValue="当事人申请补领" rules={[{ required: true, message: '请填写事由' }]}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="reissue">
            补领
          </Button>
        </Form>
      ) : found ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
          该证书已作废或已被替代，不能以此字号补领。
        </Typography.Paragraph>
      ) : null}
      {error ? <ApiErrorNotice error={error} inline /> : null}
    </Card>
  );
}
