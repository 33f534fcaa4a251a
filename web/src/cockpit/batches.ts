// Batch operations: the running batches with their progress (/batch/statistics, polled every
// 2 s while one runs), their failed jobs (retry or read the error), suspend / activate and
// delete after confirmation; below, the finished ones (/history/batch). /cockpit/batches/<id>
// puts one batch first and opens its failed jobs. batchProgress() is also the migration
// screen's progress bar.
import { del, get, put } from '../shared/api';
import { clear, h } from '../shared/dom';
import { fmtDateTime, fmtNumber, t } from '../shared/i18n';
import { REST } from './model';
import { dialog, empty, errorBox, errorText, loading, say, table } from './ui';

export interface Batch {
  id: string;
  type: string;
  totalJobs: number;
  createUserId: string | null;
  startTime: string;
  executionStartTime: string | null;
  suspended?: boolean;
  endTime?: string | null;
  batchJobDefinitionId: string;
}

export interface BatchStatistics extends Batch {
  remainingJobs: number;
  completedJobs: number;
  failedJobs: number;
}

interface FailedJob {
  id: string;
  exceptionMessage: string | null;
  retries: number;
}

/** The batch type as the operations staff call it ("Migration", "Delete instances"...). */
export const batchType = (type: string) => t(`cp.batch.type.${type}`) === `cp.batch.type.${type}` ? type : t(`cp.batch.type.${type}`);

/** A labelled progress bar: done (completed) and failed items of the total. */
export function batchProgress(s: { totalJobs: number; completedJobs: number; failedJobs: number }): HTMLElement {
  const done = Math.max(0, s.completedJobs);
  const pct = s.totalJobs ? Math.round((done / s.totalJobs) * 100) : 100;
  const failedPct = s.totalJobs ? (s.failedJobs / s.totalJobs) * 100 : 0;
  const text = t('cp.batch.progress', { done, total: s.totalJobs, pct });
  return h('div', { class: 'cp-progress-wrap' },
    h('div', {
      class: 'cp-progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(s.totalJobs),
      'aria-valuenow': String(done), 'aria-valuetext': text, 'aria-label': t('cp.batch.progressLabel'),
    },
    h('span', { class: 'cp-progress-done', style: `width:${pct}%` }),
    failedPct ? h('span', { class: 'cp-progress-failed', style: `width:${failedPct}%` }) : null),
    h('span', { class: 'cp-progress-text', 'data-progress': `${done}/${s.totalJobs}` }, text,
      s.failedJobs ? h('span', { class: 'badge badge-danger', 'data-failed': String(s.failedJobs) }, t('cp.batch.failedN', { count: s.failedJobs })) : null));
}

/** Polls one batch until it has ended; `update` gets its statistics, then `finished` its history. */
export function followBatch(id: string, update: (s: BatchStatistics) => void, finished: (b: Batch) => void, fail: (e: unknown) => void): () => void {
  let stopped = false;
  let timer: number | undefined;
  const tick = async () => {
    try {
      const [s] = await get<BatchStatistics[]>(`${REST}/batch/statistics`, { batchId: id });
      if (stopped) return;
      if (s) {
        update(s);
        timer = window.setTimeout(() => void tick(), 1000);
        return;
      }
      const b = await get<Batch>(`${REST}/history/batch/${encodeURIComponent(id)}`);
      if (!stopped) finished(b);
    } catch (e) {
      if (!stopped) fail(e);
    }
  };
  void tick();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}

export async function batchesScreen(root: HTMLElement, focus: string): Promise<() => void> {
  const running = h('section', { class: 'panel cp-pad', 'aria-labelledby': 'cp-batch-running' });
  const done = h('section', { class: 'panel cp-pad', 'aria-labelledby': 'cp-batch-done' });
  root.append(h('h1', { class: 'cp-title' }, t('cp.batch.title')),
    h('p', { class: 'muted' }, t('cp.batch.intro')), running, done);
  clear(running, loading());
  const open = new Set<string>(focus ? [focus] : []);
  let timer: number | undefined;
  let stopped = false;

  const renderRunning = async (): Promise<boolean> => {
    const list = await get<BatchStatistics[]>(`${REST}/batch/statistics`, { sortBy: 'batchId', sortOrder: 'asc' });
    list.sort((a, b) => (a.id === focus ? -1 : b.id === focus ? 1 : b.startTime.localeCompare(a.startTime)));
    // The list is drawn anew at every poll: the button that had the keyboard focus gets it back.
    const had = document.activeElement instanceof HTMLElement && running.contains(document.activeElement)
      ? document.activeElement.closest('[data-batch]')?.getAttribute('data-batch') + '|' + (document.activeElement.getAttribute('data-batch-action') ?? document.activeElement.getAttribute('data-show-failed') ?? '')
      : null;
    const cards = await Promise.all(list.map((b) => card(b)));
    clear(running, h('h2', { id: 'cp-batch-running' }, t('cp.batch.running'), ' ', h('span', { class: 'badge' }, fmtNumber(list.length))),
      list.length ? h('ul', { class: 'cp-batches' }, cards) : empty(t('cp.batch.none')));
    if (had) {
      const [id, what] = had.split('|');
      const li = running.querySelector<HTMLElement>(`[data-batch="${CSS.escape(id)}"]`);
      li?.querySelector<HTMLElement>(`[data-batch-action="${CSS.escape(what)}"], [data-show-failed="${CSS.escape(what)}"]`)?.focus();
    }
    return list.some((b) => !b.suspended && b.remainingJobs > b.failedJobs);
  };

  const card = async (b: BatchStatistics): Promise<HTMLElement> => {
    const failedBox = h('div', { class: 'cp-batch-failed' });
    if (b.failedJobs && open.has(b.id)) await renderFailed(b, failedBox);
    const stuck = !b.suspended && b.remainingJobs > 0 && b.remainingJobs === b.failedJobs;
    return h('li', { class: 'cp-batch' + (b.id === focus ? ' cp-batch-focus' : ''), 'data-batch': b.id },
      h('div', { class: 'cp-batch-head' },
        h('h3', null, batchType(b.type)),
        b.suspended ? h('span', { class: 'badge badge-warn' }, t('cp.suspended')) : null,
        stuck ? h('span', { class: 'badge badge-danger' }, t('cp.batch.waitsForFailed')) : null,
        h('span', { class: 'muted small' }, t('cp.batch.startedBy', { when: fmtDateTime(b.startTime), who: b.createUserId ?? '—' }))),
      batchProgress(b),
      h('div', { class: 'cp-row-actions' },
        b.failedJobs ? h('button', {
          type: 'button', class: 'btn btn-sm', 'aria-expanded': String(open.has(b.id)), 'data-show-failed': b.id,
          onclick: () => {
            if (open.has(b.id)) open.delete(b.id);
            else open.add(b.id);
            void refresh();
          },
        }, t('cp.batch.showFailed', { count: b.failedJobs })) : null,
        h('button', {
          type: 'button', class: 'btn btn-sm', 'data-batch-action': b.suspended ? 'activate' : 'suspend',
          onclick: async () => {
            try {
              await put(`${REST}/batch/${encodeURIComponent(b.id)}/suspended`, { suspended: !b.suspended });
              say(b.suspended ? t('cp.batch.activated') : t('cp.batch.suspendedOk'));
              await refresh();
            } catch (e) {
              say(errorText(e), 'error');
            }
          },
        }, b.suspended ? t('cp.inst.activate') : t('cp.inst.suspend')),
        h('button', {
          type: 'button', class: 'btn btn-sm btn-danger', 'data-batch-action': 'delete',
          onclick: () => void dialog({
            title: t('cp.batch.deleteTitle'),
            body: h('p', null, t('cp.batch.deleteText', { type: batchType(b.type), left: b.remainingJobs, done: b.completedJobs })),
            confirm: t('cp.delete'), danger: true,
            action: async () => {
              await del(`${REST}/batch/${encodeURIComponent(b.id)}`);  // kept in history, ended now
              say(t('cp.batch.deleted'));
              await refresh();
            },
          }),
        }, t('cp.delete'))),
      failedBox);
  };

  const renderFailed = async (b: BatchStatistics, box: HTMLElement) => {
    try {
      const jobs = await get<FailedJob[]>(`${REST}/job`, { jobDefinitionId: b.batchJobDefinitionId, noRetriesLeft: true, maxResults: 50 });
      clear(box, h('h4', { class: 'cp-sub' }, t('cp.batch.failedTitle')),
        table<FailedJob>(t('cp.batch.failedTitle'), [
          { key: 'msg', label: t('cp.work.error'), cell: (j) => h('span', { class: 'cp-value' }, j.exceptionMessage ?? '') },
          { key: 'id', label: t('cp.work.id'), cell: (j) => h('code', { class: 'cp-value' }, j.id) },
        ], jobs),
        h('button', {
          type: 'button', class: 'btn btn-sm', 'data-retry-failed': b.id,
          onclick: async () => {
            try {
              await Promise.all(jobs.map((j) => put(`${REST}/job/${encodeURIComponent(j.id)}/retries`, { retries: 1 })));
              say(t('cp.batch.retried', { count: jobs.length }));
              await refresh();
            } catch (e) {
              say(errorText(e), 'error');
            }
          },
        }, t('cp.batch.retryFailed')));
    } catch (e) {
      clear(box, errorBox(e));
    }
  };

  const renderDone = async () => {
    const list = await get<Batch[]>(`${REST}/history/batch`, { completed: true, sortBy: 'endTime', sortOrder: 'desc', maxResults: 20 });
    clear(done, h('h2', { id: 'cp-batch-done' }, t('cp.batch.finished')),
      list.length ? table<Batch>(t('cp.batch.finished'), [
        { key: 'type', label: t('cp.batch.type'), cell: (b) => batchType(b.type) },
        { key: 'total', label: t('cp.batch.items'), cell: (b) => fmtNumber(b.totalJobs), cls: 'num' },
        { key: 'who', label: t('cp.batch.by'), cell: (b) => b.createUserId ?? '' },
        { key: 'start', label: t('cp.col.started'), cell: (b) => fmtDateTime(b.startTime) },
        { key: 'end', label: t('cp.col.ended'), cell: (b) => h('span', { 'data-ended': b.id }, fmtDateTime(b.endTime)) },
      ], list) : empty(t('cp.batch.noneFinished')));
  };

  const refresh = async () => {
    window.clearTimeout(timer);
    let busy = false;
    try {
      busy = await renderRunning();
    } catch (e) {
      clear(running, errorBox(e));
    }
    try {
      await renderDone();
    } catch (e) {
      clear(done, errorBox(e));
    }
    if (!stopped) timer = window.setTimeout(() => void refresh(), busy ? 2000 : 10000);
  };
  await refresh();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}
