/**
 * Demo indicator data: the plan's 2020 baselines (reference §6) entered as manual values for month 2020-12 where
 * the platform cannot compute 2020 itself, the progress the seeds report (indicator 6: 82 % in 2024; indicator 14:
 * 3.7万 in 2022), the 2019 consumption figure that gives indicator 1's baseline (45,605 ÷ 12, unverified), and the
 * previous month frozen so the history has a month-end point.
 */
import type { Actor } from '../access/index.js';
import type { AppContext } from '../context.js';
import { activePack, addParameterValue, type PolicyTables } from '../policy/index.js';
import { INDICATORS } from './catalogue.js';
import { indicatorDeps } from './deps.js';
import { enterManualValue, freezeLastMonth } from './values.js';
import { publishMonth } from './open-data.js';
import { addMonths, currentMonthInShanghai } from '../kernel/index.js';

const ADMIN: Actor = { userId: 0, username: 'system:indicators', displayName: '规划指标（演示数据）', role: 'city_admin', jurisdiction: '310000000000' };

export async function loadIndicatorsDemo(ctx: AppContext): Promise<{ entries: number }> {
  const deps = indicatorDeps(ctx);
  let entries = 0;
  // Indicator 1 (policy) and 12 (the roster, dated) compute their own 2020 values.
  for (const def of INDICATORS) {
    if (def.source === 'policy' || def.source === 'roster') continue;
    await enterManualValue(deps, ADMIN, def.no, { month: '2020-12', value: def.baseline, source: '《上海市民政事业发展“十四五”规划》主要指标表 2020 年基准值' });
    entries++;
  }
  await enterManualValue(deps, ADMIN, 6, { month: '2024-12', value: 82, source: '《上海民政2024年工作总结》：养老护理员持证率 82%' });
  await enterManualValue(deps, ADMIN, 14, { month: '2022-12', value: 3.7, source: '《2022年上海民政工作总结》：持证社会工作者 3.7 万人' });
  entries += 2;
  await addParameterValue(ctx.db.kysely.withTables<PolicyTables>(), ADMIN, await activePack(), 'dibao.floorReferenceConsumption', {
    from: '2020-01-01',
    value: 380_042,
    verified: false,
    note: '2019 年 45605 元 ÷ 12（记忆值，未核对统计公报）：规划指标 1 的 2020 年基准 1240 ÷ 3800.42 = 32.6%',
  });
  await freezeLastMonth(deps, ADMIN);
  return { entries };
}

/** Publishes last month's open data (the public page then has a month to show). */
export async function publishOpenDataDemo(ctx: AppContext): Promise<void> {
  const deps = indicatorDeps(ctx);
  await publishMonth(deps, ADMIN, addMonths(currentMonthInShanghai(deps.now()), -1));
}
