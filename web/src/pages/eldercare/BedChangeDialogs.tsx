import { App, Form, Modal } from 'antd';
import { useAddBeds, useSetPrices } from '../../api/eldercare-manage.js';
import type { Facility } from '../../api/eldercare-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { BedRows, PriceRows, toBeds, toPrices, type BedRowValues, type PriceRowValues } from './BedFormRows.js';

/** 增加床位: new licensed beds in batches; basic-guarantee ones go to the pooled waitlist at once. */
export function AddBedsDialog({ facility, onClose }: { facility: Facility; onClose(): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ beds?: BedRowValues[] }>();
  const add = useAddBeds(facility.id);
  return (
    <Modal open width={720} title={`增加核定床位：${facility.name}`} okText="增加" cancelText="取消" confirmLoading={add.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ beds: [{ basicGuarantee: false }] }}
        onFinish={(v) =>
          add.mutate(toBeds(v.beds), {
            onSuccess: (f) => {
              void message.success(`已增加床位，现核定床位 ${f.totalBeds.licensed} 张`);
              onClose();
            },
          })
        }
      >
        <BedRows required />
      </Form>
      {add.error ? <ApiErrorNotice error={add.error} inline /> : null}
    </Modal>
  );
}

/** Fen back to the yuan text the form edits, by digits (prices are never negative). */
const yuanText = (fen: number | null | undefined) => (fen === null || fen === undefined ? undefined : `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`);

/** 设置收费标准: the monthly price of each bed type; a type left out keeps its price. */
export function PricesDialog({ facility, onClose }: { facility: Facility; onClose(): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ prices?: PriceRowValues[] }>();
  const set = useSetPrices(facility.id);
  const current: PriceRowValues[] = facility.prices.map((p) => ({ bedType: p.bedType, monthlyYuan: yuanText(p.monthlyPriceFen), basicGuaranteeYuan: yuanText(p.basicGuaranteePriceFen) }));
  return (
    <Modal open width={720} title={`设置收费标准：${facility.name}`} okText="保存" cancelText="取消" confirmLoading={set.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ prices: current.length ? current : [{}] }}
        onFinish={(v) =>
          set.mutate(toPrices(v.prices), {
            onSuccess: () => {
              void message.success('收费标准已保存');
              onClose();
            },
          })
        }
      >
        <PriceRows required />
      </Form>
      {set.error ? <ApiErrorNotice error={set.error} inline /> : null}
    </Modal>
  );
}
