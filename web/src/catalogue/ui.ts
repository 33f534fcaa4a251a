// Pieces every catalogue screen shares: the status line, error texts that say what the server
// refused and why (403 maker-checker, 409 a version that cannot change), lifecycle badges,
// tables that turn into cards on a phone, a pager, tabs, labelled fields and a FEEL field.
import { ApiError } from '../shared/api';
import { clear, h, uid, type Child } from '../shared/dom';
import { fmtNumber, t } from '../shared/i18n';
import { feelCheck } from './model';

export const PAGE_SIZE = 20;

export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 403) return t('cat.err.forbidden', { message: e.message });
    if (e.status === 409) return t('cat.err.conflict', { message: e.message });
    if (e.status === 400) return t('cat.err.invalid', { message: e.message });
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** A screen's status line: ok or error, announced to screen readers. */
export function messageLine(): { el: HTMLElement; ok(text: string): void; error(e: unknown): void; clear(): void } {
  const el = h('div', { class: 'cat-msg', role: 'status', 'aria-live': 'polite' });
  return {
    el,
    ok: (text) => clear(el, h('div', { class: 'alert alert-ok' }, text)),
    error: (e) => {
      const kind = e instanceof ApiError && e.status === 403 ? 'forbidden' : e instanceof ApiError && e.status === 409 ? 'conflict' : 'error';
      clear(el, h('div', { class: 'alert alert-error', role: 'alert', 'data-error': kind }, errorText(e)));
      el.scrollIntoView({ block: 'nearest' });
    },
    clear: () => clear(el),
  };
}

const statusClass: Record<string, string> = { 'In design': 'badge-accent', 'In test': 'badge-warn', Active: 'badge-ok', Retired: '' };
export const statusBadge = (status: string) =>
  h('span', { class: `badge ${statusClass[status] ?? ''}`, 'data-status': status }, t(`cat.status.${status}`));

export const loading = () => h('p', { class: 'muted', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' ', t('cat.loading'));
export const errorBox = (e: unknown) => h('div', { class: 'alert alert-error', role: 'alert' }, errorText(e));

export interface Column<T> {
  label: string;
  cell: (row: T) => Child;
  cls?: string;
}

/** A table with a caption; below 700 px each row is a card with the column names beside the values. */
export function table<T>(caption: string, cols: Column<T>[], rows: T[], attrs: Record<string, unknown> = {}): HTMLElement {
  return h('div', { class: 'cat-table-wrap' },
    h('table', { class: 'cat-table', ...attrs },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col', class: c.cls }, c.label)))),
      h('tbody', null, rows.map((r) => h('tr', null, cols.map((c) => h('td', { class: c.cls, 'data-label': c.label }, c.cell(r))))))));
}

/** Previous / next with "x–y of n". */
export function pager(first: number, shown: number, total: number, go: (first: number) => void): HTMLElement {
  return h('nav', { class: 'cat-pager', 'aria-label': t('cat.pages') },
    h('button', { type: 'button', class: 'btn btn-sm', disabled: first === 0, onclick: () => go(Math.max(0, first - PAGE_SIZE)) }, t('cat.prev')),
    h('span', { class: 'muted small' }, total === 0 ? t('cat.none') : t('cat.range', { from: fmtNumber(first + 1), to: fmtNumber(first + shown), total: fmtNumber(total) })),
    h('button', { type: 'button', class: 'btn btn-sm', disabled: first + shown >= total, onclick: () => go(first + PAGE_SIZE) }, t('cat.next')));
}

/** A labelled control inside a .field with a hint and an error line (aria-describedby both). */
export function field(label: string, control: HTMLElement, hint?: string, attrs: Record<string, unknown> = {}): HTMLElement {
  const id = control.id || uid('f');
  control.id = id;
  const error = h('span', { class: 'field-error', id: `${id}-err`, hidden: true });
  const hintEl = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  control.setAttribute('aria-describedby', [hintEl ? `${id}-hint` : '', `${id}-err`].filter(Boolean).join(' '));
  return h('div', { class: 'field', ...attrs }, h('label', { for: id }, label), control, hintEl, error);
}

/** Shows (or hides, with null) the error line of a .field and marks its controls invalid. */
export function showError(fieldEl: Element, message: string | null): void {
  const err = fieldEl.querySelector(':scope > .field-error, :scope > .cat-row-err') as HTMLElement | null;
  fieldEl.classList.toggle('has-error', !!message);
  for (const c of fieldEl.querySelectorAll(':scope > input, :scope > select, :scope > textarea, :scope > .cat-pair input, :scope > .cat-pair select')) {
    if (message) c.setAttribute('aria-invalid', 'true');
    else c.removeAttribute('aria-invalid');
  }
  if (err) {
    err.hidden = !message;
    err.textContent = message ?? '';
  }
}

export const input = (attrs: Record<string, unknown> = {}) => h('input', { class: 'input', type: 'text', ...attrs });
/** A textarea; its `value` is its text (a textarea has no value attribute). */
export function textarea(attrs: Record<string, unknown> = {}): HTMLTextAreaElement {
  const { value, ...rest } = attrs;
  const el = h('textarea', { class: 'input', rows: 3, ...rest });
  if (value !== undefined && value !== null) el.value = String(value);
  return el;
}
export function select(options: [string, string][], value: string, attrs: Record<string, unknown> = {}): HTMLSelectElement {
  return h('select', { class: 'input', ...attrs }, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

export interface Tabs { el: HTMLElement; panel(id: string): HTMLElement; show(id: string): void }

/** ARIA tabs (arrow keys move between them); every panel is built once and hidden. */
export function tabs(name: string, items: [string, string][], initial: string, onShow?: (id: string) => void): Tabs {
  const prefix = uid('tab');
  const buttons = new Map<string, HTMLButtonElement>();
  const panels = new Map<string, HTMLElement>();
  const list = h('div', { class: 'cat-tablist', role: 'tablist', 'aria-label': name });
  const body = h('div', { class: 'cat-tabpanels' });
  const show = (id: string, focus = false, notify = true) => {
    for (const [k, b] of buttons) {
      const on = k === id;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      panels.get(k)!.hidden = !on;
      if (on && focus) b.focus();
    }
    if (notify) onShow?.(id);
  };
  items.forEach(([id, label], i) => {
    const b = h('button', {
      type: 'button', role: 'tab', id: `${prefix}-${id}`, class: 'cat-tab', 'aria-controls': `${prefix}-${id}-panel`, 'data-tab': id,
      onclick: () => show(id),
      onkeydown: (e: KeyboardEvent) => {
        const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (!step) return;
        e.preventDefault();
        show(items[(i + step + items.length) % items.length][0], true);
      },
    }, label);
    buttons.set(id, b);
    list.append(b);
    const p = h('div', { role: 'tabpanel', id: `${prefix}-${id}-panel`, 'aria-labelledby': `${prefix}-${id}`, class: 'cat-tabpanel', 'data-panel': id });
    panels.set(id, p);
    body.append(p);
  });
  // The caller gets the tabs before the first panel fills (its onShow may use them).
  show(initial, false, false);
  queueMicrotask(() => onShow?.(initial));
  return { el: h('div', { class: 'cat-tabs' }, list, body), panel: (id) => panels.get(id)!, show };
}

/**
 * A FEEL expression field: the catalogue checks its syntax as one types (POST
 * /api/catalogue/feel/check), and the field shows "valid" or the parser's message.
 */
export function feelField(label: string, value: string, attrs: Record<string, unknown> = {}, hint?: string): { el: HTMLElement; input: HTMLTextAreaElement; ok(): Promise<boolean> } {
  const area = textarea({ rows: 2, spellcheck: false, class: 'input cat-code', value, ...attrs });
  const state = h('span', { class: 'cat-feel-state small', 'aria-live': 'polite' });
  const el = field(label, area, hint ?? t('cat.feel.hint'));
  el.classList.add('cat-feel');
  el.append(state);
  let timer = 0;
  let seq = 0;
  const check = async (): Promise<boolean> => {
    const expr = area.value.trim();
    const my = ++seq;
    if (!expr) {
      showError(el, null);
      clear(state);
      return true;
    }
    try {
      const r = await feelCheck(expr);
      if (my !== seq) return r.valid;
      showError(el, r.valid ? null : t('cat.feel.invalid', { message: r.error ?? '' }));
      clear(state, r.valid ? h('span', { class: 'cat-ok', 'data-feel': 'valid' }, '✓ ', t('cat.feel.valid')) : null);
      return r.valid;
    } catch (e) {
      showError(el, errorText(e));
      return false;
    }
  };
  area.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => void check(), 300);
  });
  if (value) void check();
  return { el, input: area, ok: check };
}

/** Texts per language as one input per language. */
export function textsField(label: string, value: Record<string, string> | undefined, opts: { multiline?: boolean; name?: string; required?: boolean } = {}): { el: HTMLElement; get(): Record<string, string> | undefined } {
  const inputs = (['pl', 'en'] as const).map((l) => {
    const c = opts.multiline ? textarea({ value: value?.[l] ?? '', name: opts.name ? `${opts.name}.${l}` : undefined, lang: l })
      : input({ value: value?.[l] ?? '', name: opts.name ? `${opts.name}.${l}` : undefined, lang: l });
    return [l, c] as const;
  });
  const el = h('fieldset', { class: 'cat-texts', 'data-path': opts.name },
    h('legend', null, label, opts.required ? h('span', { class: 'cat-req', 'aria-hidden': 'true' }, ' *') : null),
    h('div', { class: 'cat-pair' }, inputs.map(([l, c]) => field(t(`cat.lang.${l}`), c))),
    h('span', { class: 'field-error', hidden: true }));
  return {
    el,
    get: () => {
      const out: Record<string, string> = {};
      for (const [l, c] of inputs) if (c.value.trim()) out[l] = c.value;
      return Object.keys(out).length ? out : undefined;
    },
  };
}

/** An error summary with links to the fields it names (focus moves to it). */
export function errorSummary(errors: { path: string; message: string; target?: HTMLElement }[]): HTMLElement {
  const box = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' },
    h('h2', null, t('cat.errors.title', { count: errors.length })),
    h('ul', null, errors.map((e) => h('li', null, e.target
      ? h('a', { href: '#', onclick: (ev: Event) => { ev.preventDefault(); focusIn(e.target!); } }, e.message)
      : e.message))));
  return box;
}

export function focusIn(el: HTMLElement): void {
  const c = (el.matches('input, select, textarea, button') ? el : el.querySelector('input, select, textarea, button')) as HTMLElement | null;
  // A field inside a hidden tab: show the tab first.
  const panel = el.closest('[role=tabpanel]') as HTMLElement | null;
  if (panel?.hidden) (document.getElementById(panel.getAttribute('aria-labelledby')!) as HTMLButtonElement | null)?.click();
  c?.focus();
  el.scrollIntoView({ block: 'center' });
}

/** A section with a heading inside a panel. */
export const section = (title: string, ...children: Child[]) =>
  h('section', { class: 'panel cat-section' }, h('h2', null, title), ...children);

/** A number typed the Polish or the English way ("9,99", "1 000", "1000.5"); NaN when it is not one. */
export function parseNumber(s: string): number {
  const v = s.replace(/[\s\u00a0]/g, '').replace(',', '.');
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v) ? Number(v) : NaN;
}

export const fmtJson = (v: unknown): string => v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
