import { useEffect, useRef, useState } from 'react';

// biome-ignore lint/suspicious/noExplicitAny: ECharts option objects are deeply dynamic
export type ChartOption = Record<string, any>;

/**
 * Draw `option` with ECharts in the element of the returned `ref`, following its size. ECharts is
 * brought by `load` when the first chart mounts: each area loads only the slice of ECharts it
 * needs (its own `echarts.ts`), so `load` is a module-level function, not a new one each render.
 * `ready` once the chart is drawn.
 */
export function useECharts(
  option: ChartOption,
  load: () => Promise<{ echarts: typeof import('echarts/core') }>,
) {
  const ref = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let disposed = false;
    let chart: { setOption: (o: ChartOption) => void; resize: () => void; dispose: () => void } | undefined;
    let observer: ResizeObserver | undefined;
    void load().then(({ echarts }) => {
      if (disposed || !ref.current) return;
      chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
      chart.setOption({ aria: { enabled: true }, animation: false, ...option });
      if (typeof ResizeObserver !== 'undefined') {
        observer = new ResizeObserver(() => chart?.resize());
        observer.observe(ref.current);
      }
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart?.dispose();
    };
  }, [option, load]);
  return { ref, ready };
}
