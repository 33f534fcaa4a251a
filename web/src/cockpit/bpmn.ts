// The Cockpit's diagram: bpmn-js NavigatedViewer loaded on first use (a chunk of its own), with
// overlays (badges per activity), markers, and a click handler on flow nodes. The shared
// diagram.ts draws the Tasklist's path; this one is for counts and choosing activities.
export interface Badge {
  activityId: string;
  count: number;
  kind: 'running' | 'incident' | 'done' | 'canceled' | 'duration';
  label: string; // accessible text ("3 running")
  text?: string; // shown instead of the count ("15 min")
}

export interface CockpitDiagram {
  badges(list: Badge[]): void;
  mark(ids: string[], cls: string): void;
  unmark(cls: string): void;
  names(): Map<string, { name: string; type: string }>;
  has(id: string): boolean;
  onClick(fn: (activityId: string) => void): void;
  destroy(): void;
}

interface Shape {
  id: string;
  type: string;
  businessObject: { name?: string };
  waypoints?: unknown;
}

export async function openDiagram(container: HTMLElement, xml: string): Promise<CockpitDiagram> {
  const [{ default: Viewer }] = await Promise.all([
    import('bpmn-js/lib/NavigatedViewer'),
    import('bpmn-js/dist/assets/diagram-js.css'),
  ]);
  const viewer = new Viewer({ container });
  await viewer.importXML(xml);
  const canvas = viewer.get('canvas') as {
    zoom: (m: string) => void;
    addMarker: (id: string, c: string) => void;
    removeMarker: (id: string, c: string) => void;
  };
  const registry = viewer.get('elementRegistry') as { get: (id: string) => Shape | undefined; getAll: () => Shape[] };
  const overlays = viewer.get('overlays') as {
    add: (id: string, type: string, o: { position: Record<string, number>; html: HTMLElement }) => string;
    remove: (filter: { type: string }) => void;
  };
  const events = viewer.get('eventBus') as { on: (e: string, fn: (ev: { element: Shape }) => void) => void };
  canvas.zoom('fit-viewport');
  const marked = new Map<string, string[]>();
  return {
    badges(list) {
      overlays.remove({ type: 'dpc-badge' });
      const perActivity = new Map<string, Badge[]>();
      for (const b of list) {
        if (!registry.get(b.activityId) || b.count <= 0) continue;
        perActivity.set(b.activityId, [...(perActivity.get(b.activityId) ?? []), b]);
      }
      // Counts sit on the bottom-left corner, durations inside the top-right corner (inside, so
      // a diagram fitted to a phone's canvas does not cut them off).
      const groups = [...perActivity].flatMap(([id, bs]) => [
        { id, bs: bs.filter((b) => b.kind !== 'duration'), position: { bottom: 12, left: -6 } as Record<string, number> },
        { id, bs: bs.filter((b) => b.kind === 'duration'), position: { top: 3, right: 44 } as Record<string, number> },
      ]).filter((g) => g.bs.length);
      for (const { id, bs, position } of groups) {
        const html = document.createElement('div');
        html.className = 'cp-badges';
        for (const b of bs) {
          const s = document.createElement('span');
          s.className = `cp-badge cp-badge-${b.kind}`;
          s.dataset.activity = id;
          s.dataset.kind = b.kind;
          s.title = b.label;
          s.setAttribute('aria-label', b.label);
          s.textContent = b.text ?? String(b.count);
          html.appendChild(s);
        }
        overlays.add(id, 'dpc-badge', { position, html });
      }
    },
    mark(ids, cls) {
      for (const id of ids) if (registry.get(id)) canvas.addMarker(id, cls);
      marked.set(cls, [...(marked.get(cls) ?? []), ...ids]);
    },
    unmark(cls) {
      for (const id of marked.get(cls) ?? []) if (registry.get(id)) canvas.removeMarker(id, cls);
      marked.delete(cls);
    },
    names() {
      const out = new Map<string, { name: string; type: string }>();
      for (const e of registry.getAll()) {
        if (e.waypoints || e.type === 'label' || e.type === 'bpmn:Process' || e.type === 'bpmn:Collaboration') continue;
        out.set(e.id, { name: e.businessObject.name ?? '', type: e.type.replace('bpmn:', '') });
      }
      return out;
    },
    has: (id) => !!registry.get(id),
    onClick(fn) {
      events.on('element.click', (ev) => {
        const e = ev.element;
        if (e.waypoints || e.type === 'label' || e.type === 'bpmn:Process' || e.type.endsWith('Collaboration')) return;
        fn(e.id);
      });
    },
    destroy: () => viewer.destroy(),
  };
}
