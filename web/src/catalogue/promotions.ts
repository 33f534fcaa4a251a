// Promotions: time-bound price changes for chosen products, segments and channels, with a FEEL
// condition, a priority and whether they stack; the same versions and maker-checker as products.
import { type Me } from '../shared/api';
import { clear, h } from '../shared/dom';
import { fmtDate, fmtDateTime, t } from '../shared/i18n';
import { placeServerError } from './features';
import { auditPanel, lifecycleBar, versionsPanel } from './lifecycle';
import { go, link } from './main';
import { type Adjustment, CHANNELS, codes, create, dictionaries, list, load, type Product, type Promotion, saveVersion, text } from './model';
import {
  errorBox, feelField, field, input, loading, messageLine, PAGE_SIZE, pager, parseNumber, select, showError, statusBadge, table, tabs,
  textsField,
} from './ui';

let first = 0;

export async function promotionList(into: HTMLElement): Promise<void> {
  clear(into, loading());
  try {
    const page = await list<Promotion>('promotions', { firstResult: first, maxResults: PAGE_SIZE });
    clear(into,
      h('div', { class: 'cat-head' }, h('h2', null, t('cat.promos')), h('a', { href: link('promotions', 'new'), class: 'btn btn-primary', id: 'new-promotion' }, t('cat.promos.new'))),
      page.items.length ? table(t('cat.promos'), [
        { label: t('cat.name'), cell: (p) => h('a', { href: link('promotions', p.key) }, text(p.name, p.key)) },
        { label: t('cat.promos.when'), cell: (p) => `${fmtDate(p.validFor?.startDateTime) || '…'} – ${fmtDate(p.validFor?.endDateTime) || '…'}` },
        { label: t('cat.promos.products'), cell: (p) => (p.products?.length ? p.products.join(', ') : t('cat.all')) },
        { label: t('cat.version'), cell: (p) => String(p.version) },
        { label: t('cat.status'), cell: (p) => statusBadge(p.lifecycleStatus) },
        { label: t('cat.updated'), cell: (p) => `${fmtDateTime(p.updatedAt)} · ${p.updatedBy ?? ''}` },
      ], page.items, { id: 'promotions-table' }) : h('p', { class: 'empty' }, t('cat.promos.empty')),
      pager(first, page.items.length, page.count, (f) => { first = f; void promotionList(into); }));
  } catch (e) {
    clear(into, errorBox(e));
  }
}

const KINDS = ['percentOff', 'amountOff', 'delta', 'set'] as const;

export async function promotionPage(into: HTMLElement, key: string | null, version: number | undefined, me: Me): Promise<void> {
  clear(into, loading());
  let item: Promotion;
  let products: Product[];
  let dicts;
  try {
    dicts = await dictionaries();
    products = (await list<Product>('products', { maxResults: 500 })).items;
    if (key) {
      item = await load<Promotion>('promotions', key, version);
      if (version) item.versions = (await load<Promotion>('promotions', key)).versions;
    } else {
      item = { key: '', version: 0, lifecycleStatus: 'In design', name: {}, adjustments: [] };
    }
  } catch (e) { clear(into, errorBox(e)); return; }
  const isNew = !key;
  const readOnly = item.lifecycleStatus !== 'In design';
  const msg = messageLine();
  const flash = sessionStorage.getItem('cat.flash');
  sessionStorage.removeItem('cat.flash');

  const keyInput = input({ id: 'promo-key', value: item.key, disabled: !isNew, autocomplete: 'off' });
  const name = textsField(t('cat.name'), item.name, { name: 'name', required: true });
  const description = textsField(t('cat.description'), item.description, { name: 'description', multiline: true });
  const from = input({ type: 'date', value: (item.validFor?.startDateTime ?? '').slice(0, 10) });
  const to = input({ type: 'date', value: (item.validFor?.endDateTime ?? '').slice(0, 10) });
  const checks = (legend: string, entries: { code: string; label: string }[], chosen: string[] | undefined, hint: string) => {
    const boxes = entries.map((e) => h('input', { type: 'checkbox', value: e.code, checked: (chosen ?? []).includes(e.code) }));
    return {
      el: h('fieldset', { class: 'field cat-multi' }, h('legend', null, legend), h('span', { class: 'hint' }, hint),
        h('div', { class: 'cat-checks' }, entries.map((e, i) => h('label', { class: 'cat-check-label' }, boxes[i], e.label)))),
      get: () => boxes.filter((b) => b.checked).map((b) => b.value),
    };
  };
  const prodChecks = checks(t('cat.promos.products'), products.map((p) => ({ code: p.key, label: text(p.name, p.key) })), item.products, t('cat.promos.noneMeansAll'));
  const segChecks = checks(t('cat.promos.segments'), codes(dicts, 'segment').map((e) => ({ code: e.code, label: text(e.labels, e.code) })), item.segments, t('cat.promos.noneMeansAll'));
  const chanChecks = checks(t('cat.promos.channels'), codes(dicts, 'channel', CHANNELS).map((e) => ({ code: e.code, label: text(e.labels, e.code) })), item.channels, t('cat.promos.noneMeansAll'));
  const condition = feelField(t('cat.promos.condition'), item.condition ?? '', { id: 'promo-condition' }, t('cat.promos.conditionHint'));
  condition.el.dataset.path = 'condition';
  const priority = input({ inputmode: 'numeric', value: String(item.priority ?? 0), id: 'promo-priority' });
  const stackable = h('input', { type: 'checkbox', checked: !!item.stackable, id: 'promo-stackable' });

  const adjRows: { price: HTMLInputElement; kind: HTMLSelectElement; value: HTMLInputElement; el: HTMLElement }[] = [];
  const adjBox = h('div', { class: 'cat-adjustments' });
  const addAdj = (a: Partial<Adjustment>) => {
    const i = adjRows.length;
    const kind = (KINDS.find((k) => a[k] !== undefined) ?? 'percentOff') as (typeof KINDS)[number];
    const price = input({ value: a.price ?? '', autocomplete: 'off', class: 'input cat-code' });
    const kindSel = select(KINDS.map((k) => [k, t(`cat.promos.kind.${k}`)]), kind);
    const value = input({ inputmode: 'decimal', value: a[kind] === undefined ? '' : String(a[kind]) });
    const el = h('div', { class: 'row cat-adjustment', 'data-path': `adjustments[${i}]` },
      field(t('cat.promos.price'), price, t('cat.promos.priceHint'), { 'data-path': `adjustments[${i}].price` }),
      field(t('cat.promos.kind'), kindSel),
      field(t('cat.promos.value'), value, undefined, { 'data-path': `adjustments[${i}].${kind}` }),
      h('div', { class: 'field cat-field-button' }, h('button', { type: 'button', class: 'btn btn-sm btn-danger', onclick: () => { el.remove(); adjRows.splice(adjRows.findIndex((r) => r.el === el), 1); } }, t('cat.remove'))));
    adjRows.push({ price, kind: kindSel, value, el });
    adjBox.append(el);
  };
  (item.adjustments ?? []).forEach(addAdj);

  const labelOf = (p: string) => p;
  const tb = tabs(t('cat.promos.sections'), [['details', t('cat.tab.details')], ...(isNew ? [] : [['versions', t('cat.tab.versions')], ['audit', t('cat.tab.audit')]] as [string, string][])], 'details', (id) => {
    if (id === 'versions') void versionsPanel(tb.panel('versions'), 'promotions', item.key, item.version, (v) => go('promotions', item.key, v), labelOf);
    if (id === 'audit') void auditPanel(tb.panel('audit'), 'promotions', item.key, labelOf);
  });

  async function save(): Promise<boolean> {
    msg.clear();
    for (const f of form.querySelectorAll('.has-error')) showError(f, null);
    const k = keyInput.value.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(k)) { showError(keyInput.closest('.field')!, t('cat.v.key')); keyInput.focus(); return false; }
    if (!(await condition.ok())) { condition.input.focus(); return false; }
    const adjustments: Adjustment[] = [];
    for (const r of adjRows) {
      const n = parseNumber(r.value.value);
      if (Number.isNaN(n)) { showError(r.value.closest('.field')!, t('cat.v.number')); r.value.focus(); return false; }
      adjustments.push({ price: r.price.value.trim(), [r.kind.value]: n } as Adjustment);
    }
    const prio = parseNumber(priority.value || '0');
    if (!Number.isInteger(prio)) { showError(priority.closest('.field')!, t('cat.v.integer')); priority.focus(); return false; }
    const body: Record<string, unknown> = {
      key: k, name: name.get() ?? {}, validFor: { startDateTime: from.value || null, endDateTime: to.value || null },
      priority: prio, stackable: stackable.checked, adjustments,
    };
    const d = description.get();
    if (d) body.description = d;
    for (const [f, v] of [['products', prodChecks.get()], ['segments', segChecks.get()], ['channels', chanChecks.get()]] as const) if (v.length) body[f] = v;
    if (condition.input.value.trim()) body.condition = condition.input.value.trim();
    try {
      if (isNew) {
        await create<Promotion>('promotions', body);
        sessionStorage.setItem('cat.flash', t('cat.saved.created'));
        go('promotions', k);
      } else {
        await saveVersion<Promotion>('promotions', k, item.version, body);
        msg.ok(t('cat.saved', { version: item.version }));
      }
      return true;
    } catch (err) {
      if (err instanceof Error) placeServerError(form, err.message);
      msg.error(err);
      return false;
    }
  }

  const form = h('form', { novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void save(); } },
    h('fieldset', { class: 'cat-plain', disabled: readOnly }, h('legend', { class: 'visually-hidden' }, t('cat.editable')),
      h('div', { class: 'row' }, field(t('cat.key'), keyInput, t('cat.keyHint'), { 'data-path': 'key' })),
      name.el, description.el,
      h('div', { class: 'row', 'data-path': 'validFor' }, field(t('cat.validFrom'), from), field(t('cat.validTo'), to, t('cat.validToHint'))),
      prodChecks.el, segChecks.el, chanChecks.el, condition.el,
      h('div', { class: 'row' }, field(t('cat.promos.priority'), priority, t('cat.promos.priorityHint'), { 'data-path': 'priority' }),
        h('div', { class: 'field cat-check' }, h('label', { class: 'cat-check-label', for: 'promo-stackable' }, stackable, t('cat.promos.stackable')))),
      h('h3', null, t('cat.promos.adjustments')), adjBox,
      h('button', { type: 'button', class: 'btn btn-sm', onclick: () => addAdj({}) }, t('cat.promos.addAdjustment'))),
    readOnly ? null : h('div', { class: 'cat-savebar' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'save' }, isNew ? t('cat.create') : t('cat.saveDraft'))));
  tb.panel('details').append(form);
  clear(into,
    h('p', null, h('a', { href: link('promotions') }, '← ' + t('cat.promos.back'))),
    h('div', { class: 'cat-title' }, h('h2', null, isNew ? t('cat.promos.new') : text(item.name, item.key)),
      isNew ? null : h('div', { class: 'cat-meta' }, h('span', null, t('cat.key'), ': ', h('code', null, item.key)), h('span', null, t('cat.versionN', { n: item.version })))),
    msg.el,
    isNew ? null : lifecycleBar({ seg: 'promotions', item, me, msg, reload: (v) => go('promotions', item.key, v, true), saveFirst: readOnly ? undefined : save }),
    readOnly ? h('p', { class: 'alert alert-info' }, t('cat.readOnly', { status: t(`cat.status.${item.lifecycleStatus}`) })) : null,
    tb.el);
  if (flash) msg.ok(flash);
}
