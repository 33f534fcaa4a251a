// The Dashboard: pick a process, click its steps on the diagram in order to build a funnel,
// and see for each step how many instances got there, the conversion, the drop-off and the
// time between steps — on the diagram, as a table and as a funnel chart; a heatmap of the
// whole process and its bottlenecks on demand. The view lives in the URL; numbers follow the
// engine's events (/api/events, re-queried at most once a second).
import '../shared/styles.css';
import './dashboard.css';
import { ApiError, me as whoAmI } from '../shared/api';
import { clear, h } from '../shared/dom';
import { addMessages, fmtNumber, t } from '../shared/i18n';
import { shell } from '../shared/shell';
import en from './i18n/en.json';
import pl from './i18n/pl.json';
import { DiagramView } from './diagram-view';
import { duration, percent } from './format';
import { watchEvents } from './live';
import { funnelCsv, loadFunnel, loadHeatmap, loadProcesses, loadXml, readState, urlOf, type Funnel, type Heatmap, type ProcessDefinition, type ViewState } from './model';

addMessages({ pl, en });

let state: ViewState = readState();
let processes: ProcessDefinition[] = [];
let view: DiagramView | null = null;
let funnel: Funnel | null = null;
let heat: Heatmap | null = null;
let querySeq = 0;

const processSelect = h('select', { id: 'dash-process', class: 'input', onchange: () => setProcess(processSelect.value) });
const fromInput = h('input', { id: 'dash-from', type: 'date', class: 'input', onchange: () => update({ from: fromInput.value }) });
const toInput = h('input', { id: 'dash-to', type: 'date', class: 'input', onchange: () => update({ to: toInput.value }) });
const heatToggle = h('input', { id: 'dash-heat', type: 'checkbox', onchange: () => update({ heat: heatToggle.checked }) });
const csvButton = h('button', { type: 'button', class: 'btn', id: 'dash-csv', onclick: () => exportCsv() }, t('dash.csv'));
const clearButton = h('button', { type: 'button', class: 'btn', id: 'dash-clear', onclick: () => update({ steps: [] }) }, t('dash.clear'));
const addSelect = h('select', { id: 'dash-add', class: 'input' });
const addButton = h('button', { type: 'button', class: 'btn', onclick: () => addSelect.value && pick(addSelect.value) }, t('dash.add'));
const diagramHost = h('div', { class: 'dash-canvas', id: 'dash-canvas', role: 'group', 'aria-label': t('dash.diagramLabel') });
const stepsList = h('ol', { class: 'dash-steps', id: 'dash-steps' });
const funnelBox = h('div', { class: 'dash-funnel', id: 'dash-funnel' });
const chartBox = h('div', { class: 'dash-chart', id: 'dash-chart', role: 'img', 'aria-label': t('dash.chartLabel') });
const heatBox = h('div', { class: 'dash-bottlenecks', id: 'dash-bottlenecks' });
const status = h('p', { class: 'dash-status small muted', role: 'status', 'aria-live': 'polite' });

function update(next: Partial<ViewState>): void {
  state = { ...state, ...next };
  history.replaceState(null, '', urlOf(state));
  void query();
}

function pick(id: string): void {
  update({ steps: [...state.steps, id] });
}

async function setProcess(key: string): Promise<void> {
  state = { ...state, process: key, steps: [] };
  history.replaceState(null, '', urlOf(state));
  await showProcess();
}

async function showProcess(): Promise<void> {
  view?.destroy();
  view = null;
  funnel = null;
  heat = null;
  const def = processes.find((p) => p.key === state.process);
  if (!def) {
    clear(diagramHost, h('p', { class: 'empty' }, t('dash.noProcess')));
    renderSide();
    return;
  }
  clear(diagramHost, h('p', { class: 'muted' }, h('span', { class: 'spinner' }), ' ', t('dash.loading')));
  try {
    const xml = await loadXml(def.id);
    diagramHost.replaceChildren();
    view = await DiagramView.open(diagramHost, xml, pick);
    diagramHost.dataset.ready = 'true';
    const elements = view.elements();
    clear(addSelect, h('option', { value: '' }, t('dash.addPlaceholder')),
      elements.map((e) => h('option', { value: e.id }, e.flow ? `→ ${e.name}` : e.name)));
  } catch (e) {
    clear(diagramHost, h('p', { class: 'alert alert-error' }, t('dash.diagramError', { message: (e as Error).message })));
  }
  await query();
}

/** Asks the server again; answers to an older question are dropped. */
async function query(): Promise<void> {
  const seq = ++querySeq;
  renderSide();
  if (!state.process) return;
  status.textContent = t('dash.loading');
  try {
    const [f, hm] = await Promise.all([
      state.steps.length ? loadFunnel(state) : Promise.resolve(null),
      state.heat ? loadHeatmap(state) : Promise.resolve(null),
    ]);
    if (seq !== querySeq) return;
    funnel = f;
    heat = hm;
    status.textContent = t('dash.updated', { time: new Date().toLocaleTimeString() });
  } catch (e) {
    if (seq !== querySeq) return;
    funnel = null;
    heat = null;
    status.textContent = e instanceof ApiError ? e.message : String(e);
  }
  view?.showFunnel(state.steps, funnel);
  view?.showHeat(state.heat ? heat : null);
  renderSide();
}

const nameOf = (id: string) => view?.name(id) ?? id;

function renderSide(): void {
  fromInput.value = state.from;
  toInput.value = state.to;
  heatToggle.checked = state.heat;
  csvButton.disabled = !funnel;
  clearButton.disabled = !state.steps.length;
  clear(stepsList, state.steps.map((id, k) => h('li', { class: 'dash-chip', 'data-step': id },
    h('span', null, nameOf(id)),
    h('button', {
      type: 'button', class: 'btn btn-link btn-sm', 'aria-label': t('dash.removeStep', { step: nameOf(id) }),
      onclick: () => update({ steps: state.steps.filter((_, i) => i !== k) }),
    }, '×'))));
  if (!state.steps.length) {
    clear(funnelBox, h('p', { class: 'empty' }, t('dash.hint')));
    chartBox.hidden = true;
  } else if (funnel) {
    const f = funnel;
    clear(funnelBox,
      h('p', { class: 'dash-started' }, t('dash.started', { n: f.started })),
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('dash.tableCaption') }, h('table', { class: 'dash-table', id: 'dash-table' },
        h('caption', { class: 'visually-hidden' }, t('dash.tableCaption')),
        h('thead', null, h('tr', null, ['step', 'reached', 'fromPrevious', 'fromStart', 'dropOff', 'median', 'p90']
          .map((c) => h('th', { scope: 'col' }, t(`dash.col.${c}`))))),
        h('tbody', null, f.steps.map((s, k) => h('tr', { 'data-step': s.id },
          h('th', { scope: 'row' }, `${k + 1}. ${nameOf(s.id)}`),
          h('td', { class: 'num', 'data-reached': String(s.reached) }, fmtNumber(s.reached)),
          h('td', { class: 'num' }, percent(s.conversionFromPrevious)),
          h('td', { class: 'num' }, percent(s.conversionFromStart)),
          h('td', { class: 'num' }, fmtNumber(s.dropOff)),
          h('td', { class: 'num' }, duration(s.medianMillisFromPrevious)),
          h('td', { class: 'num' }, duration(s.p90MillisFromPrevious))))))));
    chartBox.hidden = false;
    void import('./chart').then((m) => m.drawFunnel(chartBox, f, nameOf)).catch(() => { chartBox.hidden = true; });
  }
  if (state.heat && heat) {
    const list = heat.bottlenecks;
    clear(heatBox, h('h2', null, t('dash.bottlenecks')),
      list.length
        ? h('ol', { class: 'dash-bn-list' }, list.map((b) => h('li', { 'data-activity': b.activityId },
          h('strong', null, nameOf(b.activityId)), ' — ',
          t('dash.bottleneckLine', { waiting: b.waiting, oldest: duration(b.oldestWaitMillis), p90: duration(b.p90Millis), incidents: b.incidents }))))
        : h('p', { class: 'muted' }, t('dash.noBottlenecks')));
    heatBox.hidden = false;
  } else {
    heatBox.hidden = true;
  }
}

function exportCsv(): void {
  if (!funnel) return;
  const blob = new Blob([funnelCsv(funnel, nameOf)], { type: 'text/csv;charset=utf-8' });
  const a = h('a', { href: URL.createObjectURL(blob), download: `funnel-${state.process}.csv` });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function start(): Promise<void> {
  const me = await whoAmI();
  const main = shell({ me, current: 'dashboard', title: t('app.dashboard') });
  main.classList.add('dash');
  // Camunda's Application authorization: the Dashboard is for those with ACCESS on "dashboard"
  // (the REST answers still need READ_HISTORY on each process).
  if (!(me.apps ?? []).includes('dashboard')) {
    clear(main, h('div', { class: 'alert alert-warn dash-no-access' }, t('dash.noAccess')));
    return;
  }
  const field = (id: string, label: string, control: HTMLElement) =>
    h('div', { class: 'field dash-field' }, h('label', { for: id }, label), control);
  clear(main,
    h('h1', { class: 'visually-hidden' }, t('app.dashboard')),
    h('section', { class: 'dash-toolbar panel', 'aria-label': t('dash.controls') },
      field('dash-process', t('dash.process'), processSelect),
      field('dash-from', t('dash.from'), fromInput),
      field('dash-to', t('dash.to'), toInput),
      h('div', { class: 'dash-check' }, heatToggle, h('label', { for: 'dash-heat' }, t('dash.heatmap'))),
      h('div', { class: 'dash-actions' }, clearButton, csvButton)),
    h('div', { class: 'dash-body' },
      h('section', { class: 'dash-diagram panel', 'aria-labelledby': 'dash-diagram-title' },
        h('h2', { id: 'dash-diagram-title' }, t('dash.diagram')),
        h('p', { class: 'small muted' }, t('dash.clickHint')),
        diagramHost,
        h('div', { class: 'dash-add' }, h('label', { for: 'dash-add', class: 'visually-hidden' }, t('dash.addLabel')), addSelect, addButton)),
      h('section', { class: 'dash-side panel', 'aria-labelledby': 'dash-funnel-title' },
        h('h2', { id: 'dash-funnel-title' }, t('dash.funnel')),
        stepsList, funnelBox, chartBox, status, heatBox)));
  try {
    processes = await loadProcesses();
  } catch {
    processes = [];
  }
  clear(processSelect, h('option', { value: '' }, t('dash.pickProcess')),
    processes.map((p) => h('option', { value: p.key, selected: p.key === state.process }, p.name || p.key)));
  await showProcess();
  watchEvents(() => void query());
}

void start();
