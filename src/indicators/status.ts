/**
 * Progress to target. Met: the value reaches the target (≥ target; "100" full coverage; "左右": within 5 % of it).
 * On track: at or above the straight line from the 2020 baseline (month 2020-12) to the 2025 target (2025-12).
 * Behind: below that line. A binding (约束性) indicator behind is shown in red.
 */
import type { Month } from '../kernel/index.js';
import { PLAN_END, PLAN_START, type IndicatorDef } from './catalogue.js';

export type IndicatorStatus = 'met' | 'on_track' | 'behind' | 'no_data';
export const statusNames: Record<IndicatorStatus, string> = { met: '已达标', on_track: '进度正常', behind: '进度滞后', no_data: '暂无数据' };

const monthIndex = (m: Month) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

/** The value the straight line from baseline to target expects in `month` (clamped to the plan period). */
export function expectedOn(def: Pick<IndicatorDef, 'baseline' | 'target'>, month: Month): number {
  const span = monthIndex(PLAN_END) - monthIndex(PLAN_START);
  const elapsed = Math.min(span, Math.max(0, monthIndex(month) - monthIndex(PLAN_START)));
  return def.baseline + ((def.target - def.baseline) * elapsed) / span;
}

export function statusOf(def: Pick<IndicatorDef, 'baseline' | 'target' | 'comparator'>, value: number | null, month: Month): IndicatorStatus {
  if (value === null) return 'no_data';
  const met = def.comparator === 'about' ? value >= def.target * 0.95 : value >= def.target;
  if (met) return 'met';
  return value >= expectedOn(def, month) - 1e-9 ? 'on_track' : 'behind';
}
