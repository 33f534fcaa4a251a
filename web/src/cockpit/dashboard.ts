// The dashboard: every deployed process (latest version, counts over all its versions) with
// running instances, open incidents and failed jobs, and the deployed decisions. Live.
import { get } from '../shared/api';
import { clear, h } from '../shared/dom';
import { fmtNumber, t } from '../shared/i18n';
import { watch } from './live';
import { incidentTotal, REST, type DecisionDefinition, type Definition, type DefinitionStatistics } from './model';
import { empty, errorBox, link, loading, table } from './ui';

interface Row {
  latest: Definition;
  instances: number;
  incidents: number;
  failedJobs: number;
}

async function rows(): Promise<Row[]> {
  const [defs, stats] = await Promise.all([
    get<Definition[]>(`${REST}/process-definition`, { latestVersion: true, sortBy: 'name', sortOrder: 'asc' }),
    get<DefinitionStatistics[]>(`${REST}/process-definition/statistics`, { incidents: true, failedJobs: true }),
  ]);
  const byKey = new Map<string, Row>();
  for (const d of defs) byKey.set(d.key, { latest: d, instances: 0, incidents: 0, failedJobs: 0 });
  for (const s of stats) {
    const r = byKey.get(s.definition.key);
    if (!r) continue;
    r.instances += s.instances;
    r.incidents += incidentTotal(s.incidents);
    r.failedJobs += s.failedJobs;
  }
  return [...byKey.values()].sort((a, b) => (a.latest.name ?? a.latest.key).localeCompare(b.latest.name ?? b.latest.key));
}

export async function dashboardScreen(root: HTMLElement): Promise<() => void> {
  const totals = h('div', { class: 'cp-totals' });
  const processes = h('section', { class: 'panel', 'aria-labelledby': 'cp-processes' });
  const decisions = h('section', { class: 'panel', 'aria-labelledby': 'cp-decisions' });
  root.append(h('h1', { class: 'cp-title' }, t('cp.dashboard.title')), totals, processes, decisions);
  clear(processes, loading());

  const render = async () => {
    try {
      const list = await rows();
      const sum = (f: (r: Row) => number) => list.reduce((n, r) => n + f(r), 0);
      clear(totals,
        tile(t('cp.running'), sum((r) => r.instances), 'running'),
        tile(t('cp.incidents'), sum((r) => r.incidents), 'incident'),
        tile(t('cp.failedJobs'), sum((r) => r.failedJobs), 'failed'),
        tile(t('cp.processes'), list.length, 'count'));
      clear(processes, h('h2', { id: 'cp-processes' }, t('cp.dashboard.processes')),
        list.length ? table<Row>(t('cp.dashboard.processes'), [
          { key: 'name', label: t('cp.col.process'), cell: (r) => link(`/cockpit/process-definition/${encodeURIComponent(r.latest.id)}`, r.latest.name || r.latest.key, { 'data-key': r.latest.key }) },
          { key: 'version', label: t('cp.col.version'), cell: (r) => String(r.latest.version), cls: 'num' },
          { key: 'running', label: t('cp.running'), cell: (r) => fmtNumber(r.instances), cls: 'num' },
          { key: 'incidents', label: t('cp.incidents'), cell: (r) => r.incidents ? h('span', { class: 'badge badge-danger', 'data-incidents': r.latest.key }, fmtNumber(r.incidents)) : '0', cls: 'num' },
          { key: 'failed', label: t('cp.failedJobs'), cell: (r) => r.failedJobs ? h('span', { class: 'badge badge-warn' }, fmtNumber(r.failedJobs)) : '0', cls: 'num' },
          { key: 'state', label: t('cp.col.state'), cell: (r) => r.latest.suspended ? h('span', { class: 'badge badge-warn' }, t('cp.suspended')) : t('cp.active') },
        ], list) : empty(t('cp.dashboard.noProcesses')));
    } catch (e) {
      clear(processes, errorBox(e));
    }
    try {
      const ds = await get<DecisionDefinition[]>(`${REST}/decision-definition`, { latestVersion: true, sortBy: 'name', sortOrder: 'asc' });
      clear(decisions, h('h2', { id: 'cp-decisions' }, t('cp.dashboard.decisions')),
        ds.length ? h('ul', { class: 'cp-plain-list' }, ds.map((d) => h('li', null,
          link(`/cockpit/decision-definition/${encodeURIComponent(d.id)}`, d.name || d.key), ' ',
          h('span', { class: 'muted' }, t('cp.versionN', { version: d.version }))))) : empty(t('cp.dashboard.noDecisions')));
    } catch (e) {
      clear(decisions, h('h2', { id: 'cp-decisions' }, t('cp.dashboard.decisions')), errorBox(e));
    }
  };
  await render();
  return watch(() => void render());
}

function tile(label: string, value: number, kind: string): HTMLElement {
  return h('div', { class: `cp-tile cp-tile-${kind}`, 'data-tile': kind },
    h('span', { class: 'cp-tile-value' }, fmtNumber(value)),
    h('span', { class: 'cp-tile-label' }, label));
}
