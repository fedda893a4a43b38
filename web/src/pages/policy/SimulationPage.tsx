import { Alert, Card, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useParameters, useSimulation } from '../../api/simulation.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { ElapsedSince } from '../../jobs/ElapsedSince.js';
import { describeScenario, requestOf, scenarioFromParams, scenarioToParams, type Scenario } from './simulation-scenario.js';
import { SimulationForm } from './SimulationForm.js';
import { SimulationResults } from './SimulationResults.js';

function Running({ title }: { title: string }) {
  const [since] = useState(() => new Date().toISOString());
  return (
    <Card data-testid="sim-running">
      <Space>
        <Spin />
        <Typography.Text>
          正在测算：{title}。已用时 <ElapsedSince since={since} />
          。可以离开本页，稍后在“任务中心”打开此测算查看结果。
        </Typography.Text>
      </Space>
    </Card>
  );
}

/**
 * 政策模拟: change one parameter from a date and see cost and coverage by district against the baseline.
 * The scenario lives in the URL: the result can be left, bookmarked and reopened (任务中心 lists it).
 */
export default function SimulationPage() {
  const [params, setParams] = useSearchParams();
  const scenario = scenarioFromParams(params);
  const request = scenario ? requestOf(scenario) : null;
  const simulation = useSimulation(request);
  const parameters = useParameters();
  const parameterLabel = parameters.data?.parameters.find((p) => p.name === scenario?.parameter)?.label ?? scenario?.parameter ?? '';
  const title = scenario ? describeScenario(scenario, parameterLabel) : '';
  const search = params.toString();

  function run(next: Scenario) {
    setParams(scenarioToParams(next));
    if (scenarioToParams(next).toString() === search) void simulation.refetch();
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="政策调整测算">
        <SimulationForm key={search} initial={scenario} running={simulation.isFetching} onRun={run} />
      </Card>
      {scenario && !request ? <Alert type="error" showIcon title="地址中的测算条件无效，请重新填写" /> : null}
      {simulation.error ? <ApiErrorNotice error={simulation.error} inline /> : null}
      {simulation.isFetching && !simulation.data ? <Running key={search} title={title} /> : null}
      {simulation.data ? <SimulationResults key={search} report={simulation.data} title={title} /> : null}
    </Space>
  );
}
