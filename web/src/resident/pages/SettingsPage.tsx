import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, List, Popconfirm, Switch, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/client.js';
import type { Channels } from '../../api/resident-types.js';
import { PageLoading } from '../../components/PageLoading.js';
import { fetchChannels, fetchConsents, residentKeys, revokeConsent, saveChannels } from '../api.js';
import { useResidentAuth, useResidentMe } from '../auth.js';
import { formatMoment } from '../format.js';
import { PageTitle } from '../PageTitle.js';
import { setKiosk, setLargeText, useDisplayPreferences } from '../preferences.js';
import { ResidentError } from '../ResidentError.js';

/** 设置: large text (适老化), how to be told (短信 / App), the consents given (revocable), 代办 and 异议. */
export default function SettingsPage() {
  const { largeText, kiosk } = useDisplayPreferences();
  const { logout } = useResidentAuth();
  const { me } = useResidentMe();
  return (
    <>
      <PageTitle title="设置">设置</PageTitle>
      <Flex vertical gap={16}>
        <Card title="显示">
          <Flex justify="space-between" align="center" gap={12}>
            <label htmlFor="large-text" style={{ flex: 1 }}>
              大字模式（字更大、按钮更大，方便老年人使用）
            </label>
            <Switch id="large-text" checked={largeText} onChange={setLargeText} data-testid="large-text" />
          </Flex>
          {kiosk ? (
            <Flex justify="space-between" align="center" gap={12} style={{ marginTop: 12 }}>
              <span style={{ flex: 1 }}>当前为自助终端模式，无操作 90 秒后自动退出</span>
              <Button onClick={() => setKiosk(false)}>退出自助模式</Button>
            </Flex>
          ) : null}
        </Card>
        <ChannelsCard />
        <ConsentsCard />
        <Card title="更多">
          <Flex vertical gap={12}>
            {me.actFor.length > 1 ? <Link to="/resident/acting">为家人代办（当前可代办 {me.actFor.length - 1} 人）</Link> : <span>您目前没有可以代办的家庭成员（未成年子女或登记您为监护人的人）。</span>}
            <Link to="/resident/objections">我提出的异议</Link>
            <Button size="large" block onClick={() => void logout()}>
              退出登录
            </Button>
          </Flex>
        </Card>
      </Flex>
    </>
  );
}

function ChannelsCard() {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: residentKeys.channels, queryFn: ({ signal }) => fetchChannels(signal) });
  const save = useMutation({ mutationFn: saveChannels, onSuccess: (channels) => queryClient.setQueryData(residentKeys.channels, channels) });
  const set = (current: Channels, change: Partial<Channels>) => save.mutate({ sms: change.sms ?? current.sms, app: change.app ?? current.app });
  return (
    <Card title="消息提醒方式">
      {query.isPending ? (
        <PageLoading />
      ) : query.isError ? (
        <ResidentError error={query.error} retry={() => void query.refetch()} />
      ) : (
        <Flex vertical gap={12}>
          <Typography.Text>无论选择哪种方式，所有消息都会保存在“消息”页中。</Typography.Text>
          <Flex justify="space-between" align="center" gap={12}>
            <label htmlFor="channel-sms" style={{ flex: 1 }}>
              短信提醒{query.data.mobileMasked ? `（发送到 ${query.data.mobileMasked}）` : '（人口库中暂无您的手机号）'}
            </label>
            <Switch id="channel-sms" checked={query.data.sms} loading={save.isPending} onChange={(sms) => set(query.data, { sms })} data-testid="channel-sms" />
          </Flex>
          <Flex justify="space-between" align="center" gap={12}>
            <label htmlFor="channel-app" style={{ flex: 1 }}>
              随申办 App 推送
            </label>
            <Switch id="channel-app" checked={query.data.app} loading={save.isPending} onChange={(app) => set(query.data, { app })} data-testid="channel-app" />
          </Flex>
          {save.isError ? <Alert type="error" showIcon role="alert" title={isApiError(save.error) ? save.error.message : '保存失败，请稍后再试'} /> : null}
        </Flex>
      )}
    </Card>
  );
}

function ConsentsCard() {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: residentKeys.consents, queryFn: ({ signal }) => fetchConsents(signal) });
  const revoke = useMutation({ mutationFn: revokeConsent, onSuccess: () => void queryClient.invalidateQueries({ queryKey: residentKeys.consents }) });
  return (
    <Card title="我的授权核对">
      <Typography.Paragraph>申请救助时，您授权民政部门核对家庭收入和财产。授权可以撤回；撤回后，正在办理的申请将无法完成核对。</Typography.Paragraph>
      {query.isPending ? (
        <PageLoading />
      ) : query.isError ? (
        <ResidentError error={query.error} retry={() => void query.refetch()} />
      ) : (
        <List
          dataSource={query.data.items}
          locale={{ emptyText: '暂无授权记录' }}
          renderItem={(consent) => (
            <List.Item
              data-testid="consent"
              actions={
                consent.revokedAt
                  ? []
                  : [
                      <Popconfirm key="revoke" title="确定撤回这项授权吗？" okText="撤回" cancelText="取消" onConfirm={() => revoke.mutate(consent.id)}>
                        <Button danger loading={revoke.isPending && revoke.variables === consent.id}>
                          撤回授权
                        </Button>
                      </Popconfirm>,
                    ]
              }
            >
              <Flex vertical>
                <strong>{consent.scopeName}</strong>
                <span>
                  {consent.person.nameMasked}（{consent.person.relationName}）
                </span>
                <Typography.Text type="secondary">
                  授权于 {formatMoment(consent.givenAt)}
                  {consent.revokedAt ? `，已于 ${formatMoment(consent.revokedAt)} 撤回` : ''}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {revoke.isError ? <Alert type="error" showIcon role="alert" title={isApiError(revoke.error) ? revoke.error.message : '撤回失败，请稍后再试'} /> : null}
    </Card>
  );
}
