// Dictionaries: code lists (currencies, channels, segments, ...) with a label per language,
// referenced by features. Saving makes the next version, Active at once.
import { clear, h } from '../shared/dom';
import { fmtDateTime, t } from '../shared/i18n';
import { placeServerError } from './features';
import { auditPanel } from './lifecycle';
import { go, link } from './main';
import { create, type Dictionary, type Entry, list, load, replace, text } from './model';
import { errorBox, field, input, loading, messageLine, showError, table, textsField } from './ui';

export async function dictionaryList(into: HTMLElement): Promise<void> {
  clear(into, loading());
  try {
    const page = await list<Dictionary>('dictionaries', { maxResults: 500 });
    clear(into,
      h('div', { class: 'cat-head' }, h('h2', null, t('cat.dicts')), h('a', { href: link('dictionaries', 'new'), class: 'btn btn-primary', id: 'new-dictionary' }, t('cat.dicts.new'))),
      page.items.length ? table(t('cat.dicts'), [
        { label: t('cat.name'), cell: (d) => h('a', { href: link('dictionaries', d.key) }, text(d.name, d.key)) },
        { label: t('cat.key'), cell: (d) => h('code', null, d.key) },
        { label: t('cat.dicts.entries'), cell: (d) => d.entries.slice(0, 6).map((e) => text(e.labels, e.code)).join(', ') + (d.entries.length > 6 ? ` … (${d.entries.length})` : '') },
        { label: t('cat.version'), cell: (d) => String(d.version) },
        { label: t('cat.updated'), cell: (d) => `${fmtDateTime(d.updatedAt)} · ${d.updatedBy ?? ''}` },
      ], page.items, { id: 'dictionaries-table' }) : h('p', { class: 'empty' }, t('cat.dicts.empty')));
  } catch (e) {
    clear(into, errorBox(e));
  }
}

export async function dictionaryPage(into: HTMLElement, key: string | null): Promise<void> {
  clear(into, loading());
  let item: Dictionary | null = null;
  try { if (key) item = await load<Dictionary>('dictionaries', key); } catch (e) { clear(into, errorBox(e)); return; }
  const msg = messageLine();
  const flash = sessionStorage.getItem('cat.flash');
  sessionStorage.removeItem('cat.flash');
  const keyInput = input({ id: 'dict-key', value: item?.key ?? '', disabled: !!item, autocomplete: 'off' });
  const name = textsField(t('cat.name'), item?.name, { name: 'name', required: true });
  const rows: { code: HTMLInputElement; pl: HTMLInputElement; en: HTMLInputElement; tr: HTMLElement }[] = [];
  const tbody = h('tbody');
  const add = (e: Entry) => {
    const i = rows.length;
    const code = input({ value: e.code, 'aria-label': t('cat.dicts.codeN', { n: i + 1 }), autocomplete: 'off', class: 'input cat-code' });
    const pl = input({ value: e.labels?.pl ?? '', lang: 'pl', 'aria-label': t('cat.dicts.labelN', { n: i + 1, lang: t('cat.lang.pl') }) });
    const en = input({ value: e.labels?.en ?? '', lang: 'en', 'aria-label': t('cat.dicts.labelN', { n: i + 1, lang: t('cat.lang.en') }) });
    const tr = h('tr', null,
      h('td', { 'data-label': t('cat.dicts.code') }, h('div', { class: 'field', 'data-path': `entries[${i}].code` }, code, h('span', { class: 'field-error', hidden: true }))),
      h('td', { 'data-label': t('cat.lang.pl') }, pl),
      h('td', { 'data-label': t('cat.lang.en') }, en),
      h('td', { 'data-label': t('cat.actions') }, h('button', { type: 'button', class: 'btn btn-sm btn-danger', 'aria-label': t('cat.dicts.removeN', { n: i + 1 }), onclick: () => { tr.remove(); rows.splice(rows.findIndex((r) => r.tr === tr), 1); } }, t('cat.remove'))));
    rows.push({ code, pl, en, tr });
    tbody.append(tr);
  };
  (item?.entries ?? [{ code: '' }]).forEach(add);
  const form = h('form', {
    class: 'panel cat-section', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      msg.clear();
      for (const f of form.querySelectorAll('.has-error')) showError(f, null);
      const k = keyInput.value.trim();
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(k)) { showError(keyInput.closest('.field')!, t('cat.v.key')); keyInput.focus(); return; }
      const entries = rows.filter((r) => r.code.value.trim()).map((r) => {
        const labels: Record<string, string> = {};
        if (r.pl.value.trim()) labels.pl = r.pl.value.trim();
        if (r.en.value.trim()) labels.en = r.en.value.trim();
        return Object.keys(labels).length ? { code: r.code.value.trim(), labels } : { code: r.code.value.trim() };
      });
      const seen = new Set<string>();
      for (const [i, en] of entries.entries()) {
        if (seen.has(en.code)) { const f = rows[i].code.closest('.field')!; showError(f, t('cat.v.keyTwice')); rows[i].code.focus(); return; }
        seen.add(en.code);
      }
      try {
        const body: Record<string, unknown> = { key: k, name: name.get() ?? {}, entries };
        if (item?.description) body.description = item.description;
        const saved = item ? await replace<Dictionary>('dictionaries', k, body) : await create<Dictionary>('dictionaries', body);
        sessionStorage.setItem('cat.flash', t('cat.types.saved', { version: saved.version }));
        go('dictionaries', k, undefined, true);
      } catch (err) {
        if (err instanceof Error) placeServerError(form, err.message);
        msg.error(err);
      }
    },
  },
  h('div', { class: 'row' }, field(t('cat.key'), keyInput, t('cat.keyHint'), { 'data-path': 'key' })),
  name.el,
  h('h3', null, t('cat.dicts.entries')),
  h('div', { class: 'cat-table-wrap' }, h('table', { class: 'cat-table cat-edit-table', id: 'entries' },
    h('caption', { class: 'visually-hidden' }, t('cat.dicts.entries')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('cat.dicts.code')), h('th', { scope: 'col' }, t('cat.lang.pl')), h('th', { scope: 'col' }, t('cat.lang.en')), h('th', { scope: 'col' }, t('cat.actions')))),
    tbody)),
  h('button', { type: 'button', class: 'btn btn-sm', id: 'add-entry', onclick: () => { add({ code: '' }); rows[rows.length - 1].code.focus(); } }, t('cat.dicts.add')),
  h('div', { class: 'cat-savebar' }, h('button', { type: 'submit', class: 'btn btn-primary' }, item ? t('cat.types.saveVersion', { version: item.version + 1 }) : t('cat.create')),
    h('a', { href: link('dictionaries'), class: 'btn' }, t('cat.cancel'))));
  const auditBox = h('div');
  clear(into,
    h('p', null, h('a', { href: link('dictionaries') }, '← ' + t('cat.dicts.back'))),
    h('div', { class: 'cat-title' }, h('h2', null, item ? text(item.name, item.key) : t('cat.dicts.new')),
      item ? h('div', { class: 'cat-meta' }, h('span', null, t('cat.versionN', { n: item.version }))) : null),
    msg.el, form,
    item ? h('details', { class: 'panel cat-section', ontoggle: (e: Event) => { if ((e.target as HTMLDetailsElement).open) void auditPanel(auditBox, 'dictionaries', item!.key, (p) => p); } },
      h('summary', null, t('cat.tab.audit')), auditBox) : null);
  if (flash) msg.ok(flash);
}
