// The Tasklist: filters with live counts on the left, the selected filter's tasks in the middle,
// the selected task on the right (one column at a time on a phone). The view (filter, sorting,
// search, page, task) lives in the URL, so it can be shared and survives a reload.
import '../shared/styles.css';
import './tasklist.css';
import { icon } from '../shared/apps';
import { me as whoAmI, type Me } from '../shared/api';
import { clear, h } from '../shared/dom';
import { fmtDateTime, fmtNumber, fmtRelative, has, t } from '../shared/i18n';
import { shell } from '../shared/shell';
import { renderDetail } from './detail';
import { watchEvents } from './live';
import { fetchServerFilters, loadFilters, loadTasks, PAGE_SIZE, processName, readState, refreshCounts, searchQuery, urlOf, type SortBy, type Task, type TaskFilter, type ViewState } from './model';
import { openStartDialog } from './start';

let me: Me;
let state: ViewState = readState();
let filters: TaskFilter[] = [];
const filterNav = h('nav', { class: 'tl-filters panel', 'aria-label': t('tasklist.filters') });
const listPane = h('section', { class: 'tl-list panel', 'aria-labelledby': 'tl-list-title' });
const detailPane = h('section', { class: 'tl-detail', 'aria-live': 'polite' });
const status = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
let listSeq = 0;
// A message about the last action ("task completed"), shown above the list until the next one.
const flash = h('div', { class: 'tl-flash', role: 'status', 'aria-live': 'polite' });

function translate(key: string, fallback: string): string {
  return has(key) ? t(key) : fallback;
}

function navigate(next: Partial<ViewState>, replace = false): void {
  if (next.task && next.task !== state.task) clear(flash);
  state = { ...state, ...next };
  const url = urlOf(state);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}

function currentFilter(): TaskFilter | undefined {
  return filters.find((f) => f.id === state.filter) ?? filters[0];
}

function renderFilters(): void {
  const current = currentFilter();
  clear(
    filterNav,
    h('h2', { class: 'tl-pane-title' }, t('tasklist.filters')),
    h('ul', { class: 'filter-list' }, filters.map((f) =>
      h('li', null, h('a', {
        href: urlOf({ ...state, filter: f.id, page: 1, task: null }),
        class: 'filter-link' + (f === current ? ' active' : ''),
        'aria-current': f === current ? 'true' : undefined,
        'data-filter': f.id,
        onclick: (e: MouseEvent) => {
          if (e.ctrlKey || e.metaKey) return;
          e.preventDefault();
          navigate({ filter: f.id, page: 1, task: null });
        },
      },
      h('span', { class: 'filter-name' }, f.name),
      h('span', { class: 'count', 'aria-label': t('tasklist.countLabel', { count: f.count ?? 0 }) }, f.count === null ? '–' : fmtNumber(f.count)))),
    )),
    h('button', { type: 'button', class: 'btn btn-primary start-button', onclick: () => openStartDialog() }, t('start.button')),
  );
}

function sortControls(): HTMLElement {
  const sorts: SortBy[] = ['created', 'dueDate', 'followUpDate', 'priority', 'name'];
  return h('div', { class: 'tl-sort' },
    h('label', { for: 'sort-by', class: 'visually-hidden' }, t('tasklist.sortBy')),
    h('select', {
      id: 'sort-by', class: 'input input-sm',
      onchange: (e: Event) => navigate({ sortBy: (e.target as HTMLSelectElement).value as SortBy, page: 1 }),
    }, sorts.map((s) => h('option', { value: s, selected: s === state.sortBy }, t(`sort.${s}`)))),
    h('button', {
      type: 'button', class: 'btn btn-sm',
      'aria-label': state.sortOrder === 'asc' ? t('tasklist.ascending') : t('tasklist.descending'),
      title: state.sortOrder === 'asc' ? t('tasklist.ascending') : t('tasklist.descending'),
      onclick: () => navigate({ sortOrder: state.sortOrder === 'asc' ? 'desc' : 'asc', page: 1 }),
    }, state.sortOrder === 'asc' ? '↑' : '↓'),
  );
}

function searchForm(): HTMLElement {
  const input = h('input', { id: 'search', type: 'search', class: 'input', value: state.q, placeholder: t(`search.placeholder.${state.by}`) });
  const by = h('select', { id: 'search-by', class: 'input' },
    (['name', 'businessKey', 'variable'] as const).map((b) => h('option', { value: b, selected: b === state.by }, t(`search.by.${b}`))));
  by.addEventListener('change', () => { input.placeholder = t(`search.placeholder.${by.value}`); });
  return h('form', {
    class: 'tl-search', role: 'search',
    onsubmit: (e: Event) => {
      e.preventDefault();
      navigate({ q: input.value, by: by.value as ViewState['by'], page: 1 });
    },
  },
  h('label', { for: 'search-by', class: 'visually-hidden' }, t('search.in')), by,
  h('label', { for: 'search', class: 'visually-hidden' }, t('search.label')), input,
  h('button', { type: 'submit', class: 'btn btn-icon', 'aria-label': t('search.submit'), title: t('search.submit') },
    icon('M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM21 21l-4.35-4.35', 18)));
}

function dueBadge(task: Task): HTMLElement | null {
  if (!task.due) return null;
  const overdue = new Date(task.due).getTime() < Date.now();
  return h('span', { class: `badge ${overdue ? 'badge-danger' : 'badge-warn'}`, title: fmtDateTime(task.due) },
    overdue ? t('task.overdue', { when: fmtRelative(task.due) }) : t('task.dueIn', { when: fmtRelative(task.due) }));
}

function taskItem(task: Task): HTMLElement {
  const proc = h('span', { class: 'task-process' }, '');
  void processName(task.processDefinitionId).then((n) => { proc.textContent = n; });
  const selected = task.id === state.task;
  return h('li', null, h('a', {
    href: urlOf({ ...state, task: task.id }),
    class: 'task-item' + (selected ? ' selected' : ''),
    'aria-current': selected ? 'true' : undefined,
    'data-task-id': task.id,
    onclick: (e: MouseEvent) => {
      if (e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      navigate({ task: task.id });
    },
  },
  h('span', { class: 'task-name' }, task.name || t('task.unnamed')),
  proc,
  h('span', { class: 'task-meta' },
    h('span', { title: fmtDateTime(task.created) }, t('task.created', { when: fmtRelative(task.created) })),
    dueBadge(task),
    task.priority > 50 ? h('span', { class: 'badge badge-accent' }, t('task.priorityShort', { priority: task.priority })) : null,
    task.assignee ? h('span', { class: 'badge' }, task.assignee === me.userId ? t('task.assignedToMe') : task.assignee) : h('span', { class: 'badge badge-ok' }, t('task.unassigned')))));
}

async function renderList(): Promise<void> {
  const seq = ++listSeq;
  const filter = currentFilter();
  const body = h('div', { class: 'tl-list-body' }, h('p', { class: 'empty' }, h('span', { class: 'spinner' }), ' ', t('common.loading')));
  clear(listPane,
    flash,
    h('div', { class: 'tl-list-head' },
      h('h1', { id: 'tl-list-title', class: 'tl-pane-title' }, filter ? filter.name : t('app.tasklist')),
      sortControls()),
    searchForm(),
    body);
  if (!filter) {
    clear(body, h('p', { class: 'empty' }, t('tasklist.noFilters')));
    return;
  }
  if (searchQuery(state) === null) {
    clear(body, h('p', { class: 'alert alert-info' }, t('search.variableHint')));
    return;
  }
  try {
    const { tasks, total } = await loadTasks(filter, state);
    if (seq !== listSeq) return;
    if (!tasks.length) {
      clear(body, h('div', { class: 'empty' }, h('p', null, state.q ? t('tasklist.noMatch') : t('tasklist.empty')),
        state.q ? h('button', { type: 'button', class: 'btn', onclick: () => navigate({ q: '', page: 1 }) }, t('search.clear')) : null));
      status.textContent = t('tasklist.noMatch');
      document.body.dataset.listShown = String(performance.now());
      return;
    }
    const from = (state.page - 1) * PAGE_SIZE + 1;
    const to = from + tasks.length - 1;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    clear(body,
      h('ul', { class: 'task-list', 'aria-label': t('tasklist.tasks') }, tasks.map(taskItem)),
      h('nav', { class: 'pager', 'aria-label': t('pager.label') },
        h('button', { type: 'button', class: 'btn btn-sm', disabled: state.page <= 1, onclick: () => navigate({ page: state.page - 1 }) }, t('pager.prev')),
        h('span', { class: 'muted small' }, t('pager.range', { from, to, total })),
        h('button', { type: 'button', class: 'btn btn-sm', disabled: state.page >= pages, onclick: () => navigate({ page: state.page + 1 }) }, t('pager.next'))));
    status.textContent = t('pager.range', { from, to, total });
    document.body.dataset.listShown = String(performance.now());
  } catch (e) {
    if (seq !== listSeq) return;
    clear(body, h('div', { class: 'alert alert-error', role: 'alert' }, t('error.generic', { message: (e as Error).message })));
  }
}

function render(): void {
  document.body.classList.toggle('tl-has-task', !!state.task);
  renderFilters();
  void renderList();
  if (state.task) {
    void renderDetail(detailPane, state.task, me, {
      back: () => navigate({ task: null }),
      changed: () => void refresh(),
      gone: (message?: string) => {
        clear(flash, message ? h('div', { class: 'alert alert-ok' }, message) : null);
        navigate({ task: null }, true);
      },
    });
  } else {
    clear(detailPane, h('div', { class: 'panel tl-placeholder' },
      h('h2', null, t('tasklist.pickTitle')), h('p', { class: 'muted' }, t('tasklist.pickText'))));
  }
}

/** Counts and the list again (after a change here or an event from the server). */
async function refresh(): Promise<void> {
  try {
    const fresh = await loadFilters(me, translate);
    await refreshCounts(fresh);
    filters = fresh;
  } catch {
    await refreshCounts(filters).catch(() => undefined);
  }
  renderFilters();
  await renderList();
}

async function start(): Promise<void> {
  // Who am I and the server's filters at once: one round trip less before the list.
  const serverFilters = fetchServerFilters();
  serverFilters.catch(() => undefined);
  me = await whoAmI();
  const main = shell({ me, current: 'tasklist', title: t('app.tasklist') });
  main.classList.add('tl');
  main.append(status, filterNav, listPane, detailPane);
  if (!(me.apps ?? []).includes('tasklist')) {
    clear(main, h('div', { class: 'launcher' }, h('div', { class: 'alert alert-warn' }, t('tasklist.noAccess'))));
    return;
  }
  try {
    filters = await loadFilters(me, translate, serverFilters);
  } catch (e) {
    filters = [];
    clear(listPane, h('div', { class: 'alert alert-error' }, t('error.generic', { message: (e as Error).message })));
  }
  // Without a filter in the URL: the first one, or the first with tasks when that is empty
  // (a clerk who has claimed nothing starts in her groups' tasks, not in an empty list).
  // Counts of built-in filters: awaited only when they choose the filter shown.
  const counts = refreshCounts(filters).then(renderFilters, () => undefined);
  if (!state.filter && filters[0]) {
    await counts;
    const first = filters[0].count === 0 ? filters.find((f) => (f.count ?? 0) > 0) ?? filters[0] : filters[0];
    state = { ...state, filter: first.id };
    history.replaceState(null, '', urlOf(state));
  }
  render();
  window.addEventListener('popstate', () => {
    state = readState();
    if (!state.filter && filters[0]) state.filter = filters[0].id;
    render();
  });
  watchEvents(() => void refresh());
}

void start();
