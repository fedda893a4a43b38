import { App, Button, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useCaseAction } from '../../api/assistance.js';
import type { CaseDetail } from '../../api/assistance-types.js';
import { CaseActionDialog } from './CaseActionDialog.js';
import { offeredActions, type OfferedAction } from './case-actions.js';

/** The next steps this user may take on the case, each behind its own form; nothing else is shown. */
export function CaseActions({ c }: { c: CaseDetail }) {
  const { message } = App.useApp();
  const mutation = useCaseAction(c.id);
  const [active, setActive] = useState<OfferedAction | null>(null);
  const offered = offeredActions(c);

  if (offered.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid="no-case-actions">
        {c.allowedActions.length === 0 ? '案件已结束，不能再办理。' : '当前环节无需您办理。'}
      </Typography.Text>
    );
  }
  // One line per reason: four eyes blocks every decision with the same sentence.
  const byReason = new Map<string, string[]>();
  for (const spec of offered) if (spec.disabledReason) byReason.set(spec.disabledReason, [...(byReason.get(spec.disabledReason) ?? []), spec.label]);
  const blocked = [...byReason].map(([reason, labels]) => ({ reason, labels: labels.join('、') }));
  return (
    <>
      <Space wrap data-testid="case-actions">
        {offered.map((spec) => {
          const button = (
            <Button
              key={spec.action}
              type={spec.primary ? 'primary' : 'default'}
              danger={spec.danger}
              disabled={!!spec.disabledReason}
              onClick={() => {
                mutation.reset();
                setActive(spec);
              }}
              data-testid={`action-${spec.action}`}
            >
              {spec.label}
            </Button>
          );
          return spec.disabledReason ? (
            <Tooltip key={spec.action} title={spec.disabledReason}>
              <span>{button}</span>
            </Tooltip>
          ) : (
            button
          );
        })}
      </Space>
      {blocked.length ? (
        <ul style={{ margin: '8px 0 0', paddingLeft: 20 }} data-testid="case-action-reasons">
          {blocked.map(({ reason, labels }) => (
            <li key={reason}>
              <Typography.Text type="secondary">
                {labels}：{reason}
              </Typography.Text>
            </li>
          ))}
        </ul>
      ) : null}
      {active ? (
        <CaseActionDialog
          spec={active}
          c={c}
          pending={mutation.isPending}
          error={mutation.error}
          onClose={() => setActive(null)}
          onSubmit={(request) =>
            mutation.mutate(request, {
              onSuccess: (detail) => {
                setActive(null);
                void message.success(`已${active.label}，案件状态：${detail.statusName}`);
              },
            })
          }
        />
      ) : null}
    </>
  );
}
