import { App, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { usePublicNameCheck, useApproveName } from '../../api/socialorg.js';
import type { NameApplication } from '../../api/socialorg-types.js';
import { useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { directCategoryLabels, orgTypeLabels } from '../../format/socialorg-labels.js';

/** 名称核准: the name rules are checked as the registrar types; approval opens the organisation's file. */
export function NameApprovalDialog({ onClose }: { onClose: () => void }) {
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const approve = useApproveName();
  const check = usePublicNameCheck();
  const [form] = Form.useForm<NameApplication>();
  const city = me.jurisdiction === '310000000000';
  const mode = Form.useWatch('mode', form);
  const orgType = Form.useWatch('orgType', form);
  async function submit(values: NameApplication) {
    const org = await approve.mutateAsync({ ...values, level: city ? 'city' : 'district' });
    void message.success(`名称“${org.name}”已核准`);
    onClose();
    navigate(`/socialorg/organisations/${org.id}`);
  }
  async function precheck() {
    const values = form.getFieldsValue();
    if (values.name && values.orgType && values.divisionCode && values.mode) await check.mutateAsync({ ...values, level: city ? 'city' : 'district' });
  }
  return (
    <Modal open title="名称核准（建立登记档案）" okText="核准名称" cancelText="取消" onOk={() => form.submit()} confirmLoading={approve.isPending} onCancel={onClose} width={640}>
      <Typography.Paragraph type="secondary">
        名称须符合《社会组织名称管理办法》：本市登记的社会组织不得使用“中国”“全国”“中华”；社会服务机构名称依次为行政区划、字号、行（事）业领域、组织形式；组织形式用语须与类型一致；同一登记管理机关辖区内不得有相同或相近的名称。基金会只能由市民政局登记。
      </Typography.Paragraph>
      <Form<NameApplication>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ orgType: 'social_service', mode: 'direct', directCategory: 'community', divisionCode: me.jurisdiction.startsWith('3101') ? me.jurisdiction.slice(0, 6) + '004000' : '' }}
        onBlur={() => void precheck()}
      >
        <Form.Item name="orgType" label="类型" rules={[{ required: true }]}>
          <Radio.Group
            options={Object.entries(orgTypeLabels)
              .filter(([v]) => city || v !== 'foundation')
              .map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="name" label="拟用名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input maxLength={50} placeholder="例如：浦东新区惠民社会工作服务中心" data-testid="socialorg-name" />
        </Form.Item>
        <Form.Item name="divisionCode" label="住所所在街镇（12位区划代码）" rules={[{ required: true, pattern: /^\d{12}$/, message: '请填写12位区划代码' }]}>
          <Input maxLength={12} data-testid="socialorg-division" />
        </Form.Item>
        <Form.Item name="mode" label="管理方式" rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'direct', label: '直接登记' },
              { value: 'dual', label: '双重管理（须业务主管单位同意）' },
            ]}
          />
        </Form.Item>
        {mode === 'dual' ? (
          <Form.Item name="supervisorUnit" label="业务主管单位" rules={[{ required: true, message: '请填写业务主管单位' }]}>
            <Input maxLength={100} />
          </Form.Item>
        ) : (
          <Form.Item name="directCategory" label="直接登记类别（沪民规〔2024〕5号）" rules={[{ required: true }]}>
            <Select options={Object.entries(directCategoryLabels).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        )}
        {orgType === 'foundation' ? (
          <Form.Item name="foundationKind" label="公募或非公募" rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'public', label: '公募' },
                { value: 'non_public', label: '非公募' },
              ]}
            />
          </Form.Item>
        ) : null}
      </Form>
      {check.data && !check.data.acceptable ? (
        <Typography.Paragraph type="danger" data-testid="name-problems">
          {check.data.problems.map((p) => p.message).join('；')}
        </Typography.Paragraph>
      ) : null}
      {approve.error ? <ApiErrorNotice error={approve.error} inline /> : null}
    </Modal>
  );
}
