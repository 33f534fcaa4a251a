// Product types: the list and the schema editor — a tree of feature groups and features (key,
// labels in Polish and English, type, constraints, default), with a preview of the product form
// it generates. Saving a type makes its next version, Active at once.
import { clear, h } from '../shared/dom';
import { fmtDateTime, t } from '../shared/i18n';
import { featureForm, placeServerError } from './features';
import { auditPanel } from './lifecycle';
import { go, link } from './main';
import { assets, create, dictionaries, type Dictionary, type Feature, type Group, list, load, type ProductType, replace, type Schema, text } from './model';
import { errorBox, field, input, loading, messageLine, parseNumber, select, showError, table, tabs, textsField } from './ui';

const TYPES = ['decimal', 'integer', 'percentage', 'text', 'localizedText', 'boolean', 'date', 'money', 'range', 'dictionary', 'asset', 'table'];
const KEY_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

const count = (s: Schema | Group): number => (s.features?.length ?? 0) + (s.groups ?? []).reduce((n, g) => n + count(g), 0);

export async function typeList(into: HTMLElement): Promise<void> {
  clear(into, loading());
  try {
    const page = await list<ProductType>('product-types', { maxResults: 500 });
    clear(into,
      h('div', { class: 'cat-head' }, h('h2', null, t('cat.types')), h('a', { href: link('types', 'new'), class: 'btn btn-primary', id: 'new-type' }, t('cat.types.new'))),
      h('p', { class: 'hint' }, t('cat.types.hint')),
      page.items.length ? table(t('cat.types'), [
        { label: t('cat.name'), cell: (x) => h('a', { href: link('types', x.key), 'data-type': x.key }, text(x.name, x.key)) },
        { label: t('cat.key'), cell: (x) => h('code', null, x.key) },
        { label: t('cat.types.features'), cell: (x) => String(count(x.schema ?? {})) },
        { label: t('cat.version'), cell: (x) => String(x.version) },
        { label: t('cat.updated'), cell: (x) => `${fmtDateTime(x.updatedAt)} · ${x.updatedBy ?? ''}` },
        { label: t('cat.actions'), cell: (x) => h('a', { href: link('products', 'new') + `?type=${encodeURIComponent(x.key)}` }, t('cat.types.newProduct')) },
      ], page.items, { id: 'types-table' }) : h('p', { class: 'empty' }, t('cat.types.empty')));
  } catch (e) {
    clear(into, errorBox(e));
  }
}

export async function typePage(into: HTMLElement, key: string | null): Promise<void> {
  clear(into, loading());
  let item: ProductType | null = null;
  let dicts: Map<string, Dictionary>;
  try {
    dicts = await dictionaries();
    if (key) item = await load<ProductType>('product-types', key);
  } catch (e) { clear(into, errorBox(e)); return; }
  const msg = messageLine();
  const flash = sessionStorage.getItem('cat.flash');
  sessionStorage.removeItem('cat.flash');
  const schema: Schema = JSON.parse(JSON.stringify(item?.schema ?? { features: [], groups: [] }));
  const keyInput = input({ id: 'type-key', name: 'key', value: item?.key ?? '', disabled: !!item, autocomplete: 'off' });
  const name = textsField(t('cat.name'), item?.name, { name: 'name', required: true });
  const description = textsField(t('cat.description'), item?.description, { name: 'description', multiline: true });
  const tree = h('div', { class: 'cat-tree', 'data-path': 'schema' });
  const paint = (focus?: string) => {
    clear(tree, levelEditor(schema, 'schema', 0, dicts, () => paint(), (f) => paint(f)));
    if (focus) (tree.querySelector(`[data-focus="${focus}"]`) as HTMLElement | null)?.focus();
  };
  paint();
  const previewBox = h('div');
  const tb = tabs(t('cat.types.sections'), [['schema', t('cat.types.schema')], ['preview', t('cat.types.preview')], ...(item ? [['audit', t('cat.tab.audit')]] as [string, string][] : [])], 'schema', async (id) => {
    if (id === 'preview') {
      clear(previewBox, h('p', { class: 'hint' }, t('cat.types.previewHint')), featureForm(schema, {}, { dicts, assets: await assets().catch(() => []), readOnly: false }).el);
    }
    if (id === 'audit' && item) void auditPanel(tb.panel('audit'), 'product-types', item.key, (p) => p);
  });
  tb.panel('schema').append(tree);
  tb.panel('preview').append(previewBox);

  const form = h('form', {
    novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      msg.clear();
      for (const f of form.querySelectorAll('.has-error')) showError(f, null);
      const k = keyInput.value.trim();
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(k)) { showError(keyInput.closest('.field')!, t('cat.v.key')); keyInput.focus(); return; }
      const nm = name.get();
      if (!nm) { showError(name.el, t('cat.v.nameRequired')); (name.el.querySelector('input') as HTMLInputElement).focus(); return; }
      const bad = tree.querySelector('.has-error input, .has-error select, .has-error textarea') as HTMLElement | null;
      if (bad) { tb.show('schema'); bad.focus(); msg.error(new Error(t('cat.types.fixFirst'))); return; }
      const body: Record<string, unknown> = { key: k, name: nm, schema };
      if (item?.category !== undefined) body.category = item.category;
      const d = description.get();
      if (d) body.description = d;
      try {
        const saved = item ? await replace<ProductType>('product-types', k, body) : await create<ProductType>('product-types', body);
        sessionStorage.setItem('cat.flash', t('cat.types.saved', { version: saved.version }));
        go('types', k, undefined, true);
      } catch (err) {
        const at = err instanceof Error ? placeServerError(form, err.message) : null;
        if (at) { tb.show('schema'); (at.querySelector('input, select, textarea') as HTMLElement | null)?.focus(); }
        msg.error(err);
      }
    },
  },
  h('div', { class: 'panel cat-section' },
    h('div', { class: 'row' }, field(t('cat.key'), keyInput, t('cat.keyHint'), { 'data-path': 'key' })),
    name.el, description.el),
  tb.el,
  h('div', { class: 'cat-savebar' },
    h('button', { type: 'submit', class: 'btn btn-primary', id: 'save-type' }, item ? t('cat.types.saveVersion', { version: item.version + 1 }) : t('cat.create')),
    h('a', { href: link('types'), class: 'btn' }, t('cat.cancel'))));
  clear(into,
    h('p', null, h('a', { href: link('types') }, '← ' + t('cat.types.back'))),
    h('div', { class: 'cat-title' }, h('h2', null, item ? text(item.name, item.key) : t('cat.types.new')),
      item ? h('div', { class: 'cat-meta' }, h('span', null, t('cat.versionN', { n: item.version })), h('span', null, `${fmtDateTime(item.updatedAt)} · ${item.updatedBy ?? ''}`)) : null),
    msg.el, form);
  if (flash) msg.ok(flash);
  if (!item) keyInput.focus();
}

type Repaint = () => void;

/** One level of the tree: its features, then its groups (each a fieldset with its own level). */
function levelEditor(node: Schema | Group, path: string, depth: number, dicts: Map<string, Dictionary>, repaint: Repaint, focus: (f: string) => void): HTMLElement {
  const features = (node.features ??= []);
  const groups = (node.groups ??= []);
  const addFeature = () => {
    features.push({ key: '', type: 'decimal', labels: {} });
    focus(`${path}.features[${features.length - 1}]`);
  };
  const addGroup = () => {
    groups.push({ key: '', labels: {}, features: [], groups: [] });
    focus(`${path}.groups[${groups.length - 1}]`);
  };
  return h('div', { class: 'cat-level' },
    h('ol', { class: 'cat-feature-list' }, features.map((f, i) => h('li', null,
      featureEditor(f, `${path}.features[${i}]`, dicts, repaint, focus, moveButtons(features, i, `${path}.features`, repaint, focus, t('cat.types.feature')), false)))),
    groups.map((g, i) => {
      const gp = `${path}.groups[${i}]`;
      const gkey = input({ value: g.key, autocomplete: 'off', 'data-focus': gp, name: `${gp}.key` });
      gkey.addEventListener('input', () => { g.key = gkey.value.trim(); checkKey(gkey, groups.map((x) => x.key)); });
      const labels = labelInputs(g, gp);
      return h('fieldset', { class: 'cat-group-edit', 'data-path': gp },
        h('legend', null, t('cat.types.group'), ': ', g.key || t('cat.types.unnamed')),
        h('div', { class: 'row' }, field(t('cat.types.groupKey'), gkey, undefined, { 'data-path': `${gp}.key` }), labels),
        levelEditor(g, gp, depth + 1, dicts, repaint, focus),
        h('div', { class: 'cat-actions' }, moveButtons(groups, i, `${path}.groups`, repaint, focus, t('cat.types.groupWord'))));
    }),
    h('div', { class: 'cat-actions' },
      h('button', { type: 'button', class: 'btn btn-sm', 'data-add': 'feature', onclick: addFeature }, t('cat.types.addFeature')),
      depth < 7 ? h('button', { type: 'button', class: 'btn btn-sm', 'data-add': 'group', onclick: addGroup }, t('cat.types.addGroup')) : null));
}

/** Up, down and remove for item `i` of `items`. */
function moveButtons<T>(items: T[], i: number, path: string, repaint: Repaint, focus: (f: string) => void, what: string): HTMLElement[] {
  const swap = (j: number) => { [items[i], items[j]] = [items[j], items[i]]; focus(`${path}[${j}]`); };
  return [
    h('button', { type: 'button', class: 'btn btn-sm', disabled: i === 0, 'aria-label': t('cat.types.up', { what, n: i + 1 }), onclick: () => swap(i - 1) }, '↑'),
    h('button', { type: 'button', class: 'btn btn-sm', disabled: i === items.length - 1, 'aria-label': t('cat.types.down', { what, n: i + 1 }), onclick: () => swap(i + 1) }, '↓'),
    h('button', { type: 'button', class: 'btn btn-sm btn-danger', 'aria-label': t('cat.types.removeN', { what, n: i + 1 }), onclick: () => { items.splice(i, 1); repaint(); } }, t('cat.types.removeWhat', { what })),
  ];
}

function labelInputs(node: { labels?: Record<string, string> }, path: string): HTMLElement[] {
  return (['pl', 'en'] as const).map((l) => {
    const c = input({ value: node.labels?.[l] ?? '', lang: l, name: `${path}.labels.${l}` });
    c.addEventListener('input', () => {
      node.labels ??= {};
      if (c.value) node.labels[l] = c.value; else delete node.labels[l];
    });
    return field(t(`cat.types.label.${l}`), c, undefined, { 'data-path': `${path}.labels.${l}` });
  });
}

function checkKey(c: HTMLInputElement, siblings: string[]): void {
  const v = c.value.trim();
  const msg = !v ? t('cat.v.required') : !KEY_RE.test(v) ? t('cat.v.featureKey') : siblings.filter((s) => s === v).length > 1 ? t('cat.v.keyTwice') : null;
  showError(c.closest('.field')!, msg);
}

/** One feature: key, labels, type, and the constraints and default its type has. */
function featureEditor(f: Feature, path: string, dicts: Map<string, Dictionary>, repaint: Repaint, focus: (p: string) => void, moves: HTMLElement[], inTable: boolean): HTMLElement {
  const key = input({ value: f.key, autocomplete: 'off', 'data-focus': path, name: `${path}.key` });
  key.addEventListener('input', () => { f.key = key.value.trim(); checkKey(key, []); });
  const type = select((inTable ? TYPES.filter((x) => x !== 'table') : TYPES).map((x) => [x, t(`cat.ftype.${x}`)]), f.type, { name: `${path}.type` });
  type.addEventListener('change', () => {
    f.type = type.value;
    // Constraints of the old type would be refused by the new one.
    for (const k of ['min', 'max', 'pattern', 'currencies', 'dictionary', 'multiple', 'columns', 'default'] as const) delete f[k];
    if (f.type === 'table') f.columns = [{ key: 'value', type: 'decimal', labels: {} }];
    if (f.type === 'dictionary') f.dictionary = [...dicts.keys()][0];
    repaint();
    focus(`${path}.type`);
  });
  type.dataset.focus = `${path}.type`;
  const required = h('input', { type: 'checkbox', checked: !!f.required, name: `${path}.required` });
  required.addEventListener('change', () => { if (required.checked) f.required = true; else delete f.required; });
  const c = constraints(f, path, dicts, focus);
  const cols = f.type === 'table' ? h('fieldset', { class: 'cat-columns', 'data-path': `${path}.columns` },
    h('legend', null, t('cat.types.columns')),
    h('ol', { class: 'cat-feature-list' }, (f.columns ?? []).map((col, i) => h('li', null,
      featureEditor(col, `${path}.columns[${i}]`, dicts, repaint, focus, moveButtons(f.columns!, i, `${path}.columns`, repaint, focus, t('cat.types.column')), true)))),
    h('button', { type: 'button', class: 'btn btn-sm', onclick: () => { f.columns!.push({ key: '', type: 'decimal', labels: {} }); repaint(); focus(`${path}.columns[${f.columns!.length - 1}]`); } }, t('cat.types.addColumn')),
    h('span', { class: 'field-error', hidden: true })) : null;
  return h('div', { class: 'cat-feature-edit', 'data-path': path },
    h('div', { class: 'cat-feature-row' },
      field(t('cat.types.featureKey'), key, undefined, { 'data-path': `${path}.key` }),
      labelInputs(f, path),
      field(t('cat.types.type'), type, undefined, { 'data-path': `${path}.type` }),
      h('div', { class: 'field cat-check', 'data-path': `${path}.required` }, h('label', { class: 'cat-check-label' }, required, t('cat.types.required')))),
    c, cols,
    h('div', { class: 'cat-actions' }, moves),
    h('span', { class: 'field-error', hidden: true }));
}

/** The constraint inputs a type has (min/max, pattern, currencies, dictionary, unit, default). */
function constraints(f: Feature, path: string, dicts: Map<string, Dictionary>, focus: (p: string) => void): HTMLElement {
  const parts: HTMLElement[] = [];
  const numeric = ['decimal', 'integer', 'percentage', 'money', 'range', 'text', 'localizedText'].includes(f.type);
  const bound = (which: 'min' | 'max') => {
    const isDate = f.type === 'date';
    const c = input({ value: f[which] === undefined ? '' : String(f[which]), type: isDate ? 'date' : 'text', inputmode: isDate ? undefined : 'decimal', name: `${path}.${which}` });
    const el = field(t(`cat.types.${which}${f.type === 'text' || f.type === 'localizedText' ? 'Length' : ''}`), c, undefined, { 'data-path': `${path}.${which}` });
    c.addEventListener('input', () => {
      if (!c.value.trim()) { delete f[which]; showError(el, null); return; }
      if (isDate) { f[which] = c.value; return; }
      const n = parseNumber(c.value);
      if (Number.isNaN(n)) { showError(el, t('cat.v.number')); return; }
      f[which] = n;
      const lo = f.min, hi = f.max;
      showError(el, typeof lo === 'number' && typeof hi === 'number' && lo > hi ? t('cat.v.minMax') : null);
    });
    return el;
  };
  if (numeric || f.type === 'date') parts.push(bound('min'), bound('max'));
  if (['decimal', 'integer', 'percentage', 'money', 'range', 'text'].includes(f.type)) {
    const unit = input({ value: f.unit ?? '', name: `${path}.unit` });
    unit.addEventListener('input', () => { if (unit.value.trim()) f.unit = unit.value.trim(); else delete f.unit; });
    parts.push(field(t('cat.types.unit'), unit, undefined, { 'data-path': `${path}.unit` }));
  }
  if (f.type === 'text' || f.type === 'localizedText') {
    const p = input({ value: f.pattern ?? '', name: `${path}.pattern`, spellcheck: false, class: 'input cat-code' });
    const el = field(t('cat.types.pattern'), p, t('cat.types.patternHint'), { 'data-path': `${path}.pattern` });
    p.addEventListener('input', () => {
      if (!p.value) { delete f.pattern; showError(el, null); return; }
      f.pattern = p.value;
      try { new RegExp(p.value); showError(el, null); } catch { showError(el, t('cat.v.regex')); }
    });
    parts.push(el);
  }
  if (f.type === 'money') {
    const cur = input({ value: (f.currencies ?? []).join(', '), name: `${path}.currencies` });
    const el = field(t('cat.types.currencies'), cur, t('cat.types.currenciesHint'), { 'data-path': `${path}.currencies` });
    cur.addEventListener('input', () => {
      const list = cur.value.split(/[\s,;]+/).map((x) => x.trim().toUpperCase()).filter(Boolean);
      if (list.length) f.currencies = list; else delete f.currencies;
      showError(el, list.some((x) => !/^[A-Z]{3}$/.test(x)) ? t('cat.v.currencyCode') : null);
    });
    parts.push(el);
  }
  if (f.type === 'dictionary') {
    // The default's choices come from the dictionary: a change redraws them.
    const d = select([...dicts.values()].map((x) => [x.key, `${text(x.name, x.key)} (${x.key})`]), f.dictionary ?? '', { name: `${path}.dictionary`, 'data-focus': `${path}.dictionary` });
    d.addEventListener('change', () => { f.dictionary = d.value; delete f.default; focus(`${path}.dictionary`); });
    const multiple = h('input', { type: 'checkbox', checked: !!f.multiple, name: `${path}.multiple`, 'data-focus': `${path}.multiple` });
    multiple.addEventListener('change', () => { if (multiple.checked) f.multiple = true; else delete f.multiple; delete f.default; focus(`${path}.multiple`); });
    parts.push(field(t('cat.types.dictionary'), d, undefined, { 'data-path': `${path}.dictionary` }),
      h('div', { class: 'field cat-check' }, h('label', { class: 'cat-check-label' }, multiple, t('cat.types.multiple'))));
  }
  if (f.type !== 'table') parts.push(defaultInput(f, path, dicts));
  return h('div', { class: 'cat-constraints' }, parts);
}

/** The default value, typed as its feature's type (JSON for the composite types). */
function defaultInput(f: Feature, path: string, dicts: Map<string, Dictionary>): HTMLElement {
  const label = t('cat.types.default');
  const attrs = { name: `${path}.default` };
  if (f.type === 'boolean') {
    const c = select([['', t('cat.types.noDefault')], ['true', t('cat.yes')], ['false', t('cat.no')]], f.default === undefined ? '' : String(f.default), attrs);
    c.addEventListener('change', () => { if (c.value) f.default = c.value === 'true'; else delete f.default; });
    return field(label, c, undefined, { 'data-path': `${path}.default` });
  }
  if (f.type === 'dictionary' && !f.multiple) {
    const entries = dicts.get(f.dictionary ?? '')?.entries ?? [];
    const c = select([['', t('cat.types.noDefault')], ...entries.map((e) => [e.code, text(e.labels, e.code)] as [string, string])], typeof f.default === 'string' ? f.default : '', attrs);
    c.addEventListener('change', () => { if (c.value) f.default = c.value; else delete f.default; });
    return field(label, c, undefined, { 'data-path': `${path}.default` });
  }
  const numeric = ['decimal', 'integer', 'percentage'].includes(f.type);
  const simple = numeric || f.type === 'text' || f.type === 'date' || f.type === 'asset';
  const c = input({ ...attrs, type: f.type === 'date' ? 'date' : 'text', inputmode: numeric ? 'decimal' : undefined, class: simple ? 'input' : 'input cat-code',
    value: f.default === undefined ? '' : simple ? String(f.default) : JSON.stringify(f.default) });
  const el = field(label, c, simple ? undefined : t(`cat.types.defaultJson.${f.type}`), { 'data-path': `${path}.default` });
  c.addEventListener('input', () => {
    const v = c.value.trim();
    if (!v) { delete f.default; showError(el, null); return; }
    if (numeric) {
      const n = parseNumber(v);
      if (Number.isNaN(n)) { showError(el, t('cat.v.number')); return; }
      f.default = n;
    } else if (simple) {
      f.default = c.value;
    } else {
      try { f.default = JSON.parse(v); } catch { showError(el, t('cat.v.json')); return; }
    }
    showError(el, null);
  });
  return el;
}
