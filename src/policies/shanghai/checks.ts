/**
 * Checks on the parameter table, run when a pack is loaded, when an administrator enters a value and in
 * every simulation. They warn rather than refuse: the standard is set politically, the platform only
 * makes sure nobody misses that a rule written in the plan is not met.
 */
import { formatYuan } from '../../kernel/index.js';
import { resolveParameter, scalarValue, type ParameterTable, type PolicyWarning } from '../../policy/index.js';

/**
 * 十四五规划: "确保年度居民最低生活保障标准不低于上年度全市居民月人均消费支出的33%". For each 低保 standard,
 * compare it with the floor ratio × last year's per-capita monthly consumption in force on its start date.
 * Entries before the rule (or before a consumption figure is configured) are not checked.
 */
export function checkDibaoConsumptionFloor(parameters: ParameterTable): PolicyWarning[] {
  const warnings: PolicyWarning[] = [];
  const standard = parameters['dibao.standard'];
  if (!standard || !parameters['dibao.floorRatio'] || !parameters['dibao.floorReferenceConsumption']) return warnings;
  for (const entry of standard.values) {
    if (typeof entry.value !== 'number') continue;
    const month = entry.from.slice(0, 7);
    const ratio = tryResolve(parameters, 'dibao.floorRatio', month);
    const consumption = tryResolve(parameters, 'dibao.floorReferenceConsumption', month);
    if (ratio === null || consumption === null) continue;
    // standard < ratio‰ × consumption, decided in integers: standard × 1000 < ratio × consumption.
    if (entry.value * 1000 < ratio.value * consumption.value) {
      const floor = Math.ceil((ratio.value * consumption.value) / 1000);
      warnings.push({
        code: 'POLICY_DIBAO_BELOW_CONSUMPTION_FLOOR',
        parameter: 'dibao.standard',
        from: entry.from,
        message:
          `${entry.from} 起的低保标准 ${formatYuan(entry.value)} 元低于上年度全市居民月人均消费支出 ${formatYuan(consumption.value)} 元` +
          `（${consumption.from} 起）的 ${ratio.value / 10}%（${formatYuan(floor)} 元），不符合“十四五”规划的底线要求` +
          `${consumption.verified ? '' : '；消费支出参数待核实'}`,
      });
    }
  }
  return warnings;
}

function tryResolve(parameters: ParameterTable, name: string, month: string): { value: number; from: string; verified: boolean } | null {
  try {
    const p = resolveParameter(parameters, name, month);
    return { value: scalarValue(p), from: p.from, verified: p.verified };
  } catch {
    return null; // not in force yet: the rule does not apply to that entry
  }
}
