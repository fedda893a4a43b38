import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { applyForAssistance, useHouseholdCases } from '../api/assistance.js';
import { isApiError } from '../api/client.js';
import type { AssistanceProgramme, CaseSummary } from '../api/assistance-types.js';
import type { Household } from '../api/types.js';
import { useAuth } from '../auth/AuthContext.js';
import { assistanceProgrammeLabels, relationLabels, label } from '../format/labels.js';
import { ApiErrorNotice } from './ApiErrorNotice.js';

/** Cash programmes pay into a bank account, so the application needs one. */
const CASH: AssistanceProgramme[] = ['dibao', 'destitute', 'temporary'];

interface Values {
  programme: AssistanceProgramme;
  applicantPersonId: number;
  beneficiaryPersonId?: number;
  reason: string;
  holderName?: string;
  bankName?: string;
  accountNo?: string;
}

function ApplyDialog({ household, onClose }: { household: Household; onClose(): void }) {
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const programme = Form.useWatch('programme', form);
  const beneficiary = Form.useWatch('beneficiaryPersonId', form);
  const cases = useHouseholdCases(household.id, true);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const members = household.members.filter((m) => !m.until && !m.deathDate);
  const head = members.find((m) => m.relation === 'head') ?? members[0];

  async function submit(v: Values) {
    setSaving(true);
    setError(null);
    try {
      const created = await applyForAssistance({
        programme: v.programme,
        householdId: household.id,
        applicantPersonId: v.applicantPersonId,
        beneficiaryPersonId: v.programme === 'destitute' ? v.beneficiaryPersonId : undefined,
        reason: v.reason.trim(),
        bankAccount: CASH.includes(v.programme) ? { holderName: (v.holderName ?? '').trim(), bankName: (v.bankName ?? '').trim(), accountNo: (v.accountNo ?? '').trim() } : undefined,
      });
      navigate(`/assistance/cases/${created.id}`);
    } catch (failure) {
      setError(failure);
      setSaving(false);
    }
  }

  // One open case per household, programme (and, for 特困, beneficiary): re-applying goes to that case instead.
  const openCase: CaseSummary | undefined = (cases.data?.items ?? []).find((c) => c.open && c.programme === programme && (programme === 'destitute' ? c.beneficiaryPersonId === (beneficiary ?? null) : c.beneficiaryPersonId === null));
  // Two caseworkers at once: the server's refusal names the case it found.
  const refusedFor = isApiError(error) && error.code === 'ASSISTANCE_CASE_ALREADY_OPEN' ? Number(/案件 (\d+)/.exec(error.message)?.[1]) || null : null;
  const memberOptions = members.map((m) => ({ value: m.id, label: `${m.name}（${label(relationLabels, m.relation)}）` }));
  return (
    <Modal
      open
      title="提交社会救助申请"
      okText={openCase ? '查看在办案件' : '提交申请'}
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => (openCase ? navigate(`/assistance/cases/${openCase.id}`) : form.submit())}
      okButtonProps={{ 'data-testid': 'apply-assistance-submit' }}
      onCancel={onClose}
      width={560}
    >
      <Typography.Paragraph type="secondary">由申请人户籍地街镇受理。提交后案件进入“已申请”状态，须受理、核对、入户调查、公示后由区民政局审批。</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ programme: 'dibao', applicantPersonId: head?.id, holderName: head?.name }} onFinish={(v) => void submit(v)}>
        <Form.Item name="programme" label="救助项目" rules={[{ required: true }]}>
          <Select options={Object.entries(assistanceProgrammeLabels).map(([value, text]) => ({ value, label: text }))} data-testid="apply-programme" />
        </Form.Item>
        <Form.Item name="applicantPersonId" label="申请人" rules={[{ required: true, message: '请选择申请人' }]}>
          <Select options={memberOptions} />
        </Form.Item>
        {programme === 'destitute' ? (
          <Form.Item name="beneficiaryPersonId" label="供养对象" rules={[{ required: true, message: '特困供养须指定供养对象' }]}>
            <Select options={memberOptions} />
          </Form.Item>
        ) : null}
        {openCase ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="apply-open-case"
            title={
              <>
                该家庭已有在办的{label(assistanceProgrammeLabels, openCase.programme)}案件（{openCase.appliedOn} 申请，{openCase.statusName}），不能重复申请。
                <Link to={`/assistance/cases/${openCase.id}`}>查看在办案件</Link>
              </>
            }
          />
        ) : null}
        <Form.Item name="reason" label="申请理由" rules={[{ required: true, whitespace: true, message: '请填写申请理由' }]}>
          <Input.TextArea rows={3} maxLength={2000} placeholder="如：家庭收入低，生活困难" data-testid="apply-reason" />
        </Form.Item>
        {programme && CASH.includes(programme) ? (
          <>
            <Form.Item name="holderName" label="收款人" rules={[{ required: true, whitespace: true, message: '请填写收款人' }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="bankName" label="开户银行" rules={[{ required: true, whitespace: true, message: '请填写开户银行' }]}>
              <Input maxLength={100} placeholder="如：上海农商银行" data-testid="apply-bank" />
            </Form.Item>
            <Form.Item
              name="accountNo"
              label="银行账号"
              rules={[
                { required: true, message: '请填写银行账号' },
                { pattern: /^\d{12,30}$/, message: '银行账号须为 12–30 位数字' },
              ]}
            >
              <Input maxLength={30} inputMode="numeric" data-testid="apply-account" />
            </Form.Item>
          </>
        ) : null}
      </Form>
      {error ? <ApiErrorNotice error={error} inline /> : null}
      {refusedFor ? <Link to={`/assistance/cases/${refusedFor}`}>查看在办案件</Link> : null}
    </Modal>
  );
}

/** 申请救助 from the household page, for staff who may take applications. */
export function ApplyAssistanceButton({ household }: { household: Household }) {
  const { can } = useAuth();
  const [open, setOpen] = useState(false);
  if (!can('assistance.handle')) return null;
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="apply-assistance">
        申请社会救助
      </Button>
      {open ? <ApplyDialog household={household} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
