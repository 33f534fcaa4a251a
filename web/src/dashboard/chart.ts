// The funnel chart: echarts with only its funnel series, tooltip and SVG renderer. main.ts
// imports this module dynamically, so echarts is a chunk fetched only when a funnel is drawn.
import { FunnelChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import { init, use, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { Funnel } from './model';

use([FunnelChart, TooltipComponent, SVGRenderer]);

let chart: EChartsType | null = null;
let host: HTMLElement | null = null;

export function drawFunnel(container: HTMLElement, funnel: Funnel, name: (id: string) => string): void {
  if (!chart || host !== container) {
    chart?.dispose();
    chart = init(container, undefined, { renderer: 'svg' });
    host = container;
    window.addEventListener('resize', () => chart?.resize());
  }
  chart.resize();
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    series: [{
      // Labels beside the funnel: a narrow last step still has a readable name and number.
      type: 'funnel', sort: 'none', min: 0, max: Math.max(1, funnel.started), left: '2%', width: '50%', top: 8, bottom: 8, gap: 2,
      label: { show: true, position: 'right', formatter: '{b}: {c}', color: '#17212b', fontSize: 12, overflow: 'truncate', width: 150 },
      labelLine: { show: true },
      color: ['#1d5fa8', '#3b7cc4', '#5c97d6', '#80b0e3', '#a6c8ee', '#c9dff5'],
      data: funnel.steps.map((s, k) => ({ name: `${k + 1}. ${name(s.id)}`, value: s.reached })),
    }],
  }, true);
}
