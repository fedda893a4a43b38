/**
 * What 任务中心 (src/jobs) records when a user starts a screening run or a simulation: a Chinese title and what
 * the web's pages need to find the job again.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../access/index.js';
import type { Database } from '../db/index.js';
import { recordJob } from '../jobs/index.js';
import { formatYuan, type Month } from '../kernel/index.js';
import type { ParameterOverride, ParameterTable } from './params.js';

export function recordScreenJob(db: Database, actor: Actor, run: { runId: number; month: Month; divisionCode: string }): Promise<number> {
  return recordJob(db, actor, {
    kind: 'screen',
    moduleJobId: String(run.runId),
    title: `政策筛查 ${run.month}（${run.divisionCode}）`,
    ref: { runId: run.runId, month: run.month, divisionCode: run.divisionCode },
    statusPath: `/api/v1/policy/screen/${run.runId}`,
    resultPath: `/api/v1/policy/screen/${run.runId}/results`,
  });
}

function describeOverride(o: ParameterOverride, parameters: ParameterTable): string {
  const label = parameters[o.name]?.label ?? o.name;
  const change =
    'scalePermille' in o
      ? `${o.scalePermille >= 1000 ? '+' : ''}${(o.scalePermille - 1000) / 10}%`
      : 'addFen' in o
        ? `${o.addFen >= 0 ? '+' : ''}${formatYuan(o.addFen)} 元`
        : `调整为 ${typeof o.set === 'number' ? `${formatYuan(o.set)} 元` : o.set.map(formatYuan).join('/')}`;
  return `${label} ${change}（${o.from} 起）`;
}

/**
 * `ref` is the request as asked (a division only when one was named), so the simulation page asks it again to the
 * letter; the same scenario over the same division is the same job, moved to the top of the list.
 */
export function recordSimulationJob(
  db: Database,
  actor: Actor,
  request: { startMonth: Month; overrides: readonly ParameterOverride[]; programmes?: readonly string[]; divisionCode?: string },
  scopedDivision: string,
  parameters: ParameterTable,
): Promise<number> {
  const ref = { startMonth: request.startMonth, overrides: request.overrides, programmes: request.programmes, divisionCode: request.divisionCode };
  return recordJob(db, actor, {
    kind: 'simulation',
    moduleJobId: createHash('sha256')
      .update(JSON.stringify({ ...ref, divisionCode: scopedDivision }))
      .digest('hex')
      .slice(0, 32),
    title: `政策模拟：${request.overrides.map((o) => describeOverride(o, parameters)).join('；')}`,
    ref,
  });
}
