import { App, Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import { useStep } from '../../api/socialorg.js';
import type { Organisation, StepInput } from '../../api/socialorg-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { revocationLabels } from '../../format/socialorg-labels.js';

export const STEP_LABELS: Record<string, string> = {
  prepare_apply: '申请筹备',
  prepare_approve: '准予筹备',
  establish_apply: '申请成立登记',
  establish: '准予成立登记（发证）',
  reject: '不予登记',
  change: '变更登记',
  liquidate: '开始清算',
  deregister: '注销登记',
  revoke: '撤销登记',
  charity_recognise: '认定为慈善组织',
  charity_withdraw: '撤销慈善组织认定',
  fundraising_grant: '准予公开募捐资格',
  charity_apply: '受理慈善组织认定申请',
  charity_refuse: '不予认定为慈善组织',
  fundraising_apply: '受理公开募捐资格申请',
  fundraising_refuse: '不予公开募捐资格',
};

/** What each step needs, said before the click. */
export const STEP_RULES: Record<string, string> = {
  prepare_apply: '社会团体须先经批准筹备；登记管理机关自收到全部文件之日起60日内作出决定（《社会团体登记管理条例》第十二条）。',
  prepare_approve: '筹备期自批准之日起计算，期满未申请成立登记的须重新申请。',
  establish_apply: '成立条件：社团须有50个以上个人会员或30个以上单位会员、活动资金3万元以上；社会服务机构开办资金市级10万元以上、住所使用权1年以上；基金会原始基金非公募200万元、地方公募400万元以上；双重管理的须经业务主管单位同意。',
  establish: '统一社会信用代码第1位为5（民政），第2位为类型（1社团、2社服、3基金会），第3–8位为登记管理机关的行政区划码；代码终身不变。',
  reject: '不予登记须书面说明理由。',
  change: '变更名称须重新符合名称规则；区级登记的组织住所不得迁往他区。',
  liquidate: '注销前须在业务主管单位和登记管理机关指导下成立清算组织完成清算。',
  deregister: '清算结束后办理注销登记，缴回登记证书和印章。',
  revoke: '撤销登记的组织列入严重违法失信名单（民政部令第60号）。',
  charity_recognise: '认定为慈善组织后方可申请公开募捐资格；新登记时即为慈善组织的可直接认定。',
  charity_apply: '《慈善法》第十条：自受理之日起20日内作出决定（按工作日计，跳过节假日），期限显示在档案上。',
  charity_refuse: '不予认定须书面说明理由（《慈善法》第十条）。',
  fundraising_apply: '《慈善法》第二十二条：登记或认定为慈善组织满一年方可申请；自受理之日起20日内（工作日）作出决定。',
  fundraising_refuse: '不予公开募捐资格须书面说明理由。',
  charity_withdraw: '撤销认定须书面说明理由，公开募捐资格随之终止。',
  fundraising_grant: '《慈善法》第二十二条：登记或认定为慈善组织满一年的方可取得公开募捐资格。',
};

interface Values {
  reason?: string;
  individualMembers?: number;
  unitMembers?: number;
  fundsYuan?: number;
  premisesKind?: 'owned' | 'use_right';
  premisesMonths?: number;
  supervisorConsent?: boolean;
  creditCode?: string;
  name?: string;
  revocationReason?: string;
}

export function StepDialog({ org, action, onClose }: { org: Organisation; action: string; onClose: () => void }) {
  const { message } = App.useApp();
  const step = useStep(org.id);
  const [form] = Form.useForm<Values>();
  async function submit(v: Values) {
    const body: StepInput = { version: org.version, reason: v.reason ?? null, requestKey: `${action}-${org.id}-${org.version}` };
    if (action === 'establish_apply') {
      body.establishment = {
        individualMembers: v.individualMembers ?? 0,
        unitMembers: v.unitMembers ?? 0,
        fundsFen: Math.round((v.fundsYuan ?? 0) * 100),
        premises: v.premisesKind ? { kind: v.premisesKind, months: v.premisesMonths ?? 0 } : null,
        supervisorConsent: v.supervisorConsent ?? false,
      };
    }
    if (action === 'establish') body.creditCode = v.creditCode?.trim();
    if (action === 'change') body.change = { name: v.name?.trim() };
    if (action === 'revoke') body.revocationReason = v.revocationReason as StepInput['revocationReason'];
    await step.mutateAsync({ action, body });
    void message.success(`已办理：${STEP_LABELS[action]}`);
    onClose();
  }
  return (
    <Modal open title={STEP_LABELS[action]} okText="确认办理" cancelText="取消" onOk={() => form.submit()} confirmLoading={step.isPending} onCancel={onClose} width={600}>
      <Typography.Paragraph type="secondary">{STEP_RULES[action]}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ premisesKind: 'owned', supervisorConsent: org.mode === 'direct' ? false : undefined, name: org.name }}>
        {action === 'establish_apply' ? (
          <>
            {org.orgType === 'social_group' ? (
              <>
                <Form.Item name="individualMembers" label="个人会员数">
                  <InputNumber min={0} style={{ width: 200 }} />
                </Form.Item>
                <Form.Item name="unitMembers" label="单位会员数">
                  <InputNumber min={0} style={{ width: 200 }} />
                </Form.Item>
              </>
            ) : null}
            <Form.Item name="fundsYuan" label={org.orgType === 'foundation' ? '原始基金（元）' : org.orgType === 'social_group' ? '活动资金（元）' : '开办资金（元）'} rules={[{ required: true, message: '请填写资金' }]}>
              <InputNumber min={0} precision={2} style={{ width: 200 }} data-testid="step-funds" />
            </Form.Item>
            <Form.Item name="premisesKind" label="住所">
              <Radio.Group
                options={[
                  { value: 'owned', label: '产权证明' },
                  { value: 'use_right', label: '使用权证明' },
                ]}
              />
            </Form.Item>
            <Form.Item name="premisesMonths" label="使用权期限（月，使用权证明时填写）">
              <InputNumber min={0} style={{ width: 200 }} />
            </Form.Item>
            {org.mode === 'dual' ? (
              <Form.Item name="supervisorConsent" valuePropName="checked">
                <Checkbox>业务主管单位（{org.supervisorUnit}）已同意</Checkbox>
              </Form.Item>
            ) : null}
          </>
        ) : null}
        {action === 'establish' ? (
          <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, len: 18, message: '请填写18位统一社会信用代码' }]}>
            <Input maxLength={18} data-testid="step-credit-code" />
          </Form.Item>
        ) : null}
        {action === 'change' ? (
          <Form.Item name="name" label="新名称" rules={[{ required: true }]}>
            <Input maxLength={50} />
          </Form.Item>
        ) : null}
        {action === 'revoke' ? (
          <Form.Item name="revocationReason" label="撤销理由" rules={[{ required: true, message: '请选择撤销理由' }]}>
            <Select options={Object.entries(revocationLabels).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        ) : null}
        <Form.Item name="reason" label="说明" rules={['reject', 'charity_withdraw', 'charity_refuse', 'fundraising_refuse'].includes(action) ? [{ required: true, message: '须书面说明理由' }] : []}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
      {step.error ? <ApiErrorNotice error={step.error} inline /> : null}
    </Modal>
  );
}
