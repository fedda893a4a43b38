import { App, Button, Card, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useApplicationAction } from '../../api/eldercare.js';
import type { ApplicationDetail, Offer } from '../../api/eldercare-types.js';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { DivisionName } from '../../components/DivisionName.js';
import { formatDateTime } from '../../format/dates.js';
import { isWithin } from '../../format/divisions.js';
import { bedTypeLabels, offerStatusColors } from '../../format/eldercare-labels.js';
import { label } from '../../format/labels.js';
import { OfferAnswerDialog, type AnswerKind } from './OfferAnswerDialog.js';

const DONE: Record<AnswerKind, string> = { accept: '已接受床位并办理入住', decline: '已放弃床位，床位已通知下一位', withdraw: '已撤回轮候申请' };

/** 床位通知: every bed offered to this applicant; an open one can be accepted or declined by whoever handles the waitlist. */
export function OffersCard({ application }: { application: ApplicationDetail }) {
  const { can } = useAuth();
  const me = useMe();
  const { message } = App.useApp();
  const action = useApplicationAction(application.id);
  const [active, setActive] = useState<{ kind: AnswerKind; offer: Offer | null } | null>(null);
  const mayHandle = can('eldercare.waitlist.handle');
  const open = (kind: AnswerKind, offer: Offer | null) => {
    action.reset();
    setActive({ kind, offer });
  };
  const inQueue = application.status === 'waiting' || application.status === 'offered';
  return (
    <Card
      title="床位通知"
      size="small"
      extra={
        mayHandle && inQueue ? (
          <Button size="small" danger onClick={() => open('withdraw', null)} data-testid="withdraw-application">
            撤回申请
          </Button>
        ) : null
      }
    >
      <Table<Offer>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={application.offers}
        locale={{ emptyText: '尚未发出床位通知（保基本床位空出时按排位依次通知）' }}
        data-testid="offers-table"
        columns={[
          // A bed may be offered in another district (the applicant accepted any): its page is that district's to show.
          { title: '机构', dataIndex: 'facilityName', render: (name: string, o) => (isWithin(o.districtCode, me.jurisdiction) ? <Link to={`/eldercare/facilities/${o.facilityId}`}>{name}</Link> : name) },
          { title: '所在区', dataIndex: 'districtCode', render: (code: string) => <DivisionName code={code} /> },
          { title: '床位类型', dataIndex: 'bedType', render: (t: string) => label(bedTypeLabels, t) },
          { title: '通知时排位', dataIndex: 'position', render: (p: number) => `第 ${p} 位` },
          { title: '通知时间', dataIndex: 'offeredAt', render: (at: string) => formatDateTime(at) },
          { title: '答复期限', dataIndex: 'expiresAt', render: (at: string) => formatDateTime(at) },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: string, o) => (
              <Tag color={offerStatusColors[s]} data-testid="offer-status">
                {o.statusName}
              </Tag>
            ),
          },
          { title: '原因', dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
          ...(mayHandle
            ? [
                {
                  title: '答复',
                  key: 'answer',
                  render: (_: unknown, o: Offer) =>
                    o.status === 'open' ? (
                      <Space>
                        <Button size="small" type="primary" onClick={() => open('accept', o)} data-testid={`accept-offer-${o.id}`}>
                          接受并入住
                        </Button>
                        <Button size="small" onClick={() => open('decline', o)} data-testid={`decline-offer-${o.id}`}>
                          放弃
                        </Button>
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {active ? (
        <OfferAnswerDialog
          kind={active.kind}
          offer={active.offer}
          pending={action.isPending}
          error={action.error}
          onClose={() => setActive(null)}
          onSubmit={(answer) =>
            action.mutate(answer, {
              onSuccess: (detail) => {
                setActive(null);
                void message.success(`${DONE[answer.answer]}；申请状态：${detail.statusName}`);
              },
            })
          }
        />
      ) : null}
    </Card>
  );
}
