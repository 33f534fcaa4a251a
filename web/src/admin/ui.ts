// Small pieces every Admin screen uses: the message line of a screen, an error alert from an
// ApiError, a labelled input, a pager, and an inline "are you sure?" for deletions.
import { ApiError } from '../shared/api';
import { clear, h, uid } from '../shared/dom';
import { fmtNumber, t } from '../shared/i18n';

export const PAGE_SIZE = 20;

/** The screen's status line: ok or error, announced to screen readers. */
export function messageLine(): { el: HTMLElement; ok(text: string): void; error(e: unknown): void; clear(): void } {
  const el = h('div', { class: 'adm-msg', role: 'status', 'aria-live': 'polite' });
  return {
    el,
    ok: (text) => clear(el, h('div', { class: 'alert alert-ok' }, text)),
    error: (e) => clear(el, h('div', { class: 'alert alert-error', role: 'alert' }, errorText(e))),
    clear: () => clear(el),
  };
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 403) return t('admin.error.forbidden') + ' ' + e.message;
    if (e.status === 409) return e.message;
    return e.message;
  }
  return String(e);
}

/** A labelled input inside a .field; returns the field and the input. */
export function field(label: string, attrs: Record<string, unknown> = {}, hint?: string): { el: HTMLElement; input: HTMLInputElement } {
  const id = typeof attrs.id === 'string' ? attrs.id : uid('f');
  const hintId = hint ? id + '-hint' : undefined;
  const input = h('input', { class: 'input', 'aria-describedby': hintId, ...attrs, id });
  const el = h('div', { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint ? h('span', { class: 'hint', id: hintId }, hint) : null);
  return { el, input };
}

/** Previous / next with "x–y of n". */
export function pager(first: number, shown: number, total: number, go: (first: number) => void): HTMLElement {
  return h('div', { class: 'adm-pager' },
    h('button', { type: 'button', class: 'btn btn-sm', disabled: first === 0, onclick: () => go(Math.max(0, first - PAGE_SIZE)) }, t('admin.prev')),
    h('span', { class: 'muted small' }, total === 0 ? t('admin.none') : t('admin.range', {
      from: fmtNumber(first + 1), to: fmtNumber(first + shown), total: fmtNumber(total),
    })),
    h('button', { type: 'button', class: 'btn btn-sm', disabled: first + shown >= total, onclick: () => go(first + PAGE_SIZE) }, t('admin.next')),
  );
}

/** A delete button that asks once, inline, before it calls `run`. */
export function deleteButton(label: string, question: string, run: () => Promise<void>): HTMLElement {
  const box = h('div', { class: 'adm-confirm' });
  const ask = (): void => {
    const yes = h('button', { type: 'button', class: 'btn btn-danger btn-sm', 'data-confirm': 'yes', onclick: () => void run() }, t('admin.confirmDelete'));
    clear(box,
      h('p', { role: 'alert', class: 'adm-question' }, question),
      h('div', { class: 'row' }, yes,
        h('button', { type: 'button', class: 'btn btn-sm', onclick: () => clear(box, initial()) }, t('admin.cancel'))));
    yes.focus();
  };
  const initial = () => h('button', { type: 'button', class: 'btn btn-danger', onclick: ask }, label);
  clear(box, initial());
  return box;
}

/** A section with a heading inside a panel. */
export const section = (title: string, ...children: (Node | null)[]) =>
  h('section', { class: 'panel adm-section' }, h('h2', null, title), ...children);
