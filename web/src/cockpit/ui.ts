// Small UI pieces the Cockpit's screens share: a modal dialog (confirm, forms), a pager, a
// sortable table header, error/empty states and a flash message.
import { ApiError } from '../shared/api';
import { clear, h, type Child } from '../shared/dom';
import { fmtNumber, t } from '../shared/i18n';

/** A duration as people say it: 850 ms, 42 s, 15 min, 3 h. */
export function duration(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1000) return `${fmtNumber(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${fmtNumber(Math.round(s))} s`;
  const m = s / 60;
  if (m < 120) return `${fmtNumber(Math.round(m))} min`;
  return `${fmtNumber(Math.round(m / 60))} h`;
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.status === 403 ? t('cp.forbidden') : e.message;
  return e instanceof Error ? e.message : String(e);
}

export const errorBox = (e: unknown) => h('div', { class: 'alert alert-error', role: 'alert' }, errorText(e));
export const loading = () => h('p', { class: 'muted', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' ', t('cp.loading'));
export const empty = (text: string) => h('p', { class: 'empty' }, text);

/** An error whose message the form already shows beside the field it is about. */
export class ShownError extends Error {}

export interface DialogOptions {
  title: string;
  body: Child;
  confirm: string;
  danger?: boolean;
  /** Runs on confirm; a thrown error is shown in the dialog and keeps it open. */
  action: () => Promise<void>;
}

/** A modal <dialog>; resolves true when the action ran, false when cancelled. */
export function dialog(opts: DialogOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const error = h('div', { role: 'alert', class: 'cp-dialog-error' });
    const ok = h('button', { type: 'submit', class: `btn ${opts.danger ? 'btn-danger' : 'btn-primary'}`, 'data-confirm': '' }, opts.confirm);
    const titleId = `dlg-${Date.now()}`;
    const dlg = h('dialog', { class: 'cp-dialog', 'aria-labelledby': titleId },
      h('form', {
        method: 'dialog',
        onsubmit: async (e: SubmitEvent) => {
          e.preventDefault();
          ok.disabled = true;
          clear(error);
          try {
            await opts.action();
            dlg.close();
            dlg.remove();
            resolve(true);
          } catch (err) {
            // A message already shown beside its field is not repeated.
            if (!(err instanceof ShownError)) clear(error, h('div', { class: 'alert alert-error' }, errorText(err)));
            ok.disabled = false;
          }
        },
      },
      h('h2', { id: titleId }, opts.title),
      h('div', { class: 'cp-dialog-body' }, opts.body),
      error,
      h('div', { class: 'cp-dialog-actions' },
        h('button', { type: 'button', class: 'btn', onclick: () => { dlg.close(); } }, t('cp.cancel')),
        ok)));
    dlg.addEventListener('close', () => {
      if (dlg.isConnected) {
        dlg.remove();
        resolve(false);
      }
    });
    document.body.appendChild(dlg);
    dlg.showModal();
  });
}

export function pager(page: number, size: number, total: number, go: (page: number) => void): HTMLElement {
  const pages = Math.max(1, Math.ceil(total / size));
  return h('nav', { class: 'cp-pager', 'aria-label': t('cp.pages') },
    h('button', { type: 'button', class: 'btn btn-sm', disabled: page <= 1, onclick: () => go(page - 1) }, t('cp.prev')),
    h('span', { class: 'muted' }, t('cp.pageOf', { page, pages, total: fmtNumber(total) })),
    h('button', { type: 'button', class: 'btn btn-sm', disabled: page >= pages, onclick: () => go(page + 1) }, t('cp.next')));
}

export interface Column<T> {
  key: string;
  label: string;
  sort?: string; // the REST sortBy value
  cell: (row: T) => Child;
  cls?: string;
}

export interface SortState {
  sortBy: string;
  sortOrder: 'asc' | 'desc';
}

/** A table whose sortable headers are buttons (aria-sort on the sorted one). */
export function table<T>(caption: string, cols: Column<T>[], rows: T[], sort?: SortState, onSort?: (s: SortState) => void): HTMLElement {
  const head = h('tr', null, cols.map((c) => {
    const sorted = sort && c.sort === sort.sortBy;
    const label = c.sort && onSort
      ? h('button', {
          type: 'button', class: 'cp-sort',
          onclick: () => onSort({ sortBy: c.sort!, sortOrder: sorted && sort!.sortOrder === 'asc' ? 'desc' : 'asc' }),
        }, c.label, sorted ? (sort!.sortOrder === 'asc' ? ' ▲' : ' ▼') : '')
      : c.label;
    return h('th', { scope: 'col', class: c.cls, 'aria-sort': sorted ? (sort!.sortOrder === 'asc' ? 'ascending' : 'descending') : undefined }, label);
  }));
  return h('div', { class: 'cp-table-wrap' },
    h('table', { class: 'cp-table' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', null, head),
      h('tbody', null, rows.map((r) => h('tr', null, cols.map((c) => h('td', { class: c.cls, 'data-label': c.label }, c.cell(r))))))));
}

/** A status line for the result of the last action (polite live region). */
export const flash = h('div', { class: 'cp-flash', role: 'status', 'aria-live': 'polite' });
export function say(text: Child, kind: 'ok' | 'error' = 'ok'): void {
  clear(flash, text ? h('div', { class: `alert alert-${kind}` }, text) : null);
}

export function link(href: string, text: Child, attrs: Record<string, unknown> = {}): HTMLAnchorElement {
  return h('a', {
    href, ...attrs,
    onclick: (e: MouseEvent) => {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      history.pushState(null, '', href);
      window.dispatchEvent(new PopStateEvent('popstate'));
    },
  }, text);
}
