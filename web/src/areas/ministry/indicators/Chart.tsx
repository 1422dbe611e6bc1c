import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

// biome-ignore lint/suspicious/noExplicitAny: ECharts option objects are deeply dynamic
export type Option = Record<string, any>;

/** An ECharts canvas; ECharts itself is imported when the first chart mounts. */
export function Chart({ option, label, height = 320 }: { option: Option; label: string; height?: number }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let disposed = false;
    let chart: { setOption: (o: Option) => void; resize: () => void; dispose: () => void } | undefined;
    let observer: ResizeObserver | undefined;
    void import('./echarts').then(({ echarts }) => {
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
  }, [option]);
  return (
    <div>
      {ready ? null : <p className="muted">{t('indicators.chartLoading')}</p>}
      {/* ECharts writes its own aria-label on the element it draws in: ours is on the wrapper. */}
      <div role="img" aria-label={label}>
        <div ref={ref} style={{ width: '100%', height }} />
      </div>
    </div>
  );
}
