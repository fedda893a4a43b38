import { App, DatePicker, Form, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useAdmit, useFreeBeds } from '../../api/eldercare.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { PersonPicker } from '../../components/PersonPicker.js';

interface Values {
  personId?: number;
  bedId?: number;
  admittedOn: Dayjs;
}

/**
 * 办理入住 on a bed outside the waitlist: a basic-guarantee bed is only entered through an accepted waitlist
 * offer, so those beds are not offered here (the dialog says so, the server refuses them too).
 */
export function AdmitDialog({ facilityId, onClose }: { facilityId: number; onClose(): void }) {
  const { message } = App.useApp();
  const beds = useFreeBeds(facilityId, true);
  const admit = useAdmit(facilityId);
  const [form] = Form.useForm<Values>();
  const open = (beds.data ?? []).filter((b) => !b.basicGuarantee);
  const basicFree = (beds.data ?? []).length - open.length;
  return (
    <Modal
      open
      title="办理入住"
      okText="确认入住"
      cancelText="取消"
      confirmLoading={admit.isPending}
      okButtonProps={{ disabled: beds.isSuccess && open.length === 0, 'data-testid': 'admit-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        用于非保基本床位（自费入住）。保基本床位须经统筹轮候分配，由轮候老人在床位通知中接受后入住，不在此办理
        {basicFree > 0 ? `（本机构另有 ${basicFree} 张空余保基本床位）` : ''}。
      </Typography.Paragraph>
      {beds.error ? <ApiErrorNotice error={beds.error} inline /> : null}
      {beds.isSuccess && open.length === 0 ? <Typography.Paragraph type="warning">本机构当前没有空余的非保基本床位，不能办理入住。</Typography.Paragraph> : null}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ admittedOn: dayjs() }}
        onFinish={(v) =>
          admit.mutate(
            { personId: v.personId ?? 0, bedId: v.bedId ?? 0, admittedOn: v.admittedOn.format('YYYY-MM-DD') },
            {
              onSuccess: (stay) => {
                void message.success(`已办理入住：${stay.personName}，床位 ${stay.bedLabel}`);
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="personId" label="老人" rules={[{ required: true, message: '请选择老人（输入姓名或身份证号码查找）' }]}>
          <PersonPicker testId="admit-person" />
        </Form.Item>
        <Form.Item name="bedId" label="床位" rules={[{ required: true, message: '请选择床位' }]}>
          <Select loading={beds.isPending} placeholder="选择空余床位" options={open.map((b) => ({ value: b.id, label: `${b.label}（${b.bedTypeName}）` }))} showSearch optionFilterProp="label" data-testid="admit-bed" />
        </Form.Item>
        <Form.Item name="admittedOn" label="入住日期" rules={[{ required: true, message: '请选择入住日期' }]}>
          <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </Form>
      {admit.error ? <ApiErrorNotice error={admit.error} inline /> : null}
    </Modal>
  );
}
