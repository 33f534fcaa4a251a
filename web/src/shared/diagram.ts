// The bpmn-js viewer, loaded on first use (a chunk of its own). Shows a process diagram with
// markers: the current activities, completed ones, and the sequence flows taken.
export interface DiagramMarks {
  current: string[];
  completed: string[];
  flows: string[];
  inferFlows?: boolean; // no flow record: mark flows between steps that ran
}

export interface DiagramHandle {
  /** Flow nodes reachable from the current activities that have not run yet, in BFS order. */
  ahead(current: string[], completed: string[]): { id: string; name: string; type: string }[];
  destroy(): void;
}

interface Shape {
  id: string;
  type: string;
  businessObject: { name?: string };
  outgoing?: { target: Shape; type: string }[];
  source?: Shape;
  target?: Shape;
}

export async function showDiagram(container: HTMLElement, xml: string, marks: DiagramMarks): Promise<DiagramHandle> {
  const [{ default: Viewer }] = await Promise.all([
    import('bpmn-js/lib/NavigatedViewer'),
    import('bpmn-js/dist/assets/diagram-js.css'),
  ]);
  const viewer = new Viewer({ container });
  await viewer.importXML(xml);
  const canvas = viewer.get('canvas') as { zoom: (m: string) => void; addMarker: (id: string, c: string) => void };
  const registry = viewer.get('elementRegistry') as { get: (id: string) => Shape | undefined; getAll: () => Shape[] };
  canvas.zoom('fit-viewport');
  const mark = (ids: string[], cls: string) => {
    for (const id of ids) if (registry.get(id)) canvas.addMarker(id, cls);
  };
  mark(marks.completed, 'dpc-done');
  // Without the server's record of taken flows (older servers), a flow between two steps that
  // both ran is taken: exact for the usual case, a guess only around loops and joins.
  const ran = new Set([...marks.completed, ...marks.current]);
  const flows = marks.flows.length || !marks.inferFlows
    ? marks.flows
    : registry.getAll().filter((e) => e.type === 'bpmn:SequenceFlow' && e.source && e.target &&
        ran.has(e.source.id) && ran.has(e.target.id) && !marks.current.includes(e.source.id)).map((e) => e.id);
  mark(flows, 'dpc-taken');
  mark(marks.current, 'dpc-current');
  return {
    ahead(current, completed) {
      const seen = new Set<string>(current);
      const done = new Set(completed);
      const out: { id: string; name: string; type: string }[] = [];
      const queue = current.map((id) => registry.get(id)).filter((s): s is Shape => !!s);
      while (queue.length) {
        const s = queue.shift()!;
        for (const c of s.outgoing ?? []) {
          const next = c.target;
          if (!next || seen.has(next.id)) continue;
          seen.add(next.id);
          if (!done.has(next.id) && !next.type.endsWith('Gateway')) {
            out.push({ id: next.id, name: next.businessObject.name ?? '', type: next.type.replace('bpmn:', '') });
          }
          queue.push(next);
        }
      }
      return out;
    },
    destroy: () => viewer.destroy(),
  };
}

/** The bare bpmn-js viewer (as the `Viewer` of bpmn-js), for apps that add their own clicks and overlays. */
export interface BpmnViewer {
  get<T = unknown>(service: string): T;
  on(event: string, callback: (e: { element: { id: string; type: string; labelTarget?: { id: string; type: string } } }) => void): void;
  destroy(): void;
}

/** Loads the viewer chunk, shows `xml` in `container` fitted to it, and hands the viewer over. */
export async function openViewer(container: HTMLElement, xml: string): Promise<BpmnViewer> {
  const [{ default: Viewer }] = await Promise.all([
    import('bpmn-js/lib/NavigatedViewer'),
    import('bpmn-js/dist/assets/diagram-js.css'),
  ]);
  const viewer = new Viewer({ container });
  await viewer.importXML(xml);
  (viewer.get('canvas') as { zoom: (m: string) => void }).zoom('fit-viewport');
  return viewer as unknown as BpmnViewer;
}
