/**
 * The slice of ECharts the indicator views need (radar, bars with a median line, trend lines),
 * loaded on demand: the ministry route's budget counts none of it.
 */
import { BarChart, LineChart, RadarChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  RadarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  AriaComponent,
  CanvasRenderer,
]);

export { echarts };
