// What products, promotions and templates share: the lifecycle bar (submit for review, publish
// or send back by another user, retire, start a new version), the versions table with a
// field-by-field compare, and the audit trail.
import { type Me } from '../shared/api';
import { clear, h } from '../shared/dom';
import { fmtDateTime, t } from '../shared/i18n';
import { act, audit, compare, type Meta, newVersion, type Segment, versions } from './model';
import { errorBox, fmtJson, loading, messageLine, statusBadge, table } from './ui';

export interface Lifecycle {
  seg: Segment;
  item: Meta;
  me: Me;
  msg: ReturnType<typeof messageLine>;
  /** After a change: open this version (a new draft, or the same one in its new status). */
  reload(version?: number): void;
  /** Before submitting: save the draft's unsaved edits; false when they do not pass. */
  saveFirst?: () => Promise<boolean>;
}

/** The buttons the version's status allows, with what maker-checker means spelled out. */
export function lifecycleBar(l: Lifecycle): HTMLElement {
  const { seg, item, me, msg } = l;
  const comment = h('input', { class: 'input', id: 'lc-comment', type: 'text', autocomplete: 'off' });
  const run = (action: string) => async () => {
    msg.clear();
    try {
      if (action === 'submit' && l.saveFirst && !(await l.saveFirst())) return;
      await act(seg, item.key, item.version, action, comment.value.trim());
      sessionStorage.setItem('cat.flash', t(`cat.lc.done.${action}`, { version: item.version }));
      l.reload(item.version);
    } catch (e) {
      msg.error(e);
    }
  };
  const button = (action: string, primary = false) =>
    h('button', { type: 'button', class: `btn ${primary ? 'btn-primary' : ''} ${action === 'retire' || action === 'reject' ? 'btn-danger' : ''}`, 'data-action': action, onclick: run(action) }, t(`cat.lc.${action}`));
  const s = item.lifecycleStatus;
  const buttons: HTMLElement[] = [];
  let note: string | null = null;
  if (s === 'In design') {
    buttons.push(button('submit', true));
    note = t('cat.lc.note.design');
  } else if (s === 'In test') {
    buttons.push(button('publish', true), button('reject'));
    note = item.submittedBy === me.userId ? t('cat.lc.note.ownReview', { user: item.submittedBy ?? '' }) : t('cat.lc.note.review', { user: item.submittedBy ?? '' });
  } else if (s === 'Active') {
    buttons.push(button('retire'));
    note = t('cat.lc.note.active');
  } else {
    note = t('cat.lc.note.retired');
  }
  const draftOpen = (item.versions ?? []).some((v) => v.lifecycleStatus === 'In design' || v.lifecycleStatus === 'In test');
  if ((s === 'Active' || s === 'Retired') && !draftOpen) {
    buttons.push(h('button', {
      type: 'button', class: 'btn', 'data-action': 'new-version',
      onclick: async () => {
        try {
          const v = await newVersion<Meta>(seg, item.key);
          sessionStorage.setItem('cat.flash', t('cat.lc.done.newVersion', { version: v.version }));
          l.reload(v.version);
        } catch (e) { msg.error(e); }
      },
    }, t('cat.lc.newVersion')));
  }
  return h('div', { class: 'cat-lifecycle panel' },
    h('div', { class: 'cat-lc-status' }, statusBadge(s), h('span', { class: 'small' }, note)),
    s === 'Retired' && !buttons.length ? null : h('div', { class: 'cat-lc-actions' },
      s === 'In design' || s === 'In test' ? h('div', { class: 'field cat-lc-comment' }, h('label', { for: 'lc-comment' }, t('cat.lc.comment')), comment) : null,
      h('div', { class: 'cat-actions' }, buttons)));
}

/** The versions, two chosen ones compared field by field, differences highlighted. */
export async function versionsPanel(into: HTMLElement, seg: Segment, key: string, current: number, open: (v: number) => void, labelOf: (path: string) => string): Promise<void> {
  clear(into, loading());
  try {
    const all = await versions<Meta>(seg, key);
    const from = h('select', { class: 'input', id: 'cmp-from' }, all.map((v) => h('option', { value: v.version, selected: v.version === Math.max(1, current - 1) }, t('cat.versionN', { n: v.version }))));
    const to = h('select', { class: 'input', id: 'cmp-to' }, all.map((v) => h('option', { value: v.version, selected: v.version === current }, t('cat.versionN', { n: v.version }))));
    const out = h('div', { class: 'cat-compare', 'aria-live': 'polite' });
    const run = async () => {
      clear(out, loading());
      try {
        const a = Number(from.value);
        const b = Number(to.value);
        const d = await compare(seg, key, a, b);
        clear(out, d.differences.length
          ? table(t('cat.compare.caption', { a, b }), [
            { label: t('cat.compare.field'), cell: (x) => h('span', { class: 'cat-path', title: x.path }, labelOf(x.path)) },
            { label: t('cat.versionN', { n: a }), cell: (x) => h('del', { class: 'cat-from' }, fmtJson(x.from)) },
            { label: t('cat.versionN', { n: b }), cell: (x) => h('ins', { class: 'cat-to' }, fmtJson(x.to)) },
          ], d.differences, { id: 'compare-table' })
          : h('p', { class: 'muted', id: 'compare-none' }, t('cat.compare.same')));
      } catch (e) { clear(out, errorBox(e)); }
    };
    clear(into,
      table(t('cat.versions'), [
        { label: t('cat.version'), cell: (v) => v.version === current ? h('strong', null, t('cat.versionN', { n: v.version })) : h('a', { href: '#', onclick: (e: Event) => { e.preventDefault(); open(v.version); } }, t('cat.versionN', { n: v.version })) },
        { label: t('cat.status'), cell: (v) => statusBadge(v.lifecycleStatus) },
        { label: t('cat.preparedBy'), cell: (v) => `${v.createdBy ?? ''} · ${fmtDateTime(v.createdAt)}` },
        { label: t('cat.submittedBy'), cell: (v) => v.submittedBy ? `${v.submittedBy} · ${fmtDateTime(v.submittedAt)}` : '—' },
        { label: t('cat.publishedBy'), cell: (v) => v.publishedBy ? `${v.publishedBy} · ${fmtDateTime(v.publishedAt)}` : '—' },
      ], all, { id: 'versions-table' }),
      all.length > 1 ? h('form', { class: 'cat-compare-form', onsubmit: (e: Event) => { e.preventDefault(); void run(); } },
        h('h3', null, t('cat.compare.title')),
        h('div', { class: 'row' },
          h('div', { class: 'field' }, h('label', { for: 'cmp-from' }, t('cat.compare.from')), from),
          h('div', { class: 'field' }, h('label', { for: 'cmp-to' }, t('cat.compare.to')), to),
          h('div', { class: 'field cat-field-button' }, h('button', { type: 'submit', class: 'btn', id: 'compare' }, t('cat.compare.run'))))) : null,
      out);
  } catch (e) {
    clear(into, errorBox(e));
  }
}

/** The audit trail of one item, newest first. */
export async function auditPanel(into: HTMLElement, seg: Segment, key: string, labelOf: (path: string) => string): Promise<void> {
  clear(into, loading());
  try {
    const entries = (await audit(seg, key)).slice().sort((a, b) => b.id - a.id);
    const detail = (d: Record<string, unknown>) => {
      const parts: HTMLElement[] = [];
      if (d.from !== undefined && d.to !== undefined) parts.push(h('span', null, `${t(`cat.status.${d.from}`)} → ${t(`cat.status.${d.to}`)}`));
      if (typeof d.comment === 'string') parts.push(h('q', null, d.comment));
      if (Array.isArray(d.changes)) {
        const ch = d.changes as { path: string }[];
        parts.push(h('span', null, t('cat.audit.changes', { count: ch.length }) + (ch.length ? ': ' + ch.slice(0, 4).map((c) => labelOf(c.path)).join(', ') + (ch.length > 4 ? '…' : '') : '')));
      }
      if (typeof d.replacedBy === 'number') parts.push(h('span', null, t('cat.audit.replacedBy', { version: d.replacedBy })));
      return h('span', { class: 'cat-audit-detail' }, parts);
    };
    clear(into, entries.length ? table(t('cat.audit.title'), [
      { label: t('cat.audit.at'), cell: (e) => fmtDateTime(e.at) },
      { label: t('cat.audit.user'), cell: (e) => e.userId },
      { label: t('cat.audit.action'), cell: (e) => t(`cat.audit.action.${e.action}`) },
      { label: t('cat.version'), cell: (e) => (e.version ? String(e.version) : '—') },
      { label: t('cat.audit.detail'), cell: (e) => detail(e.detail ?? {}) },
    ], entries, { id: 'audit-table' }) : h('p', { class: 'muted' }, t('cat.audit.none')));
  } catch (e) {
    clear(into, errorBox(e));
  }
}
