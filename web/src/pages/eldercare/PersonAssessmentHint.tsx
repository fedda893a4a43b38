import { Alert } from 'antd';
import { usePersonAssessments } from '../../api/eldercare.js';
import { isApiError } from '../../api/client.js';

/** While a caseworker types a person's number: the latest assessment, since the waitlist takes only a valid one. */
export function PersonAssessmentHint({ personId }: { personId: number | null }) {
  const assessments = usePersonAssessments(personId);
  if (!personId) return null;
  if (assessments.error) return <Alert type="warning" showIcon title={isApiError(assessments.error) ? assessments.error.message : '评估记录暂不可用'} />;
  if (!assessments.data) return null;
  const latest = assessments.data[0];
  if (!latest) return <Alert type="warning" showIcon title="该老人尚无统一需求评估结论：请先评估，轮候申请须持有效评估结论。" data-testid="assessment-hint" />;
  const text = `最近一次评估：${latest.levelText}（${latest.assessedOn}，有效期至 ${latest.validUntil}）`;
  return <Alert type={latest.state === 'expired' ? 'warning' : 'info'} showIcon title={latest.state === 'expired' ? `${text}，已到期，请先重新评估` : text} data-testid="assessment-hint" />;
}
