// The Dashboard's data: the processes it can show, the /api/analytics answers, the view state
// kept in the URL (process, steps, date range, heatmap), and the funnel as CSV.
import { get, post } from '../shared/api';

export interface ProcessDefinition { id: string; key: string; name: string | null; version: number }

export interface FunnelStep {
  id: string;
  reached: number;
  conversionFromPrevious: number | null;
  conversionFromStart: number | null;
  dropOff: number;
  medianMillisFromPrevious: number | null;
  p90MillisFromPrevious: number | null;
}
export interface Funnel { started: number; steps: FunnelStep[] }

export interface ActivityHeat {
  id: string; type: string; count: number; completed: number; waiting: number; incidents: number;
  medianMillis: number | null; p90Millis: number | null;
}
export interface Bottleneck { activityId: string; waiting: number; oldestWaitMillis: number | null; p90Millis: number | null; incidents: number }
export interface Heatmap { instances: number; activities: ActivityHeat[]; flows: { id: string; taken: number }[]; bottlenecks: Bottleneck[] }

export interface ViewState {
  process: string;   // definition key
  steps: string[];
  from: string;      // yyyy-mm-dd (local day), '' = open
  to: string;
  heat: boolean;
}

export function readState(): ViewState {
  const q = new URLSearchParams(location.search);
  return {
    process: q.get('process') ?? '',
    steps: (q.get('steps') ?? '').split(',').filter(Boolean),
    from: q.get('from') ?? defaultFrom(),
    to: q.get('to') ?? '',
    heat: q.get('heat') === '1',
  };
}

export function urlOf(s: ViewState): string {
  const q = new URLSearchParams();
  if (s.process) q.set('process', s.process);
  if (s.steps.length) q.set('steps', s.steps.join(','));
  q.set('from', s.from);
  if (s.to) q.set('to', s.to);
  if (s.heat) q.set('heat', '1');
  return `${location.pathname}?${q.toString()}`;
}

/** 30 days back, as the date input's value. */
function defaultFrom(): string {
  const d = new Date(Date.now() - 30 * 86400_000);
  return localDay(d);
}

export const localDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The range as the API's instants: from the start of `from` to the end of `to` (local days). */
function range(s: ViewState): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  if (s.from) out.from = new Date(`${s.from}T00:00:00`).toISOString();
  if (s.to) out.to = new Date(`${s.to}T23:59:59.999`).toISOString();
  return out;
}

export const loadProcesses = () =>
  get<ProcessDefinition[]>('/engine-rest/process-definition', { latestVersion: true, sortBy: 'name', sortOrder: 'asc' });

export const loadXml = (id: string) =>
  get<{ bpmn20Xml: string }>(`/engine-rest/process-definition/${encodeURIComponent(id)}/xml`).then((r) => r.bpmn20Xml);

export const loadFunnel = (s: ViewState) =>
  post<Funnel>('/api/analytics/funnel', { processDefinitionKey: s.process, steps: s.steps, ...range(s) });

export const loadHeatmap = (s: ViewState) =>
  get<Heatmap>('/api/analytics/heatmap', { processDefinitionKey: s.process, ...range(s) });

/** The funnel as CSV (raw numbers, as the REST answer has them), with the step names. */
export function funnelCsv(f: Funnel, name: (id: string) => string): string {
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows = [['step', 'name', 'reached', 'conversionFromPrevious', 'conversionFromStart', 'dropOff',
    'medianMillisFromPrevious', 'p90MillisFromPrevious']];
  rows.push(['(started)', '', String(f.started), '', '', '', '', '']);
  for (const s of f.steps) {
    rows.push([s.id, name(s.id), String(s.reached), String(s.conversionFromPrevious ?? ''), String(s.conversionFromStart ?? ''),
      String(s.dropOff), String(s.medianMillisFromPrevious ?? ''), String(s.p90MillisFromPrevious ?? '')]);
  }
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
