import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form, Input, InputNumber, Select, Space } from 'antd';
import type { BedBatch, BedPrice, BedType } from '../../api/eldercare-types.js';
import { bedTypeLabels, bedTypes } from '../../format/eldercare-labels.js';
import { fenOf, yuanRule } from './money-field.js';

export interface BedRowValues {
  bedType?: BedType;
  count?: number | null;
  basicGuarantee?: boolean;
}

export interface PriceRowValues {
  bedType?: BedType;
  monthlyYuan?: string;
  basicGuaranteeYuan?: string;
}

// Built when rendered: the labels arrive from the server after this module loads.
const bedTypeOptions = () => bedTypes().map((t) => ({ value: t, label: bedTypeLabels[t] }));

export const toBeds = (rows: BedRowValues[] = []): BedBatch[] => rows.map((r) => ({ bedType: r.bedType ?? 'nursing', count: r.count ?? 0, basicGuarantee: r.basicGuarantee === true }));

/** A blank basic-guarantee price is left out rather than sent as null, which the server's body coercion would read as 0. */
export const toPrices = (rows: PriceRowValues[] = []): BedPrice[] => rows.map((r) => ({ bedType: r.bedType ?? 'nursing', monthlyPriceFen: fenOf(r.monthlyYuan) ?? 0, basicGuaranteePriceFen: fenOf(r.basicGuaranteeYuan) ?? undefined }));

/** 核定床位 rows: each a batch of one bed type, either basic-guarantee (allocated by the pooled waitlist) or not. */
export function BedRows({ required = false }: { required?: boolean }) {
  return (
    <Form.List
      name="beds"
      rules={[
        {
          validator: async (_, rows?: unknown[]) => {
            if (required && !rows?.length) throw new Error('请至少添加一行床位');
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label="核定床位（按类型分批，保基本床位经统筹轮候分配）">
          {fields.map((field) => (
            <Space key={field.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 8 }}>
              <Form.Item name={[field.name, 'bedType']} rules={[{ required: true, message: '请选择床位类型' }]} noStyle>
                <Select placeholder="床位类型" style={{ width: 180 }} options={bedTypeOptions()} data-testid={`bed-type-${field.name}`} />
              </Form.Item>
              <Form.Item name={[field.name, 'count']} rules={[{ required: true, message: '请填写床位数' }]} noStyle>
                <InputNumber min={1} max={5000} precision={0} placeholder="张数" style={{ width: 120 }} data-testid={`bed-count-${field.name}`} />
              </Form.Item>
              <Form.Item name={[field.name, 'basicGuarantee']} valuePropName="checked" noStyle>
                <Checkbox data-testid={`bed-basic-${field.name}`}>保基本床位</Checkbox>
              </Form.Item>
              <MinusCircleOutlined onClick={() => remove(field.name)} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ basicGuarantee: false })} data-testid="add-bed-row">
            添加床位
          </Button>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}

/** 收费标准 rows: one monthly price per bed type, in yuan; the basic-guarantee price is set where it differs. */
export function PriceRows({ required = false }: { required?: boolean }) {
  const check = async (_: unknown, rows?: PriceRowValues[]) => {
    if (required && !rows?.length) throw new Error('请至少填写一种床位的收费标准');
    const types = (rows ?? []).map((r) => r?.bedType).filter(Boolean);
    if (new Set(types).size !== types.length) throw new Error('每种床位只填一行收费标准');
  };
  return (
    <Form.List name="prices" rules={[{ validator: check }]}>
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label="收费标准（元/月）">
          {fields.map((field) => (
            <Space key={field.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 8 }}>
              <Form.Item name={[field.name, 'bedType']} rules={[{ required: true, message: '请选择床位类型' }]} noStyle>
                <Select placeholder="床位类型" style={{ width: 180 }} options={bedTypeOptions()} data-testid={`price-type-${field.name}`} />
              </Form.Item>
              <Form.Item name={[field.name, 'monthlyYuan']} rules={[{ required: true, whitespace: true, message: '请填写月收费' }, yuanRule('月收费')]}>
                <Input placeholder="月收费（元）" suffix="元" style={{ width: 160 }} data-testid={`price-monthly-${field.name}`} />
              </Form.Item>
              <Form.Item name={[field.name, 'basicGuaranteeYuan']} rules={[yuanRule('保基本床位收费')]}>
                <Input placeholder="保基本床位收费（可不填）" suffix="元" style={{ width: 220 }} data-testid={`price-basic-${field.name}`} />
              </Form.Item>
              <MinusCircleOutlined onClick={() => remove(field.name)} />
            </Space>
          ))}
          {fields.length < bedTypes().length ? (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} data-testid="add-price-row">
              添加收费标准
            </Button>
          ) : null}
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}
