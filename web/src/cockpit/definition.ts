// A process definition: its diagram with badges per activity (running instances, incidents),
// a version switch, and the instance list with filters (business key, start date range, has
// incidents, suspended, in activity; clicking an activity on the diagram filters by it), sorted
// and paged. The view lives in the URL (?activity=&businessKey=&...&page=).
import { get, post } from '../shared/api';
import { clear, h, uid } from '../shared/dom';
import { fmtDateTime, fmtNumber, t, toCamundaDate } from '../shared/i18n';
import type { CockpitDiagram } from './bpmn';
import { watch } from './live';
import { incidentTotal, REST, type ActivityStatistics, type Definition, type HistoricInstance, type ProcessInstance } from './model';
import { bulkBar, type Scope } from './bulk';
import { duration, empty, errorBox, link, loading, pager, table, type SortState } from './ui';

const PAGE = 20;

interface Heat {
  id: string;
  completed: number;
  medianMillis: number | null;
  avgMillis?: number | null;
  p90Millis: number | null;
}

interface Filters {
  businessKey: string;
  startedAfter: string; // yyyy-mm-dd
  startedBefore: string;
  incidents: boolean;
  state: '' | 'active' | 'suspended';
  activity: string;
  variable: string; // "amount >= 1000"
  sortBy: string;
  sortOrder: 'asc' | 'desc';
  page: number;
}

function readFilters(q: URLSearchParams): Filters {
  const state = q.get('state');
  return {
    businessKey: q.get('businessKey') ?? '',
    startedAfter: q.get('startedAfter') ?? '',
    startedBefore: q.get('startedBefore') ?? '',
    incidents: q.get('incidents') === 'true',
    state: state === 'active' || state === 'suspended' ? state : '',
    activity: q.get('activity') ?? '',
    variable: q.get('variable') ?? '',
    sortBy: q.get('sortBy') ?? 'startTime',
    sortOrder: q.get('sortOrder') === 'asc' ? 'asc' : 'desc',
    page: Math.max(1, Number(q.get('page') ?? 1) || 1),
  };
}

function queryOf(f: Filters): string {
  const q = new URLSearchParams();
  if (f.businessKey) q.set('businessKey', f.businessKey);
  if (f.startedAfter) q.set('startedAfter', f.startedAfter);
  if (f.startedBefore) q.set('startedBefore', f.startedBefore);
  if (f.incidents) q.set('incidents', 'true');
  if (f.state) q.set('state', f.state);
  if (f.activity) q.set('activity', f.activity);
  if (f.variable) q.set('variable', f.variable);
  if (f.sortBy !== 'startTime') q.set('sortBy', f.sortBy);
  if (f.sortOrder !== 'desc') q.set('sortOrder', f.sortOrder);
  if (f.page > 1) q.set('page', String(f.page));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const OPS: Record<string, string> = { '>=': 'gteq', '<=': 'lteq', '!=': 'neq', '=': 'eq', '>': 'gt', '<': 'lt', like: 'like' };

/** "amount >= 1000" as Camunda's variables query parameter (amount_gteq_1000), or null. */
export function variableCondition(text: string): string | null {
  const m = /^\s*([A-Za-z_][\w.-]*)\s*(>=|<=|!=|=|>|<|like)\s*(.+?)\s*$/.exec(text);
  if (!m || m[3].includes(',')) return null;
  return `${m[1]}_${OPS[m[2]]}_${m[3]}`;
}

const day = (d: string, end: boolean) => toCamundaDate(new Date(`${d}T${end ? '23:59:59.999' : '00:00:00'}`));

/** The history query of the running instances matching the filters (null: none match), and
 * whether a runtime filter stopped at its cap. */
async function historyBody(defId: string, f: Filters): Promise<{ body: Record<string, unknown>; capped: boolean } | null> {
  const body: Record<string, unknown> = {
    processDefinitionId: defId,
    unfinished: true,
    sorting: [{ sortBy: f.sortBy, sortOrder: f.sortOrder }],
  };
  if (f.businessKey) body.processInstanceBusinessKeyLike = businessKeyPattern(f.businessKey);
  if (f.startedAfter) body.startedAfter = day(f.startedAfter, false);
  if (f.startedBefore) body.startedBefore = day(f.startedBefore, true);
  let capped = false;
  // Incidents, suspension and the current activity are runtime facts: the runtime query names
  // the instances, the history query pages and sorts them with their start times.
  if (f.incidents || f.state || f.activity || f.variable) {
    const CAP = 2000;
    const ids = await get<ProcessInstance[]>(`${REST}/process-instance`, {
      processDefinitionId: defId,
      withIncident: f.incidents || undefined,
      suspended: f.state === 'suspended' || undefined,
      active: f.state === 'active' || undefined,
      activityIdIn: f.activity || undefined,
      variables: f.variable ? variableCondition(f.variable) ?? undefined : undefined,
      maxResults: CAP,
    });
    if (!ids.length) return null;
    capped = ids.length === CAP;
    body.processInstanceIds = ids.map((i) => i.id);
  }
  return { body, capped };
}

const businessKeyPattern = (bk: string) => bk.includes('%') ? bk : `%${bk}%`;

/** One page of the running instances matching the filters, and how many match. */
async function instances(defId: string, f: Filters): Promise<{ rows: HistoricInstance[]; total: number; capped: boolean }> {
  const q = await historyBody(defId, f);
  if (!q) return { rows: [], total: 0, capped: false };
  const [rows, count] = await Promise.all([
    post<HistoricInstance[]>(`${REST}/history/process-instance`, q.body, { firstResult: (f.page - 1) * PAGE, maxResults: PAGE }),
    post<{ count: number }>(`${REST}/history/process-instance/count`, q.body),
  ]);
  return { rows, total: count.count, capped: q.capped };
}

/** "amount >= 1000" as an entry of a POST query's variables ({name, operator, value}). */
function variableEntry(text: string): { name: string; operator: string; value: unknown } | null {
  const c = variableCondition(text);
  if (!c) return null;
  const m = /^\s*([A-Za-z_][\w.-]*)\s*(>=|<=|!=|=|>|<|like)\s*(.+?)\s*$/.exec(text)!;
  const raw = m[3];
  const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw === 'true' || raw === 'false' ? raw === 'true' : raw;
  return { name: m[1], operator: OPS[m[2]], value };
}

const MATCH_CAP = 10000;

/** Every running instance the filters match, for a batch: the runtime query itself when the
 * filters are runtime ones, else (a start date range) the ids the history query finds. */
async function matching(defId: string, f: Filters): Promise<Scope> {
  if (f.startedAfter || f.startedBefore) {
    const q = await historyBody(defId, f);
    if (!q) return { ids: [], count: 0 };
    const rows = await post<HistoricInstance[]>(`${REST}/history/process-instance`, q.body, { maxResults: MATCH_CAP });
    return { ids: rows.map((r) => r.id), count: rows.length, capped: rows.length === MATCH_CAP || q.capped };
  }
  const query: Record<string, unknown> = { processDefinitionId: defId };
  if (f.businessKey) query.businessKeyLike = businessKeyPattern(f.businessKey);
  if (f.incidents) query.withIncident = true;
  if (f.state === 'suspended') query.suspended = true;
  if (f.state === 'active') query.active = true;
  if (f.activity) query.activityIdIn = [f.activity];
  if (f.variable) query.variables = [variableEntry(f.variable)];
  const { count } = await post<{ count: number }>(`${REST}/process-instance/count`, query);
  return { query, count };
}

export async function definitionScreen(root: HTMLElement, defId: string, query: URLSearchParams): Promise<() => void> {
  let f = readFilters(query);
  let diagram: CockpitDiagram | null = null;
  let names = new Map<string, { name: string; type: string }>();
  const head = h('div', { class: 'cp-head' });
  const canvas = h('div', { class: 'cp-canvas', role: 'region', 'aria-label': t('cp.diagram') });
  const diagramNote = h('p', { class: 'muted small' }, t('cp.def.clickHint'));
  const filterBox = h('form', { class: 'cp-filters panel', 'aria-label': t('cp.filters'), onsubmit: (e: Event) => { e.preventDefault(); apply(); } });
  const listBox = h('section', { class: 'panel', 'aria-labelledby': 'cp-inst-title' });
  root.append(head, h('section', { class: 'panel cp-diagram-panel' }, canvas, diagramNote), filterBox, listBox);
  clear(head, loading());

  let def: Definition;
  try {
    def = await get<Definition>(`${REST}/process-definition/${encodeURIComponent(defId)}`);
  } catch (e) {
    clear(head, errorBox(e));
    return () => undefined;
  }
  const versions = await get<Definition[]>(`${REST}/process-definition`, { key: def.key, sortBy: 'version', sortOrder: 'desc' }).catch(() => [def]);
  const versionId = uid('ver');
  clear(head,
    h('p', { class: 'cp-crumbs' }, link('/cockpit/', t('cp.section.dashboard')), ' › '),
    h('h1', { class: 'cp-title' }, def.name || def.key),
    h('div', { class: 'cp-meta' },
      h('span', null, t('cp.col.key'), ': ', h('code', null, def.key)),
      h('span', { class: 'field cp-inline' },
        h('label', { for: versionId }, t('cp.col.version')),
        h('select', {
          id: versionId, class: 'input input-sm',
          onchange: (e: Event) => go(`/cockpit/process-definition/${encodeURIComponent((e.target as HTMLSelectElement).value)}`),
        }, versions.map((v) => h('option', { value: v.id, selected: v.id === def.id }, t('cp.versionN', { version: v.version }))))),
      def.suspended ? h('span', { class: 'badge badge-warn' }, t('cp.suspended')) : null));

  const go = (href: string) => {
    history.pushState(null, '', href);
    window.dispatchEvent(new PopStateEvent('popstate'));
  };
  // Instances ticked for a batch operation; kept over pages and sorting, dropped when the
  // filters change (the ticked ones might no longer match).
  const selected = new Set<string>();
  const setFilters = (next: Partial<Filters>) => {
    if (Object.keys(next).some((k) => k !== 'page' && k !== 'sortBy' && k !== 'sortOrder')) selected.clear();
    f = { ...f, ...next };
    history.replaceState(null, '', `/cockpit/process-definition/${encodeURIComponent(def.id)}${queryOf(f)}`);
    renderFilters();
    void renderList();
    markActivity();
  };
  const markActivity = () => {
    if (!diagram) return;
    diagram.unmark('cp-selected');
    if (f.activity) diagram.mark([f.activity], 'cp-selected');
  };

  // Running: tokens and open incidents now. History: how often each activity ran, finished or
  // was cancelled over every instance of this version.
  let badgeView: 'running' | 'history' = query.get('view') === 'history' ? 'history' : 'running';
  const viewSwitch = h('fieldset', { class: 'cp-switch' },
    h('legend', { class: 'visually-hidden' }, t('cp.def.badgeView')),
    (['running', 'history'] as const).map((v) => h('label', { class: 'cp-switch-option' },
      h('input', {
        type: 'radio', name: 'badge-view', value: v, checked: badgeView === v,
        onchange: () => {
          badgeView = v;
          const q = new URLSearchParams(location.search);
          if (v === 'history') q.set('view', 'history');
          else q.delete('view');
          history.replaceState(null, '', `${location.pathname}${q.toString() ? `?${q}` : ''}`);
          void renderBadges();
        },
      }), t(`cp.def.view.${v}`))));
  diagramNote.before(viewSwitch);

  // History also shows how long each activity took (completed ones: median and average, from
  // /api/analytics/heatmap), on the diagram and in a table under it.
  const durationBox = h('section', { class: 'panel cp-pad', 'aria-labelledby': 'cp-dur-title', hidden: true });
  canvas.parentElement!.after(durationBox);
  const renderBadges = async () => {
    if (!diagram) return;
    durationBox.hidden = badgeView !== 'history';
    if (badgeView === 'history') {
      const [hs, heat] = await Promise.all([
        get<{ id: string; instances: number; finished: number; canceled: number; openIncidents: number }[]>(
          `${REST}/history/process-definition/${encodeURIComponent(def.id)}/statistics`, { finished: true, canceled: true, incidents: true }),
        get<{ activities: Heat[] }>('/api/analytics/heatmap', { processDefinitionKey: def.key, version: def.version })
          .catch(() => ({ activities: [] as Heat[] })),
      ]);
      const timed = heat.activities.filter((a) => a.medianMillis !== null && names.has(a.id) && !/Gateway|Event$/.test(names.get(a.id)!.type));
      diagram.badges([...hs.flatMap((s) => [
        { activityId: s.id, count: s.finished - s.canceled, kind: 'done' as const, label: t('cp.badge.finished', { count: s.finished - s.canceled }) },
        { activityId: s.id, count: s.canceled, kind: 'canceled' as const, label: t('cp.badge.canceled', { count: s.canceled }) },
        { activityId: s.id, count: s.instances, kind: 'running' as const, label: t('cp.badge.running', { count: s.instances }) },
      ]), ...timed.map((a) => ({
        activityId: a.id, count: 1, kind: 'duration' as const, text: duration(a.medianMillis),
        label: t('cp.dur.badge', { median: duration(a.medianMillis), avg: duration(a.avgMillis ?? null) }),
      }))]);
      clear(durationBox, h('h2', { id: 'cp-dur-title' }, t('cp.dur.title')),
        timed.length ? table<Heat>(t('cp.dur.title'), [
          { key: 'a', label: t('cp.mod.activity'), cell: (a) => names.get(a.id)?.name || a.id },
          { key: 'n', label: t('cp.dur.completed'), cell: (a) => fmtNumber(a.completed), cls: 'num' },
          { key: 'med', label: t('cp.dur.median'), cell: (a) => h('span', { 'data-median': a.id }, duration(a.medianMillis)), cls: 'num' },
          { key: 'avg', label: t('cp.dur.avg'), cell: (a) => h('span', { 'data-avg': a.id }, duration(a.avgMillis ?? null)), cls: 'num' },
          { key: 'p90', label: t('cp.dur.p90'), cell: (a) => duration(a.p90Millis), cls: 'num' },
        ], timed) : empty(t('cp.dur.none')));
      return;
    }
    const stats = await get<ActivityStatistics[]>(`${REST}/process-definition/${encodeURIComponent(def.id)}/statistics`, { incidents: true, failedJobs: true });
    diagram.badges(stats.flatMap((s) => [
      { activityId: s.id, count: s.instances, kind: 'running' as const, label: t('cp.badge.running', { count: s.instances }) },
      { activityId: s.id, count: incidentTotal(s.incidents), kind: 'incident' as const, label: t('cp.badge.incidents', { count: incidentTotal(s.incidents) }) },
    ]));
  };

  // The diagram arrives after the form is shown (bpmn-js loads on demand): the form is drawn
  // again to list the activities by name, keeping what the user typed meanwhile and the focus
  // (the activity list had no names before, so its choice comes from the filters).
  function redrawFiltersKeepingInput(): void {
    const fields = () => filterBox.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input[name], select[name]');
    const typed = new Map<string, string | boolean>();
    fields().forEach((el) => {
      if (el.name !== 'activity') typed.set(el.name, el instanceof HTMLInputElement && el.type === 'checkbox' ? el.checked : el.value);
    });
    const focused = filterBox.contains(document.activeElement) ? (document.activeElement as HTMLInputElement).name : '';
    renderFilters();
    fields().forEach((el) => {
      const v = typed.get(el.name);
      if (typeof v === 'boolean') (el as HTMLInputElement).checked = v;
      else if (v !== undefined) el.value = v;
    });
    if (focused) filterBox.querySelector<HTMLElement>(`[name="${focused}"]`)?.focus();
  }

  function renderFilters(): void {
    const ids = { v: uid('f'), vh: uid('f'), bk: uid('f'), after: uid('f'), before: uid('f'), inc: uid('f'), state: uid('f'), act: uid('f') };
    const activities = [...names.entries()].filter(([, v]) => !v.type.endsWith('Gateway') && v.type !== 'SequenceFlow')
      .sort((a, b) => (a[1].name || a[0]).localeCompare(b[1].name || b[0]));
    clear(filterBox,
      h('h2', { class: 'visually-hidden' }, t('cp.filters')),
      h('div', { class: 'cp-filter-grid' },
        h('div', { class: 'field' }, h('label', { for: ids.bk }, t('cp.col.businessKey')),
          h('input', { id: ids.bk, name: 'businessKey', value: f.businessKey, type: 'search' })),
        h('div', { class: 'field' + (f.variable && !variableCondition(f.variable) ? ' has-error' : '') }, h('label', { for: ids.v }, t('cp.filter.variable')),
          h('input', { id: ids.v, name: 'variable', value: f.variable, type: 'search', placeholder: 'amount >= 1000', 'aria-describedby': ids.vh, autocomplete: 'off' }),
          h('span', { id: ids.vh, class: f.variable && !variableCondition(f.variable) ? 'field-error' : 'hint' }, t('cp.filter.variableHint'))),
        h('div', { class: 'field' }, h('label', { for: ids.after }, t('cp.filter.startedAfter')),
          h('input', { id: ids.after, name: 'startedAfter', type: 'date', value: f.startedAfter })),
        h('div', { class: 'field' }, h('label', { for: ids.before }, t('cp.filter.startedBefore')),
          h('input', { id: ids.before, name: 'startedBefore', type: 'date', value: f.startedBefore })),
        h('div', { class: 'field' }, h('label', { for: ids.state }, t('cp.col.state')),
          h('select', { id: ids.state, name: 'state' },
            h('option', { value: '', selected: !f.state }, t('cp.filter.any')),
            h('option', { value: 'active', selected: f.state === 'active' }, t('cp.active')),
            h('option', { value: 'suspended', selected: f.state === 'suspended' }, t('cp.suspended')))),
        h('div', { class: 'field' }, h('label', { for: ids.act }, t('cp.filter.activity')),
          h('select', { id: ids.act, name: 'activity' },
            h('option', { value: '', selected: !f.activity }, t('cp.filter.any')),
            activities.map(([id, v]) => h('option', { value: id, selected: f.activity === id }, v.name || id)))),
        h('label', { class: 'cp-check', for: ids.inc }, h('input', { id: ids.inc, name: 'incidents', type: 'checkbox', checked: f.incidents }), t('cp.filter.withIncidents'))),
      h('div', { class: 'cp-filter-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary btn-sm' }, t('cp.filter.apply')),
        h('button', { type: 'button', class: 'btn btn-sm', onclick: () => setFilters({ variable: '', businessKey: '', startedAfter: '', startedBefore: '', incidents: false, state: '', activity: '', page: 1 }) }, t('cp.filter.clear'))));
  }

  function apply(): void {
    const data = new FormData(filterBox);
    setFilters({
      businessKey: String(data.get('businessKey') ?? '').trim(),
      variable: String(data.get('variable') ?? '').trim(),
      startedAfter: String(data.get('startedAfter') ?? ''),
      startedBefore: String(data.get('startedBefore') ?? ''),
      state: String(data.get('state') ?? '') as Filters['state'],
      activity: String(data.get('activity') ?? ''),
      incidents: data.get('incidents') !== null,
      page: 1,
    });
  }

  let listSeq = 0;
  async function renderList(): Promise<void> {
    const my = ++listSeq;
    if (f.variable && !variableCondition(f.variable)) {
      clear(listBox, h('p', { class: 'alert alert-error', role: 'alert' }, t('cp.filter.variableBad', { text: f.variable })));
      return;
    }
    const title = h('h2', { id: 'cp-inst-title' }, t('cp.def.instances'),
      f.activity ? h('span', { class: 'badge badge-accent cp-activity-chip' }, names.get(f.activity)?.name || f.activity,
        h('button', { type: 'button', class: 'btn-link', 'aria-label': t('cp.filter.clearActivity'), onclick: () => setFilters({ activity: '', page: 1 }) }, ' ×')) : null);
    try {
      const { rows, total, capped } = await instances(def.id, f);
      if (my !== listSeq) return;
      const sort: SortState = { sortBy: f.sortBy, sortOrder: f.sortOrder };
      // Ticking a box redraws the operations bar (counts) and the boxes, not the list; the
      // control that had the keyboard focus keeps it.
      const bulkSlot = h('div');
      const redraw = () => {
        const had = document.activeElement;
        const key = had instanceof HTMLElement && bulkSlot.contains(had) ? (had.hasAttribute('data-select-page') ? '[data-select-page]' : had.matches('[data-bulk]') ? `[data-bulk="${had.getAttribute('data-bulk')}"]` : '') : '';
        for (const box of listBox.querySelectorAll<HTMLInputElement>('[data-select]')) box.checked = selected.has(box.dataset.select!);
        clear(bulkSlot, bulkBar({
          definitionId: def.id, processLabel: `${def.name || def.key}, ${t('cp.versionN', { version: def.version })}`,
          selected, pageIds: rows.map((r) => r.id), total, matching: () => matching(def.id, f), changed: redraw,
        }));
        if (key) bulkSlot.querySelector<HTMLElement>(key)?.focus();
      };
      clear(listBox, title,
        capped ? h('p', { class: 'alert alert-warn' }, t('cp.def.capped')) : null,
        rows.length ? bulkSlot : null,
        rows.length ? table<HistoricInstance>(t('cp.def.instances'), [
          { key: 'sel', label: t('cp.bulk.select'), cls: 'cp-sel', cell: (r) => h('input', {
            type: 'checkbox', 'data-select': r.id, checked: selected.has(r.id),
            'aria-label': t('cp.bulk.selectOne', { id: r.businessKey || r.id }),
            onchange: (e: Event) => {
              if ((e.target as HTMLInputElement).checked) selected.add(r.id); else selected.delete(r.id);
              redraw();
            },
          }) },
          { key: 'id', label: t('cp.col.instance'), sort: 'instanceId', cell: (r) => link(`/cockpit/process-instance/${encodeURIComponent(r.id)}`, r.id.slice(0, 13) + '…', { title: r.id, 'data-instance': r.id }) },
          { key: 'bk', label: t('cp.col.businessKey'), sort: 'businessKey', cell: (r) => r.businessKey ?? '' },
          { key: 'start', label: t('cp.col.started'), sort: 'startTime', cell: (r) => fmtDateTime(r.startTime) },
          { key: 'state', label: t('cp.col.state'), cell: (r) => r.state === 'SUSPENDED' ? h('span', { class: 'badge badge-warn' }, t('cp.suspended')) : t('cp.active') },
        ], rows, sort, (s) => setFilters({ ...s, sortOrder: s.sortOrder, page: 1 })) : empty(t('cp.def.noInstances')),
        total > PAGE ? pager(f.page, PAGE, total, (page) => setFilters({ page })) : null);
      if (rows.length) redraw();
    } catch (e) {
      if (my === listSeq) clear(listBox, title, errorBox(e));
    }
  }

  renderFilters();
  clear(listBox, loading());
  void renderList();
  try {
    const { bpmn20Xml } = await get<{ bpmn20Xml: string }>(`${REST}/process-definition/${encodeURIComponent(def.id)}/xml`);
    const { openDiagram } = await import('./bpmn');
    diagram = await openDiagram(canvas, bpmn20Xml);
    names = diagram.names();
    diagram.onClick((id) => setFilters({ activity: f.activity === id ? '' : id, page: 1 }));
    redrawFiltersKeepingInput();
    markActivity();
    await renderBadges();
  } catch (e) {
    clear(canvas, errorBox(e));
  }
  const stop = watch(() => {
    void renderBadges();
    void renderList();
  });
  return () => {
    stop();
    diagram?.destroy();
  };
}
