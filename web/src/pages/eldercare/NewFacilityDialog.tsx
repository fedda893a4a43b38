import { App, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useCreateFacility } from '../../api/eldercare-manage.js';
import type { FacilityKind, NewFacilityInput, Ownership } from '../../api/eldercare-types.js';
import { useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { facilityKindLabels, ownershipLabels } from '../../format/eldercare-labels.js';
import { BedRows, PriceRows, toBeds, toPrices, type BedRowValues, type PriceRowValues } from './BedFormRows.js';
import { fenOf, yuanRule } from './money-field.js';

interface Values {
  kind?: FacilityKind;
  name?: string;
  ownership?: Ownership;
  organisationId?: number | null;
  address?: string;
  divisionCode?: string;
  mealYuan?: string;
  dayCarePlaces?: number | null;
  beds?: BedRowValues[];
  prices?: PriceRowValues[];
}

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, text]) => ({ value, label: text }));
const hasBeds = (kind?: FacilityKind) => kind === 'institution' || kind === 'family_bed_station';

/** A district code (6 digits then zeros) is not a service address: facilities sit in a street or a committee. */
const divisionRule = { validator: (_: unknown, code?: string) => (code?.slice(6, 9) !== '000' ? Promise.resolve() : Promise.reject(new Error('请选择街道（乡镇）或居（村）委会'))) };

/** 登记设施: the facility and, for an institution or station, its licensed beds and prices; opens it afterwards. */
export function NewFacilityDialog({ onClose }: { onClose(): void }) {
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const create = useCreateFacility();

  function submit(v: Values) {
    const input: NewFacilityInput = {
      kind: v.kind ?? 'institution',
      name: (v.name ?? '').trim(),
      ownership: v.ownership ?? 'public',
      // Blank fields are left out, not sent as null: the server's body coercion reads a null integer as 0.
      organisationId: v.organisationId ?? undefined,
      address: v.address?.trim() || undefined,
      divisionCode: v.divisionCode ?? '',
      mealPriceFen: v.kind === 'meal_point' ? (fenOf(v.mealYuan) ?? undefined) : undefined,
      dayCarePlaces: v.kind === 'day_care' || v.kind === 'community_centre' ? (v.dayCarePlaces ?? undefined) : undefined,
      beds: hasBeds(v.kind) ? toBeds(v.beds) : undefined,
      prices: hasBeds(v.kind) ? toPrices(v.prices) : undefined,
    };
    create.mutate(input, {
      onSuccess: (facility) => {
        void message.success(`已登记：${facility.name}`);
        onClose();
        navigate(`/eldercare/facilities/${facility.id}`);
      },
    });
  }

  return (
    <Modal open width={880} title="登记养老服务设施" okText="登记" cancelText="取消" confirmLoading={create.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" initialValues={{ kind: 'institution', ownership: 'public', beds: [], prices: [] }} onFinish={submit}>
        <Space wrap>
          <Form.Item name="kind" label="设施类型" rules={[{ required: true, message: '请选择设施类型' }]}>
            <Select style={{ width: 220 }} options={options(facilityKindLabels)} data-testid="facility-new-kind" />
          </Form.Item>
          <Form.Item name="ownership" label="举办性质" rules={[{ required: true, message: '请选择举办性质' }]}>
            <Select style={{ width: 140 }} options={options(ownershipLabels)} data-testid="facility-new-ownership" />
          </Form.Item>
          <Form.Item name="organisationId" label="运营机构登记编号（可不填）">
            <InputNumber min={1} precision={0} style={{ width: 200 }} data-testid="facility-new-organisation" />
          </Form.Item>
        </Space>
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input maxLength={200} data-testid="facility-new-name" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="divisionCode" label="所在街道（乡镇）或居（村）委会" rules={[{ required: true, message: '请选择所在区划' }, divisionRule]}>
            <DivisionPicker root={me.jurisdiction} placeholder="选择街道或居委会" testId="facility-new-division" />
          </Form.Item>
          <Form.Item name="address" label="地址">
            <Input maxLength={300} style={{ width: 420 }} data-testid="facility-new-address" />
          </Form.Item>
        </Space>
        {kind === 'meal_point' ? (
          <Form.Item name="mealYuan" label="每餐标准价格（元）" rules={[{ required: true, whitespace: true, message: '长者食堂须登记每餐价格' }, yuanRule('每餐价格')]}>
            <Input suffix="元" style={{ width: 200 }} data-testid="facility-new-meal-price" />
          </Form.Item>
        ) : null}
        {kind === 'day_care' || kind === 'community_centre' ? (
          <Form.Item name="dayCarePlaces" label="日间照护名额">
            <InputNumber min={0} precision={0} style={{ width: 200 }} data-testid="facility-new-day-care" />
          </Form.Item>
        ) : null}
        {hasBeds(kind) ? (
          <>
            <BedRows />
            <PriceRows />
          </>
        ) : null}
      </Form>
      {create.error ? <ApiErrorNotice error={create.error} inline /> : null}
    </Modal>
  );
}
