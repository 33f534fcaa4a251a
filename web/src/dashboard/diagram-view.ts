// The process diagram of the Dashboard (bpmn-js, loaded on first use): clicking a flow node or
// sequence flow adds it to the funnel; the funnel's numbers and, when switched on, the heatmap
// are bpmn-js overlays and markers on the elements (never a redrawn diagram).
import { openViewer, type BpmnViewer } from '../shared/diagram';
import { h } from '../shared/dom';
import { fmtNumber, t } from '../shared/i18n';
import type { Funnel, Heatmap } from './model';
import { duration, percent } from './format';

interface Element { id: string; type: string; businessObject: { name?: string }; waypoints?: unknown }
interface Overlays { add(id: string, type: string, o: { position: Record<string, number>; html: HTMLElement }): void; remove(filter: { type: string }): void }
interface Canvas { addMarker(id: string, c: string): void; removeMarker(id: string, c: string): void }
interface Registry { get(id: string): Element | undefined; getAll(): Element[] }

/** Elements a funnel step may be: flow nodes and sequence flows (not the process, lanes, labels). */
const stepType = (type: string) =>
  type === 'bpmn:SequenceFlow' || /Task$|Event$|Gateway$|SubProcess$|CallActivity$/.test(type);

export class DiagramView {
  private constructor(private viewer: BpmnViewer) {}

  static async open(container: HTMLElement, xml: string, onPick: (id: string) => void): Promise<DiagramView> {
    const viewer = await openViewer(container, xml);
    // Room around the fitted diagram for the badges above the first and last elements.
    const canvas = viewer.get<{ viewbox(v?: { x: number; y: number; width: number; height: number }): { x: number; y: number; width: number; height: number } }>('canvas');
    const vb = canvas.viewbox();
    const pad = Math.max(30, vb.width * 0.06);
    canvas.viewbox({ x: vb.x - pad, y: vb.y - pad, width: vb.width + 2 * pad, height: vb.height + 2 * pad });
    viewer.on('element.click', (e) => {
      const el = e.element.labelTarget ?? e.element;
      if (stepType(el.type)) onPick(el.id);
    });
    return new DiagramView(viewer);
  }

  private get overlays() { return this.viewer.get<Overlays>('overlays'); }
  private get canvas() { return this.viewer.get<Canvas>('canvas'); }
  private get registry() { return this.viewer.get<Registry>('elementRegistry'); }

  /** Flow nodes and flows that can be steps, with their names, in diagram order. */
  elements(): { id: string; name: string; flow: boolean }[] {
    return this.registry.getAll().filter((e) => stepType(e.type))
      .map((e) => ({ id: e.id, name: e.businessObject.name || e.id, flow: e.type === 'bpmn:SequenceFlow' }));
  }

  name(id: string): string {
    return this.registry.get(id)?.businessObject.name || id;
  }

  /** Numbers the funnel's steps on the diagram with their reached count and conversion. */
  showFunnel(steps: string[], funnel: Funnel | null): void {
    this.overlays.remove({ type: 'dash-funnel' });
    for (const e of this.registry.getAll()) this.canvas.removeMarker(e.id, 'dash-step');
    steps.forEach((id, k) => {
      if (!this.registry.get(id)) return;
      this.canvas.addMarker(id, 'dash-step');
      const s = funnel?.steps[k];
      const badge = h('div', { class: 'dash-badge', 'data-step': id, 'data-index': String(k + 1) },
        h('span', { class: 'dash-badge-n' }, String(k + 1)),
        s ? h('span', { class: 'dash-badge-count', 'data-reached': String(s.reached) }, fmtNumber(s.reached)) : null,
        s && s.conversionFromPrevious !== null ? h('span', { class: 'dash-badge-conv' }, percent(s.conversionFromPrevious)) : null);
      badge.title = s ? t('dash.badgeTitle', { step: this.name(id), reached: s.reached }) : this.name(id);
      this.overlays.add(id, 'dash-funnel', { position: { top: -14, left: -10 }, html: badge });
    });
  }

  /** Heatmap: activity counts and median durations, flow counts; colours by share of the busiest. */
  showHeat(heat: Heatmap | null): void {
    this.overlays.remove({ type: 'dash-heat' });
    for (const e of this.registry.getAll()) {
      for (const c of ['dash-heat-1', 'dash-heat-2', 'dash-heat-3']) this.canvas.removeMarker(e.id, c);
    }
    if (!heat) return;
    const max = Math.max(1, ...heat.activities.map((a) => a.count));
    const level = (n: number) => (n >= max * 0.66 ? 3 : n >= max * 0.33 ? 2 : 1);
    for (const a of heat.activities) {
      if (!this.registry.get(a.id)) continue;
      this.canvas.addMarker(a.id, `dash-heat-${level(a.count)}`);
      const tip = h('div', { class: 'dash-heat-tip', 'data-activity': a.id },
        fmtNumber(a.count),
        a.medianMillis !== null ? ` · ${duration(a.medianMillis)}` : '',
        a.waiting ? h('span', { class: 'dash-heat-wait' }, ` · ${t('dash.waitingShort', { n: a.waiting })}`) : null);
      tip.title = t('dash.heatTitle', { count: a.count, waiting: a.waiting, incidents: a.incidents });
      this.overlays.add(a.id, 'dash-heat', { position: { bottom: 4, left: 0 }, html: tip });
    }
    for (const f of heat.flows) {
      if (!this.registry.get(f.id)) continue;
      this.overlays.add(f.id, 'dash-heat', {
        position: { top: 0, left: 0 },
        html: h('div', { class: 'dash-flow-tip', 'data-flow': f.id }, fmtNumber(f.taken)),
      });
    }
  }

  destroy(): void { this.viewer.destroy(); }
}
