/**
 * The only place ECharts is imported, and only the parts the charts use: the cockpit and simulation
 * chunks carry bars, lines, a pie and a funnel on canvas, not the whole library (~1 MB minified).
 */
import { BarChart, FunnelChart, LineChart, PieChart, type BarSeriesOption, type FunnelSeriesOption, type LineSeriesOption, type PieSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, PieChart, FunnelChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | PieSeriesOption | FunnelSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export { init, type EChartsType };
