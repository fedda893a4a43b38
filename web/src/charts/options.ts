/** The few chart shapes the platform uses, with its palette and Chinese number formatting. */
import type { ChartOption } from './echarts.js';

export const PALETTE = ['#5470c6', '#c4161c', '#91cc75', '#fac858', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc'];

const number = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

export interface Series {
  name: string;
  data: number[];
  /** Drawn as a line over the bars (e.g. a difference). */
  line?: boolean;
  stack?: string;
}

/** Grouped (or stacked) bars by category; long category lists turn the axis labels so every name stays readable. */
export function barOption(categories: string[], series: Series[], unit: string, horizontal = false): ChartOption {
  const valueAxis = { type: 'value' as const, name: unit, axisLabel: { formatter: (v: number) => number.format(v) } };
  // Turned labels only when upright ones would collide: many categories, or long names side by side.
  const crowded = categories.length > 8 || (categories.length > 3 && Math.max(...categories.map((c) => c.length)) * categories.length > 36);
  const categoryAxis = { type: 'category' as const, data: categories, axisLabel: { interval: 0, rotate: !horizontal && crowded ? 35 : 0 } };
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${number.format(Number(v))} ${unit}` },
    legend: { top: 0 },
    grid: { left: 16, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: series.map((s) => (s.line ? { type: 'line' as const, name: s.name, data: s.data, smooth: true } : { type: 'bar' as const, name: s.name, data: s.data, stack: s.stack, barMaxWidth: 28 })),
  };
}

/** Values over months, one line per series. */
export function lineOption(months: string[], series: Series[], unit: string): ChartOption {
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${number.format(Number(v))} ${unit}` },
    legend: { top: 0 },
    grid: { left: 16, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months, boundaryGap: false },
    yAxis: { type: 'value', name: unit, axisLabel: { formatter: (v: number) => number.format(v) } },
    series: series.map((s) => ({ type: 'line' as const, name: s.name, data: s.data, smooth: true, areaStyle: s.stack ? {} : undefined, stack: s.stack })),
  };
}

export function pieOption(items: { name: string; value: number }[], unit: string): ChartOption {
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', valueFormatter: (v) => `${number.format(Number(v))} ${unit}` },
    legend: { bottom: 0, type: 'scroll' },
    series: [{ type: 'pie', radius: ['32%', '58%'], center: ['50%', '45%'], data: items, label: { formatter: '{b}：{c}' } }],
  };
}

/** Stages in order (发现 → 联系 → 申请 → 获批); the width is the count, not a share. */
export function funnelOption(stages: { name: string; value: number }[]): ChartOption {
  const top = Math.max(1, ...stages.map((s) => s.value));
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', formatter: '{b}：{c} 户' },
    // Labels outside: a stage of 0 has no width to hold one.
    series: [{ type: 'funnel', left: '8%', width: '62%', top: 16, bottom: 16, min: 0, max: top, minSize: '4%', sort: 'none', gap: 2, label: { position: 'right', formatter: '{b}：{c} 户' }, labelLine: { show: true }, data: stages }],
  };
}
