// Products: the list (paged, by type and status, searched by name) and the product page — the
// editor generated from its type's feature tree, checked as one types, with its prices,
// eligibility rules (FEEL checked by the server), channels with time windows, content per
// language and channel with a sandboxed preview, versions with the lifecycle, compare and audit.
import { type Me } from '../shared/api';
import { clear, h } from '../shared/dom';
import { fmtDateTime, t } from '../shared/i18n';
import { type Ctx, featureForm, pathLabel, placeServerError } from './features';
import { auditPanel, lifecycleBar, versionsPanel } from './lifecycle';
import { go, link } from './main';
import {
  assets, CHANNELS, type ChannelRule, codeLabel, codes, create, DAYS, dictionaries, type Dictionary, list, load, type Product,
  type ProductType, type Rule, saveVersion, STATUSES, text,
} from './model';
import { contentEditor } from './content';
import {
  errorBox, errorSummary, feelField, field, fmtJson, input, loading, messageLine, PAGE_SIZE, pager, select, statusBadge, table,
  tabs, textsField,
} from './ui';

const filter = { type: '', status: '', q: '', first: 0 };

async function allTypes(): Promise<ProductType[]> {
  return (await list<ProductType>('product-types', { maxResults: 500 })).items;
}

export async function productList(into: HTMLElement): Promise<void> {
  const msg = messageLine();
  clear(into, loading());
  let types: ProductType[] = [];
  try { types = await allTypes(); } catch (e) { msg.error(e); }
  const typeSel = select([['', t('cat.any')], ...types.map((x) => [x.key, text(x.name, x.key)] as [string, string])], filter.type, { id: 'f-type' });
  const statusSel = select([['', t('cat.any')], ...STATUSES.map((s) => [s, t(`cat.status.${s}`)] as [string, string])], filter.status, { id: 'f-status' });
  const q = input({ type: 'search', id: 'f-q', value: filter.q });
  const results = h('div');
  const refresh = async () => {
    clear(results, loading());
    try {
      const page = await list<Product>('products', {
        type: filter.type || undefined, lifecycleStatus: filter.status || undefined, nameLike: filter.q || undefined,
        firstResult: filter.first, maxResults: PAGE_SIZE,
      });
      const typeName = (k: string) => text(types.find((x) => x.key === k)?.name, k);
      clear(results, page.items.length ? table(t('cat.products'), [
        { label: t('cat.name'), cell: (p) => h('a', { href: link('products', p.key), 'data-product': p.key }, text(p.name, p.key)) },
        { label: t('cat.key'), cell: (p) => h('code', null, p.key) },
        { label: t('cat.type'), cell: (p) => typeName(p.type) },
        { label: t('cat.version'), cell: (p) => String(p.version) },
        { label: t('cat.status'), cell: (p) => statusBadge(p.lifecycleStatus) },
        { label: t('cat.updated'), cell: (p) => `${fmtDateTime(p.updatedAt)} · ${p.updatedBy ?? ''}` },
      ], page.items, { id: 'products-table' }) : h('p', { class: 'empty' }, t('cat.products.empty')),
      pager(filter.first, page.items.length, page.count, (f) => { filter.first = f; void refresh(); }));
    } catch (e) {
      clear(results, errorBox(e));
    }
  };
  const form = h('form', {
    class: 'cat-filters', role: 'search',
    onsubmit: (e: Event) => {
      e.preventDefault();
      Object.assign(filter, { type: typeSel.value, status: statusSel.value, q: q.value.trim(), first: 0 });
      void refresh();
    },
  },
  field(t('cat.search'), q, undefined, { class: 'field cat-grow' }), field(t('cat.type'), typeSel), field(t('cat.status'), statusSel),
  h('div', { class: 'field cat-field-button' }, h('button', { type: 'submit', class: 'btn' }, t('cat.filter'))));
  for (const s of [typeSel, statusSel]) s.addEventListener('change', () => form.requestSubmit());
  clear(into,
    h('div', { class: 'cat-head' }, h('h2', null, t('cat.products')), h('a', { href: link('products', 'new'), class: 'btn btn-primary', id: 'new-product' }, t('cat.products.new'))),
    msg.el, form, results);
  await refresh();
}

/** The new-product form: type, key and name; then the full editor. */
export async function newProduct(into: HTMLElement, me: Me): Promise<void> {
  clear(into, loading());
  const msg = messageLine();
  let types: ProductType[];
  try { types = await allTypes(); } catch (e) { clear(into, errorBox(e)); return; }
  const preset = new URLSearchParams(location.hash.split('?')[1] ?? '').get('type') ?? '';
  const typeSel = select([['', t('cat.choose')], ...types.map((x) => [x.key, text(x.name, x.key)] as [string, string])], preset, { id: 'np-type', name: 'type', required: true });
  const key = input({ id: 'np-key', name: 'key', required: true, autocomplete: 'off', pattern: '[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}' });
  const form = h('form', {
    class: 'panel cat-form', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      msg.clear();
      if (!typeSel.value) return msg.error(new Error(t('cat.products.chooseType')));
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(key.value.trim())) return msg.error(new Error(t('cat.v.key')));
      const type = types.find((x) => x.key === typeSel.value)!;
      const draft = { key: key.value.trim(), type: type.key, name: {}, version: 0, lifecycleStatus: 'In design', features: {} } as unknown as Product;
      await productEditor(into, draft, me, type);
    },
  },
  h('h2', null, t('cat.products.new')), msg.el,
  h('div', { class: 'row' }, field(t('cat.type'), typeSel), field(t('cat.key'), key, t('cat.keyHint'))),
  h('div', { class: 'cat-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('cat.continue')), h('a', { href: link('products'), class: 'btn' }, t('cat.cancel'))));
  clear(into, h('p', null, h('a', { href: link('products') }, '← ' + t('cat.products.back'))), form);
  typeSel.focus();
}

export async function productPage(into: HTMLElement, key: string, version: number | undefined, me: Me): Promise<void> {
  clear(into, loading());
  try {
    const item = await load<Product>('products', key, version);
    if (version) item.versions = (await load<Product>('products', key)).versions;
    const type = await load<ProductType>('product-types', item.type);
    await productEditor(into, item, me, type);
  } catch (e) {
    clear(into, h('p', null, h('a', { href: link('products') }, '← ' + t('cat.products.back'))), errorBox(e));
  }
}

/** The product page; `item.version === 0` is a product not yet created. */
async function productEditor(into: HTMLElement, item: Product, me: Me, type: ProductType): Promise<void> {
  const isNew = item.version === 0;
  const readOnly = item.lifecycleStatus !== 'In design';
  const msg = messageLine();
  let dicts: Map<string, Dictionary>;
  let ctx: Ctx;
  try {
    dicts = await dictionaries();
    ctx = { dicts, assets: await assets(), readOnly };
  } catch (e) { clear(into, errorBox(e)); return; }
  const flash = sessionStorage.getItem('cat.flash');
  sessionStorage.removeItem('cat.flash');

  // Details
  const name = textsField(t('cat.name'), item.name, { name: 'name', required: true });
  const description = textsField(t('cat.description'), item.description, { name: 'description', multiline: true });
  const from = input({ type: 'date', id: 'valid-from', value: (item.validFor?.startDateTime ?? '').slice(0, 10) });
  const to = input({ type: 'date', id: 'valid-to', value: (item.validFor?.endDateTime ?? '').slice(0, 10) });
  const details = h('div', null, name.el, description.el,
    h('div', { class: 'row', 'data-path': 'validFor' }, field(t('cat.validFrom'), from), field(t('cat.validTo'), to, t('cat.validToHint'))));

  const features = featureForm(type.schema ?? {}, (item.features ?? {}) as Record<string, unknown>, ctx);
  const rules = rulesEditor(item.eligibility ?? []);
  const channels = channelsEditor(item.channels ?? [], dicts);
  const content = contentEditor(item.content ?? {}, dicts, ctx.assets, readOnly);

  const labelOf = (p: string) => pathLabel(type.schema, p);
  const tb = tabs(t('cat.product.sections'), [
    ['details', t('cat.tab.details')], ['features', t('cat.tab.features')], ['prices', t('cat.tab.prices')],
    ['eligibility', t('cat.tab.eligibility')], ['channels', t('cat.tab.channels')], ['content', t('cat.tab.content')],
    ...(isNew ? [] : [['versions', t('cat.tab.versions')], ['audit', t('cat.tab.audit')]] as [string, string][]),
  ], new URLSearchParams(location.hash.split('?')[1] ?? '').get('tab') ?? 'details', (id) => {
    if (id === 'versions') void versionsPanel(tb.panel('versions'), 'products', item.key, item.version, (v) => go('products', item.key, v), labelOf);
    if (id === 'audit') void auditPanel(tb.panel('audit'), 'products', item.key, labelOf);
  });
  const editable = (el: HTMLElement) => h('fieldset', { class: 'cat-plain', disabled: readOnly }, h('legend', { class: 'visually-hidden' }, t('cat.editable')), el);
  tb.panel('details').append(editable(details));
  tb.panel('features').append(features.el);
  tb.panel('prices').append(pricesView(item, dicts));
  tb.panel('eligibility').append(editable(rules.el));
  tb.panel('channels').append(editable(channels.el));
  tb.panel('content').append(content.el);

  const form = h('form', { novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void save(); } });
  // Submitting saves first only what changed since the last save (no empty "changed" entries).
  let dirty = isNew;
  form.addEventListener('input', () => { dirty = true; });
  form.addEventListener('change', () => { dirty = true; });
  const summary = h('div');

  /** Collects the whole body; the parts the console does not edit stay as they were. */
  const body = () => {
    const b: Record<string, unknown> = { ...item };
    for (const k of ['versions', 'version', 'lifecycleStatus', 'createdBy', 'createdAt', 'updatedBy', 'updatedAt', 'submittedBy', 'submittedAt', 'publishedBy', 'publishedAt']) delete b[k];
    b.name = name.get() ?? {};
    const d = description.get();
    if (d) b.description = d; else delete b.description;
    b.validFor = { startDateTime: from.value || null, endDateTime: to.value || null };
    b.features = features.read().values;
    const r = rules.get();
    if (r.length) b.eligibility = r; else delete b.eligibility;
    const c = channels.get();
    if (c.length) b.channels = c; else delete b.channels;
    const ct = content.get();
    if (Object.keys(ct).length) b.content = ct; else delete b.content;
    return b;
  };

  async function save(): Promise<boolean> {
    msg.clear();
    clear(summary);
    const errors = features.read().errors;
    if (!name.get()) errors.unshift({ path: 'name', message: t('cat.v.nameRequired'), target: name.el });
    const feelOk = await rules.check();
    if (!feelOk) errors.push({ path: 'eligibility', message: t('cat.v.feel'), target: rules.el });
    if (errors.length) {
      const s = errorSummary(errors);
      clear(summary, s);
      s.focus();
      return false;
    }
    try {
      if (isNew) {
        await create<Product>('products', body());
        sessionStorage.setItem('cat.flash', t('cat.saved.created'));
        go('products', item.key);
      } else {
        await saveVersion<Product>('products', item.key, item.version, body());
        dirty = false;
        msg.ok(t('cat.saved', { version: item.version }));
      }
      return true;
    } catch (e) {
      const target = e instanceof Error ? placeServerError(form, e.message) : null;
      msg.error(e);
      if (target) {
        const s = errorSummary([{ path: '', message: e instanceof Error ? e.message : String(e), target }]);
        clear(summary, s);
      }
      return false;
    }
  }

  const head = h('div', { class: 'cat-title' },
    h('h2', null, text(item.name, item.key) || item.key),
    h('div', { class: 'cat-meta' },
      h('span', null, t('cat.key'), ': ', h('code', null, item.key)),
      h('span', null, t('cat.type'), ': ', h('a', { href: link('types', type.key) }, text(type.name, type.key))),
      isNew ? h('span', { class: 'badge badge-accent' }, t('cat.new')) : h('span', null, t('cat.versionN', { n: item.version }))));
  append(form,
    readOnly ? h('p', { class: 'alert alert-info' }, t('cat.readOnly', { status: t(`cat.status.${item.lifecycleStatus}`) })) : null,
    summary, tb.el,
    readOnly ? null : h('div', { class: 'cat-savebar' },
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'save' }, isNew ? t('cat.create') : t('cat.saveDraft')),
      isNew ? h('a', { href: link('products'), class: 'btn' }, t('cat.cancel')) : null));
  clear(into,
    h('p', null, h('a', { href: link('products') }, '← ' + t('cat.products.back'))),
    head, msg.el,
    isNew ? null : lifecycleBar({ seg: 'products', item, me, msg, reload: (v) => go('products', item.key, v, true), saveFirst: readOnly ? undefined : () => (dirty ? save() : Promise.resolve(true)) }),
    form);
  if (flash) msg.ok(flash);
}

function append(el: HTMLElement, ...children: (Node | null)[]): void {
  for (const c of children) if (c) el.append(c);
}

/** The prices as the catalogue computes them: a value, a table by segment/channel/amount/term, or FEEL. */
function pricesView(item: Product, dicts: Map<string, Dictionary>): HTMLElement {
  const prices = (item.prices ?? []) as Record<string, unknown>[];
  if (!prices.length) return h('p', { class: 'muted' }, t('cat.prices.none'));
  const unit = (p: Record<string, unknown>) => (p.unit === 'percent' ? ' %' : p.unit ? ` ${p.unit}` : '');
  const when = (w: Record<string, unknown>) => {
    const parts: string[] = [];
    if (w.segment) parts.push(codeLabel(dicts, 'segment', String(w.segment)));
    if (w.channel) parts.push(codeLabel(dicts, 'channel', String(w.channel)));
    if (Array.isArray(w.amount)) parts.push(`${t('cat.prices.amount')} ${w.amount.map((x) => x ?? '…').join('–')}`);
    if (Array.isArray(w.term)) parts.push(`${t('cat.prices.term')} ${w.term.map((x) => x ?? '…').join('–')}`);
    return parts.join(', ') || t('cat.prices.otherwise');
  };
  return h('div', null, h('p', { class: 'hint' }, t('cat.prices.hint')), table(t('cat.tab.prices'), [
    { label: t('cat.name'), cell: (p) => h('span', null, text(p.name as never, String(p.key)), ' ', h('code', { class: 'small' }, String(p.key))) },
    { label: t('cat.prices.kind'), cell: (p) => `${t(`cat.prices.kind.${p.kind}`)} · ${t(`cat.prices.category.${p.category}`)}` },
    { label: t('cat.prices.value'), cell: (p) => {
      if (p.value !== undefined) return fmtJson(p.value) + unit(p);
      if (typeof p.expression === 'string') return h('code', { class: 'cat-code' }, p.expression);
      return h('ul', { class: 'cat-plain-list' }, (p.table as Record<string, unknown>[]).map((r) => h('li', null, `${when((r.when ?? {}) as Record<string, unknown>)}: ${r.value}${unit(p)}`)));
    } },
  ], prices, { id: 'prices-table' }));
}

/** Eligibility rules: a key, a FEEL condition (checked as one types) and the reason shown when it fails. */
function rulesEditor(initial: Rule[]): { el: HTMLElement; get(): Rule[]; check(): Promise<boolean> } {
  const rows: { el: HTMLElement; key: HTMLInputElement; feel: ReturnType<typeof feelField>; reason: ReturnType<typeof textsField> }[] = [];
  const listEl = h('div', { class: 'cat-rules' });
  const add = (r: Rule) => {
    const i = rows.length;
    const key = input({ value: r.key ?? '', name: `rule-key-${i}`, autocomplete: 'off' });
    const feel = feelField(t('cat.rules.condition'), r.condition ?? '', { name: `rule-condition-${i}` });
    feel.el.dataset.path = `eligibility[${i}].condition`;
    const reason = textsField(t('cat.rules.reason'), r.reason, { name: `eligibility[${i}].reason`, multiline: true });
    const row = h('div', { class: 'cat-rule panel', 'data-rule': i },
      h('div', { class: 'row' }, field(t('cat.rules.key'), key)),
      feel.el, reason.el,
      h('button', { type: 'button', class: 'btn btn-sm btn-danger', onclick: () => { row.remove(); rows.splice(rows.findIndex((x) => x.el === row), 1); } }, t('cat.rules.remove')));
    rows.push({ el: row, key, feel, reason });
    listEl.append(row);
  };
  initial.forEach(add);
  const el = h('div', null,
    h('p', { class: 'hint' }, t('cat.rules.hint')),
    listEl,
    h('button', { type: 'button', class: 'btn', id: 'add-rule', onclick: () => { add({ condition: '' }); rows[rows.length - 1].key.focus(); } }, t('cat.rules.add')));
  return {
    el,
    get: () => rows.filter((r) => r.feel.input.value.trim()).map((r) => {
      const out: Rule = { condition: r.feel.input.value.trim() };
      if (r.key.value.trim()) out.key = r.key.value.trim();
      const reason = r.reason.get();
      if (reason) out.reason = reason;
      return out;
    }),
    check: async () => (await Promise.all(rows.map((r) => r.feel.ok()))).every(Boolean),
  };
}

/** Channels: where the product is offered and, per channel, when (days and hours). */
function channelsEditor(initial: ChannelRule[], dicts: Map<string, Dictionary>): { el: HTMLElement; get(): ChannelRule[] } {
  const entries = codes(dicts, 'channel', CHANNELS);
  const parts = entries.map((e) => {
    const rule = initial.find((c) => c.channel === e.code);
    const on = h('input', { type: 'checkbox', checked: !!rule, id: `ch-${e.code}`, 'data-channel': e.code });
    const windows = h('div', { class: 'cat-windows' });
    const wins: { days: HTMLInputElement[]; from: HTMLInputElement; to: HTMLInputElement; el: HTMLElement }[] = [];
    const addWindow = (w: { days?: string[]; from?: string; to?: string }) => {
      const days = DAYS.map((d) => h('input', { type: 'checkbox', value: d, checked: (w.days ?? []).includes(d) }));
      const from = input({ type: 'time', value: w.from ?? '', 'aria-label': t('cat.channels.from') });
      const to = input({ type: 'time', value: w.to ?? '', 'aria-label': t('cat.channels.to') });
      const el = h('fieldset', { class: 'cat-window' },
        h('legend', null, t('cat.channels.window', { channel: text(e.labels, e.code) })),
        h('div', { class: 'cat-checks' }, DAYS.map((d, i) => h('label', { class: 'cat-check-label' }, days[i], t(`cat.day.${d}`)))),
        h('div', { class: 'cat-range' }, from, h('span', { 'aria-hidden': 'true' }, '–'), to),
        h('button', { type: 'button', class: 'btn btn-sm btn-danger', onclick: () => { el.remove(); wins.splice(wins.findIndex((x) => x.el === el), 1); } }, t('cat.remove')));
      wins.push({ days, from, to, el });
      windows.append(el);
    };
    (rule?.windows ?? []).forEach(addWindow);
    const el = h('div', { class: 'cat-channel panel' },
      h('label', { class: 'cat-check-label', for: `ch-${e.code}` }, on, h('strong', null, text(e.labels, e.code))),
      windows,
      h('button', { type: 'button', class: 'btn btn-sm', onclick: () => { on.checked = true; addWindow({}); } }, t('cat.channels.addWindow')));
    return { code: e.code, on, wins, el };
  });
  return {
    el: h('div', null, h('p', { class: 'hint' }, t('cat.channels.hint')), h('div', { class: 'cat-channels' }, parts.map((p) => p.el))),
    get: () => parts.filter((p) => p.on.checked).map((p) => {
      const windows = p.wins.map((w) => {
        const out: { days?: string[]; from?: string; to?: string } = {};
        const days = w.days.filter((d) => d.checked).map((d) => d.value);
        if (days.length) out.days = days;
        if (w.from.value) out.from = w.from.value;
        if (w.to.value) out.to = w.to.value;
        return out;
      });
      return windows.length ? { channel: p.code, windows } : { channel: p.code };
    }),
  };
}
