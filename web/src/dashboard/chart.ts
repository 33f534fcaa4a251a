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
      type: 'funnel', sort: 'none', min: 0, max: Math.max(1, funnel.started), left: '5%', width: '90%', top: 8, bottom: 8, gap: 2,
      label: { show: true, position: 'inside', formatter: '{b}: {c}', color: '#fff', fontSize: 12 },
      data: funnel.steps.map((s, k) => ({ name: `${k + 1}. ${name(s.id)}`, value: s.reached })),
    }],
  }, true);
}
