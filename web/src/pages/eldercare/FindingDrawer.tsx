import { App, Button, Descriptions, Drawer, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useFinding, useFindingStep } from '../../api/eldercare-supervision.js';
import type { FindingDetail } from '../../api/eldercare-supervision-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ActionLog } from '../../components/ActionLog.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { PageLoading } from '../../components/PageLoading.js';
import { FindingStatusTags, SeverityTag } from './FindingTags.js';
import { FindingStepForm, STEP_LABELS, type StepName } from './FindingStepForm.js';

/** The steps the rectification loop allows from a status (src/eldercare/finding-states.ts). */
function stepsFor(f: FindingDetail): StepName[] {
  if (f.status === 'open' || f.status === 'reopened') return ['rectify', 'extend'];
  if (f.status === 'rectified') return ['verify', 'reopen'];
  return [];
}

/** `only`: the steps this user may take (an institution reports its own rectification; supervisors do the rest). */
function Steps({ f, only }: { f: FindingDetail; only?: StepName[] }) {
  const { message } = App.useApp();
  const mutation = useFindingStep(f.id);
  const [step, setStep] = useState<StepName | null>(null);
  const steps = stepsFor(f).filter((s) => !only || only.includes(s));
  const begin = (s: StepName) => {
    mutation.reset();
    setStep(s);
  };
  if (steps.length === 0) return only ? null : <Typography.Text type="secondary">问题已复核销号。</Typography.Text>;
  if (!step) {
    return (
      <Space wrap>
        {steps.map((s) => (
          <Button key={s} type={s === 'rectify' || s === 'verify' ? 'primary' : 'default'} onClick={() => begin(s)} data-testid={`finding-${s}`}>
            {STEP_LABELS[s]}
          </Button>
        ))}
      </Space>
    );
  }
  return (
    <>
      <FindingStepForm
        step={step}
        pending={mutation.isPending}
        onCancel={() => setStep(null)}
        onSubmit={(request) =>
          mutation.mutate(request, {
            onSuccess: (detail) => {
              setStep(null);
              void message.success(`${STEP_LABELS[request.step]}；当前状态：${detail.statusName}`);
            },
          })
        }
      />
      {mutation.error ? (
        <div style={{ marginTop: 12 }}>
          <ApiErrorNotice error={mutation.error} inline />
        </div>
      ) : null}
    </>
  );
}

/** 问题详情: what was found, by when it must be fixed, every step of the rectification, and (for supervisors) the next step. */
export function FindingDrawer({ id, onClose }: { id: number | null; onClose(): void }) {
  const { can } = useAuth();
  const finding = useFinding(id);
  const f = finding.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size="large" title={f ? `${f.facilityName} · 问题 ${f.inspectionId}-${f.seq}` : '问题详情'} destroyOnHidden data-testid="finding-drawer">
      {finding.error ? (
        <ApiErrorNotice error={finding.error} inline />
      ) : !f ? (
        <PageLoading />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="机构">
              <Link to={`/eldercare/facilities/${f.facilityId}`}>{f.facilityName}</Link>
            </Descriptions.Item>
            <Descriptions.Item label="检查日期">{f.inspectedOn}</Descriptions.Item>
            <Descriptions.Item label="类别">{f.categoryName}</Descriptions.Item>
            <Descriptions.Item label="等级">
              <SeverityTag f={f} />
            </Descriptions.Item>
            <Descriptions.Item label="问题">{f.description}</Descriptions.Item>
            <Descriptions.Item label="整改期限">{f.deadline}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <FindingStatusTags f={f} />
            </Descriptions.Item>
            {f.timesOverdue ? <Descriptions.Item label="逾期次数">{f.timesOverdue}</Descriptions.Item> : null}
            {f.rectifiedOn ? <Descriptions.Item label="整改完成">{f.rectifiedOn}</Descriptions.Item> : null}
            {f.verifiedOn ? <Descriptions.Item label="复核销号">{f.verifiedOn}</Descriptions.Item> : null}
          </Descriptions>
          {can('eldercare.supervise') ? <Steps f={f} /> : can('eldercare.operate') ? <Steps f={f} only={['rectify']} /> : null}
          <ActionLog
            testId="finding-log"
            items={f.log.map((l) => ({
              key: l.seq,
              title: l.actionName,
              at: l.at,
              actorUsername: l.actorUser ? `用户 ${l.actorUser}` : null,
              reason: l.reason,
              color: l.action === 'overdue' ? 'red' : l.action === 'verify' ? 'green' : 'blue',
            }))}
          />
        </Space>
      )}
    </Drawer>
  );
}
