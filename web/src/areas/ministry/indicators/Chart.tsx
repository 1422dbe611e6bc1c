import { useTranslation } from 'react-i18next';
import { type ChartOption, useECharts } from '../../../components/useECharts';

const loadECharts = () => import('./echarts');

/** An ECharts canvas; ECharts itself is imported when the first chart mounts. */
export function Chart({
  option,
  label,
  height = 320,
}: {
  option: ChartOption;
  label: string;
  height?: number;
}) {
  const { t } = useTranslation();
  const { ref, ready } = useECharts(option, loadECharts);
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
