// History: finished process instances (newest first), with their end state and duration;
// a row opens the instance's read-only view (diagram with the activities that ran, audit).
import { get } from '../shared/api';
import { clear, h } from '../shared/dom';
import { fmtDateTime, t } from '../shared/i18n';
import { REST, type HistoricInstance } from './model';
import { duration, empty, errorBox, link, loading, pager, table, type SortState } from './ui';

const PAGE = 25;

export async function historyScreen(root: HTMLElement): Promise<void> {
  const box = h('section', { class: 'panel', 'aria-labelledby': 'cp-hist-title' });
  root.append(h('h1', { class: 'cp-title', id: 'cp-hist-title' }, t('cp.hist.title')), box);
  let page = 1;
  let sort: SortState = { sortBy: 'endTime', sortOrder: 'desc' };
  const render = async () => {
    clear(box, loading());
    try {
      const q = { finished: true, sortBy: sort.sortBy, sortOrder: sort.sortOrder };
      const [rows, count] = await Promise.all([
        get<HistoricInstance[]>(`${REST}/history/process-instance`, { ...q, firstResult: (page - 1) * PAGE, maxResults: PAGE }),
        get<{ count: number }>(`${REST}/history/process-instance/count`, { finished: true }),
      ]);
      clear(box, rows.length ? table<HistoricInstance>(t('cp.hist.title'), [
        { key: 'id', label: t('cp.col.instance'), sort: 'instanceId', cell: (r) => link(`/cockpit/process-instance/${encodeURIComponent(r.id)}`, r.id.slice(0, 13) + '…', { title: r.id }) },
        { key: 'process', label: t('cp.col.process'), sort: 'definitionKey', cell: (r) => `${r.processDefinitionName || r.processDefinitionKey} (v${r.processDefinitionVersion})` },
        { key: 'bk', label: t('cp.col.businessKey'), sort: 'businessKey', cell: (r) => r.businessKey ?? '' },
        { key: 'start', label: t('cp.col.started'), sort: 'startTime', cell: (r) => fmtDateTime(r.startTime) },
        { key: 'end', label: t('cp.col.ended'), sort: 'endTime', cell: (r) => fmtDateTime(r.endTime) },
        { key: 'dur', label: t('cp.col.duration'), sort: 'duration', cell: (r) => duration(r.durationInMillis), cls: 'num' },
        { key: 'state', label: t('cp.col.state'), cell: (r) => h('span', { class: r.state === 'COMPLETED' ? 'badge badge-ok' : 'badge badge-warn' }, t(`cp.state.${r.state}`)) },
      ], rows, sort, (s) => { sort = s; page = 1; void render(); }) : empty(t('cp.hist.none')),
      count.count > PAGE ? pager(page, PAGE, count.count, (p) => { page = p; void render(); }) : null);
    } catch (e) {
      clear(box, errorBox(e));
    }
  };
  await render();
}
