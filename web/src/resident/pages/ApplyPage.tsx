import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Flex, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client.js';
import type { ResidentApplyInput } from '../../api/resident-types.js';
import { PageLoading } from '../../components/PageLoading.js';
import { formatFen } from '../../format/money.js';
import { fetchEntitlements, residentKeys, submitApplication } from '../api.js';
import { useResidentAuth, useResidentMe } from '../auth.js';
import { isApplicationKind, KIND_TEXT } from '../kinds.js';
import { PageTitle } from '../PageTitle.js';
import { ResidentError } from '../ResidentError.js';
import NotFoundPage from './NotFoundPage.js';
import { PrefilledFacts } from './PrefilledFacts.js';

type BedType = NonNullable<ResidentApplyInput['bedType']>;

/**
 * 一步申请. What the government holds is shown pre-filled and never asked (两个免于提交); the form asks only what
 * no register has: the bank account for a cash benefit, the reason for 临时救助, the bed type for the waitlist,
 * and the consent to verify income and assets (授权核对), recorded with the application and revocable.
 */
export default function ApplyPage() {
  const { kind } = useParams();
  const [search] = useSearchParams();
  const { actingForId } = useResidentAuth();
  const { subject, actingFor } = useResidentMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const entitlements = useQuery({ queryKey: residentKeys.entitlements(actingForId), queryFn: ({ signal }) => fetchEntitlements(actingForId, signal) });
  const [reason, setReason] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [bedType, setBedType] = useState<BedType>('nursing');
  const [holderName, setHolderName] = useState('');
  const [bankName, setBankName] = useState('');
  const [accountNo, setAccountNo] = useState('');
  const [consent, setConsent] = useState(false);
  const submit = useMutation({
    mutationFn: submitApplication,
    onSuccess: (detail) => {
      void queryClient.invalidateQueries({ queryKey: ['resident'] });
      navigate(`/resident/applications/${detail.id}`, { replace: true });
    },
  });

  if (!isApplicationKind(kind)) return <NotFoundPage />;
  const text = KIND_TEXT[kind];
  const leadId = Number(search.get('lead')) || null;
  const lead = entitlements.data?.leads.find((l) => l.id === leadId) ?? null;
  const eligibility = entitlements.data?.eligible.find((e) => e.applyAs === kind) ?? null;
  const prefilled = lead?.prefilled ?? entitlements.data?.prefilled ?? [];

  const account = accountNo.replace(/\s/g, '');
  const blocked = !consent
    ? '请先阅读并勾选授权核对'
    : kind === 'temporary' && reason.trim().length < 5
      ? '请简要说明遇到的困难（至少 5 个字）'
      : text.paid && (!holderName.trim() || !bankName.trim() || !/^\d{12,30}$/.test(account))
        ? '请填写收款人、开户银行和 12–30 位数字的银行账号'
        : null;

  function send() {
    const input: ResidentApplyInput = {
      kind: kind as ResidentApplyInput['kind'],
      consent: true,
      forPersonId: actingForId ?? undefined,
      reason: reason.trim() || undefined,
      urgent: kind === 'temporary' ? urgent : undefined,
      bedType: kind === 'bed_waitlist' ? bedType : undefined,
      bankAccount: text.paid ? { holderName: holderName.trim(), bankName: bankName.trim(), accountNo: account } : undefined,
    };
    submit.mutate(input);
  }

  return (
    <>
      <PageTitle title={`申请${text.title}`}>申请{text.title}</PageTitle>
      <Flex vertical gap={16}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>{text.intro}</Typography.Paragraph>
        <Alert type="info" showIcon title={actingFor ? `您正在为 ${subject.nameMasked}（${subject.relationName}）代办，办理记录会写明由您代办。` : `申请人：${subject.nameMasked}（本人）`} data-testid="apply-subject" />
        {eligibility?.monthlyAmountFen ? <Alert type="success" showIcon title={`按登记的情况测算，每月约 ${formatFen(eligibility.monthlyAmountFen)}，实际以审批结果为准。`} /> : null}

        <section aria-labelledby="prefilled-heading">
          <Typography.Title level={2} id="prefilled-heading" style={{ fontSize: '1.2em' }}>
            已为您预填（无需提交证明材料）
          </Typography.Title>
          {entitlements.isPending ? <PageLoading /> : entitlements.isError ? <ResidentError error={entitlements.error} retry={() => void entitlements.refetch()} /> : <PrefilledFacts facts={prefilled} />}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            以上信息来自政府部门共享数据。如与实际不符，可在申请后向经办人说明，经办人会告诉您需要补充什么。
          </Typography.Paragraph>
        </section>

        <Card title="还需要您填写">
          <Form layout="vertical" requiredMark={false} onFinish={send}>
            {kind === 'temporary' ? (
              <>
                <Form.Item label="遇到的困难" htmlFor="apply-reason" extra="例如：家中失火、突发重病住院，生活暂时无着">
                  <Input.TextArea id="apply-reason" rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="apply-reason" />
                </Form.Item>
                <Form.Item>
                  <Checkbox checked={urgent} onChange={(e) => setUrgent(e.target.checked)} data-testid="apply-urgent">
                    情况紧急，申请加急办理（急难型临时救助）
                  </Checkbox>
                </Form.Item>
              </>
            ) : (
              <Form.Item label="补充说明（可不填）" htmlFor="apply-reason">
                <Input.TextArea id="apply-reason" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="apply-reason" />
              </Form.Item>
            )}
            {kind === 'bed_waitlist' ? (
              <Form.Item label="需要的床位">
                <Radio.Group value={bedType} onChange={(e) => setBedType(e.target.value as BedType)} aria-label="需要的床位">
                  <Flex vertical gap={8}>
                    <Radio value="nursing">护理型床位（需要生活照料）</Radio>
                    <Radio value="cognitive">认知障碍照护床位</Radio>
                    <Radio value="ordinary">普通床位</Radio>
                  </Flex>
                </Radio.Group>
              </Form.Item>
            ) : null}
            {text.paid ? (
              <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                <legend style={{ fontWeight: 700, marginBottom: 8 }}>收款银行账户（救助金按月打入此账户）</legend>
                <Form.Item label="收款人姓名" htmlFor="apply-holder">
                  <Input id="apply-holder" value={holderName} maxLength={100} onChange={(e) => setHolderName(e.target.value)} autoComplete="name" data-testid="apply-holder" />
                </Form.Item>
                <Form.Item label="开户银行" htmlFor="apply-bank">
                  <Input id="apply-bank" value={bankName} maxLength={100} onChange={(e) => setBankName(e.target.value)} data-testid="apply-bank" />
                </Form.Item>
                <Form.Item label="银行账号" htmlFor="apply-account" extra="12–30 位数字">
                  <Input id="apply-account" value={accountNo} maxLength={36} inputMode="numeric" onChange={(e) => setAccountNo(e.target.value)} data-testid="apply-account" />
                </Form.Item>
              </fieldset>
            ) : null}
            <Form.Item>
              <Checkbox checked={consent} onChange={(e) => setConsent(e.target.checked)} data-testid="apply-consent">
                本人同意并授权民政部门向有关部门核对本人及共同生活家庭成员的收入和财产状况（授权核对）。授权可以在“设置”中撤回，撤回后正在办理的申请将无法继续核对。
              </Checkbox>
            </Form.Item>
            {submit.isError ? <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={isApiError(submit.error) ? submit.error.message : '提交失败，请稍后再试'} data-testid="apply-error" /> : null}
            <Button type="primary" htmlType="submit" size="large" block disabled={blocked !== null} loading={submit.isPending} data-testid="apply-submit">
              提交申请
            </Button>
            {blocked ? (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }} data-testid="apply-blocked">
                {blocked}
              </Typography.Paragraph>
            ) : null}
          </Form>
        </Card>
      </Flex>
    </>
  );
}
