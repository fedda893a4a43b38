import { useEffect, useRef } from 'react';
import { init, type ChartOption, type EChartsType } from './echarts.js';

/**
 * A canvas chart that follows its option and its container's width. A few lines over echarts/core
 * instead of echarts-for-react, whose CommonJS entry would pull in the full library.
 */
export function EChart({ option, height = 320, testId }: { option: ChartOption; height?: number; testId?: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const instance = init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={container} style={{ width: '100%', height }} data-testid={testId} />;
}
