import type { UsedParameter } from '../api/policy-types.js';
import { formatFen } from './money.js';

/** A parameter value as a policy officer reads it: money in yuan, ratios as multipliers, tables by household size. */
export function formatParameter(parameter: UsedParameter): string {
  const { unit, value } = parameter;
  if (Array.isArray(value)) {
    return value.map((v, i) => `${i + 1}${i === value.length - 1 ? '人及以上' : '人'}：${unit.startsWith('fen') ? formatFen(v) : v}`).join('；');
  }
  if (typeof value !== 'number') return String(value);
  if (unit === 'fen') return formatFen(value);
  if (unit === 'permille') return `× ${(value / 1000).toFixed(3).replace(/\.?0+$/, '')}`;
  return String(value);
}

const RULE_SETS: Record<string, string> = { shanghai: '上海市社会救助规则', 'shanghai-meals': '上海市老年助餐补贴规则' };

/** 'shanghai@1' → '上海市社会救助规则 第 1 版': staff read which rules were applied, not the pack's identifier. */
export function formatRuleVersion(version: string | null | undefined): string {
  if (!version) return '—';
  const match = /^([a-z-]+)@(.+)$/.exec(version);
  if (!match) return version;
  return `${RULE_SETS[match[1]] ?? '规则'} 第 ${match[2]} 版`;
}
