import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useFacilities } from '../../api/eldercare.js';
import { useRecordInspection } from '../../api/eldercare-supervision.js';
import type { FindingCategory, InspectionKind, Severity } from '../../api/eldercare-supervision-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { findingCategoryLabels, inspectionKindLabels, severityLabels } from '../../format/eldercare-labels.js';
import { today } from '../../format/dates.js';

interface Values {
  facilityId?: number;
  inspectedOn?: Dayjs;
  kind?: InspectionKind;
  campaign?: string;
  inspectors?: string;
  summary?: string;
  findings?: { category?: FindingCategory; severity?: Severity; description?: string; deadline?: Dayjs }[];
}

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, text]) => ({ value, label: text }));

/**
 * 登记检查: the inspection and each finding with its deadline (blank: the deadline the severity sets). The request
 * id is made when the dialog opens, so a retried submission after a lost answer records nothing twice.
 */
export function InspectionDialog({ onClose }: { onClose(): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [requestId] = useState(() => crypto.randomUUID());
  const facilities = useFacilities({}, 1, 500);
  const record = useRecordInspection();
  function submit(v: Values) {
    record.mutate(
      {
        requestId,
        facilityId: v.facilityId ?? 0,
        inspectedOn: (v.inspectedOn ?? today()).format('YYYY-MM-DD'),
        kind: v.kind ?? 'routine',
        campaign: v.campaign?.trim() || null,
        inspectors: (v.inspectors ?? '').trim(),
        summary: v.summary?.trim() || undefined,
        findings: (v.findings ?? []).map((f) => ({ category: f.category ?? 'other', severity: f.severity ?? 'minor', description: (f.description ?? '').trim(), deadline: f.deadline?.format('YYYY-MM-DD') ?? null })),
      },
      {
        onSuccess: (inspection) => {
          void message.success(`已登记检查：${inspection.facilityName}，发现问题 ${inspection.findings.length} 项`);
          onClose();
        },
      },
    );
  }
  return (
    <Modal open width={880} title="登记监督检查" okText="登记" cancelText="取消" confirmLoading={record.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" initialValues={{ inspectedOn: today(), kind: 'routine', findings: [] }} onFinish={submit}>
        <Form.Item name="facilityId" label="被检查机构" rules={[{ required: true, message: '请选择机构' }]}>
          <Select showSearch optionFilterProp="label" loading={facilities.isPending} options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))} data-testid="inspection-facility" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="inspectedOn" label="检查日期" rules={[{ required: true, message: '请选择检查日期' }]}>
            <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(today(), 'day')} />
          </Form.Item>
          <Form.Item name="kind" label="检查类型" rules={[{ required: true }]}>
            <Select style={{ width: 160 }} options={options(inspectionKindLabels)} />
          </Form.Item>
          <Form.Item name="campaign" label="专项行动">
            <Input maxLength={200} placeholder="如“1+6”专项行动" style={{ width: 240 }} />
          </Form.Item>
        </Space>
        <Form.Item name="inspectors" label="检查人员" rules={[{ required: true, whitespace: true, message: '请填写检查人员' }]}>
          <Input maxLength={200} data-testid="inspection-inspectors" />
        </Form.Item>
        <Form.Item name="summary" label="检查情况">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.List name="findings">
          {(fields, { add, remove }) => (
            <Form.Item label="发现的问题（逐项限期整改）">
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 8 }}>
                  <Form.Item name={[field.name, 'category']} rules={[{ required: true, message: '类别' }]} noStyle>
                    <Select placeholder="类别" style={{ width: 120 }} options={options(findingCategoryLabels)} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'severity']} rules={[{ required: true, message: '等级' }]} noStyle>
                    <Select placeholder="等级" style={{ width: 120 }} options={options(severityLabels)} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'description']} rules={[{ required: true, whitespace: true, message: '请描述问题' }]} noStyle>
                    <Input placeholder="问题描述" maxLength={2000} style={{ width: 300 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'deadline']} noStyle>
                    <DatePicker placeholder="整改期限（默认按等级）" disabledDate={(d) => d.isBefore(today(), 'day')} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ severity: 'minor' })} data-testid="inspection-add-finding">
                添加问题
              </Button>
            </Form.Item>
          )}
        </Form.List>
      </Form>
      {record.error ? <ApiErrorNotice error={record.error} inline /> : null}
    </Modal>
  );
}
