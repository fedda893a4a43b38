import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, List, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useResidentAuth, useResidentMe } from '../auth.js';
import { PageTitle } from '../PageTitle.js';
import { PersonLabel } from '../PersonLabel.js';
import { solid } from '../tag-colours.js';

/**
 * 代办: the resident chooses whom the pages act for. The registry decides who is offered (a minor in the
 * household, or a person whose guardian the resident is recorded as); every act records who acted for whom.
 */
export default function ActingPage() {
  const { me, subject } = useResidentMe();
  const { actFor } = useResidentAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <>
      <PageTitle title="为家人代办">为家人代办</PageTitle>
      <Flex vertical gap={16}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>您可以为家中的未成年人，或登记由您担任监护人的人，查看权益和办理申请。每一次代办都会记录由谁为谁办理。为其他成年人办理，需要本人登录。</Typography.Paragraph>
        {me.actFor.length <= 1 ? <Alert type="info" showIcon title="人口库中没有您可以代办的家庭成员" /> : null}
        <Card>
          <List
            dataSource={me.actFor}
            renderItem={(person) => {
              const current = person.personId === subject.personId;
              return (
                <List.Item data-testid={`act-for-${person.personId}`}>
                  <Flex justify="space-between" align="center" wrap gap={8} style={{ width: '100%' }}>
                    <PersonLabel person={person} withId />
                    {current ? (
                      <Tag color={solid('green')}>当前</Tag>
                    ) : (
                      <Button
                        type="primary"
                        onClick={() => {
                          actFor(person.personId);
                          // Pages cached for the previous person must not flash up for the new one.
                          queryClient.removeQueries({ queryKey: ['resident', 'entitlements'] });
                          navigate('/resident');
                        }}
                        data-testid={`act-for-choose-${person.personId}`}
                      >
                        {person.relation === 'self' ? '切换回本人' : '为其办理'}
                      </Button>
                    )}
                  </Flex>
                </List.Item>
              );
            }}
          />
        </Card>
      </Flex>
    </>
  );
}
