import { useEffect, useRef } from 'react';
import { FONT_FAMILY } from '../font.js';
import { init, type ChartOption, type EChartsType } from './echarts.js';

/**
 * A canvas chart that follows its option and its container's width. A few lines over echarts/core
 * instead of echarts-for-react, whose CommonJS entry would pull in the full library.
 */
export function EChart({ option, height = 320, testId, onItemClick }: { option: ChartOption; height?: number; testId?: string; onItemClick?: (dataIndex: number) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  // The latest handler, read at click time: the chart is bound once, the handler changes with the page.
  const clicked = useRef(onItemClick);
  clicked.current = onItemClick;

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const instance = init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (event) => clicked.current?.(event.dataIndex));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    let current = true;
    // Canvas text neither waits for a web font nor is redrawn when one arrives, and the browser fetches only the
    // Unicode slices some text needs: load the slices of this chart's labels first, or they draw as boxes.
    const labels = JSON.stringify(option);
    void Promise.allSettled([document.fonts.load(`12px 'Noto Sans SC'`, labels), document.fonts.load(`bold 12px 'Noto Sans SC'`, labels)]).then(() => {
      if (current) chart.current?.setOption({ ...option, textStyle: option.textStyle ?? { fontFamily: FONT_FAMILY } }, { notMerge: true });
    });
    return () => {
      current = false;
    };
  }, [option]);

  return <div ref={container} style={{ width: '100%', height }} data-testid={testId} />;
}
