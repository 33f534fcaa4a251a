// The product editor's feature form, generated from the product type's feature tree: one
// control per feature (numbers, texts, texts per language, yes/no, dates, money with its
// currency, ranges, dictionary codes, assets, tables of rows), checked as one types with the
// same rules the server applies (feature_schema.cpp), so a wrong value shows its message at
// once; the server's 400, which names the feature path, lands beside the same field.
import { clear, h, uid } from '../shared/dom';
import { fmtNumber, t } from '../shared/i18n';
import { type Asset, codeLabel, codes, type Dictionary, type Feature, type Group, type Json, type Schema, text } from './model';
import { field, input, parseNumber, select, showError } from './ui';

export interface Ctx {
  dicts: Map<string, Dictionary>;
  assets: Asset[];
  readOnly: boolean;
}

/** A control: its value (undefined = left empty) or the first error, and where it shows errors. */
interface Control {
  el: HTMLElement;
  read(): { value: Json; error: string | null; at?: HTMLElement };
}

const hasDefault = (f: Feature) => f.default !== undefined && f.default !== null;
const NUMERIC = new Set(['decimal', 'integer', 'percentage']);

function bounds(f: Feature): { min?: number; max?: number } {
  const min = typeof f.min === 'number' ? f.min : f.type === 'percentage' ? 0 : undefined;
  const max = typeof f.max === 'number' ? f.max : f.type === 'percentage' ? 100 : undefined;
  return { min, max };
}

/** A number from an input against a feature's rules: the number or the message. */
function checkNumber(f: Feature, raw: string, integer: boolean): number | string {
  const n = parseNumber(raw);
  if (Number.isNaN(n)) return t(integer ? 'cat.v.integer' : 'cat.v.number');
  if (integer && !Number.isInteger(n)) return t('cat.v.integer');
  const { min, max } = bounds(f);
  if (min !== undefined && n < min) return t('cat.v.min', { min: fmtNumber(min) });
  if (max !== undefined && n > max) return t('cat.v.max', { max: fmtNumber(max) });
  return n;
}

function checkText(f: Feature, s: string): string | null {
  if (f.pattern) {
    try {
      if (!new RegExp(`^(?:${f.pattern})$`, 'u').test(s)) return t('cat.v.pattern', { pattern: f.pattern });
    } catch { /* the server checks patterns it cannot compile here */ }
  }
  if (typeof f.min === 'number' && [...s].length < f.min) return t('cat.v.minLength', { min: f.min });
  if (typeof f.max === 'number' && [...s].length > f.max) return t('cat.v.maxLength', { max: f.max });
  return null;
}

const numText = (v: Json) => (typeof v === 'number' ? String(v).replace('.', document.documentElement.lang === 'pl' ? ',' : '.') : '');

/** The hint under a field: its unit and limits, as the manager reads them. */
function hintOf(f: Feature, dicts: Map<string, Dictionary>): string {
  const parts: string[] = [];
  const desc = text(f.description as never);
  if (desc) parts.push(desc);
  if (NUMERIC.has(f.type) || f.type === 'money' || f.type === 'range') {
    const { min, max } = bounds(f);
    if (min !== undefined && max !== undefined) parts.push(t('cat.hint.between', { min: fmtNumber(min), max: fmtNumber(max) }));
    else if (min !== undefined) parts.push(t('cat.hint.atLeast', { min: fmtNumber(min) }));
    else if (max !== undefined) parts.push(t('cat.hint.atMost', { max: fmtNumber(max) }));
  }
  if (f.type === 'text' && f.pattern) parts.push(t('cat.hint.pattern', { pattern: f.pattern }));
  if (f.type === 'date' && (f.min || f.max)) parts.push([f.min, f.max].filter(Boolean).join(' – '));
  if (hasDefault(f)) parts.push(t('cat.hint.default', { value: defaultText(f, dicts) }));
  return parts.join(' · ');
}

/** A default as the manager reads it: Yes/No, a dictionary code's label, a number in the language's format. */
function defaultText(f: Feature, dicts: Map<string, Dictionary>): string {
  const v = f.default;
  if (typeof v === 'boolean') return t(v ? 'cat.yes' : 'cat.no');
  if (typeof v === 'number') return fmtNumber(v);
  if (f.type === 'dictionary' && typeof v === 'string') return codeLabel(dicts, f.dictionary ?? '', v);
  if (f.type === 'money' && v && typeof v === 'object') return `${fmtNumber(Number((v as { amount: number }).amount))} ${(v as { currency: string }).currency}`;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function labelOf(f: Feature): string {
  return text(f.labels, f.key) + (f.unit ? ` (${f.unit})` : f.type === 'percentage' ? ' (%)' : '');
}

/** One feature's control at `path` (features.group.key) with value `v`. */
function control(f: Feature, value: Json, path: string, ctx: Ctx, inTable = false): Control {
  // An empty feature starts at its default (the server fills it in the same way on save).
  const v = value === undefined || value === null ? f.default : value;
  const label = labelOf(f) + (f.required && !hasDefault(f) ? ' *' : '');
  const hint = inTable ? undefined : hintOf(f, ctx.dicts) || undefined;
  const dis = ctx.readOnly;
  const wrap = (c: HTMLElement, extra: Record<string, unknown> = {}) => {
    const el = field(label, c, hint, { 'data-path': path, 'data-type': f.type, ...extra });
    if (inTable) el.querySelector('label')!.classList.add('visually-hidden');
    return el;
  };
  const empty = (): { value: Json; error: string | null } => ({ value: undefined, error: f.required && !hasDefault(f) ? t('cat.v.required') : null });

  switch (f.type) {
    case 'decimal': case 'integer': case 'percentage': {
      const integer = f.type === 'integer';
      const c = input({ inputmode: integer ? 'numeric' : 'decimal', value: numText(v), disabled: dis, autocomplete: 'off' });
      const el = wrap(c);
      return { el, read: () => {
        if (!c.value.trim()) return empty();
        const n = checkNumber(f, c.value, integer);
        return typeof n === 'number' ? { value: n, error: null } : { value: c.value, error: n };
      } };
    }
    case 'text': {
      const c = input({ value: typeof v === 'string' ? v : '', disabled: dis });
      return { el: wrap(c), read: () => (c.value === '' ? empty() : { value: c.value, error: checkText(f, c.value) }) };
    }
    case 'localizedText': {
      const val = (v && typeof v === 'object' ? v : {}) as Record<string, string>;
      const inputs = (['pl', 'en'] as const).map((l) => [l, input({ value: val[l] ?? '', disabled: dis, lang: l })] as const);
      const id = uid('lt');
      const el = h('fieldset', { class: 'field cat-texts', 'data-path': path, 'data-type': f.type },
        h('legend', { class: inTable ? 'visually-hidden' : undefined }, label),
        h('div', { class: 'cat-pair' }, inputs.map(([l, c]) => {
          c.id = `${id}-${l}`;
          return h('div', { class: 'field' }, h('label', { for: c.id }, t(`cat.lang.${l}`)), c);
        })),
        hint ? h('span', { class: 'hint' }, hint) : null,
        h('span', { class: 'field-error', hidden: true }));
      return { el, read: () => {
        const out: Record<string, string> = {};
        for (const [l, c] of inputs) if (c.value !== '') out[l] = c.value;
        if (!Object.keys(out).length) return empty();
        for (const [l, s] of Object.entries(out)) {
          const e = checkText(f, s);
          if (e) return { value: out, error: `${t(`cat.lang.${l}`)}: ${e}` };
        }
        return { value: out, error: null };
      } };
    }
    case 'boolean': {
      const c = h('input', { type: 'checkbox', checked: v === true || (v === undefined && f.default === true), disabled: dis });
      const id = uid('b');
      c.id = id;
      const el = h('div', { class: 'field cat-check', 'data-path': path, 'data-type': f.type },
        h('label', { for: id, class: inTable ? 'cat-check-label' : 'cat-check-label' }, c, h('span', { class: inTable ? 'visually-hidden' : undefined }, label)),
        hint ? h('span', { class: 'hint' }, hint) : null,
        h('span', { class: 'field-error', hidden: true }));
      return { el, read: () => ({ value: c.checked, error: null }) };
    }
    case 'date': {
      const c = input({ type: 'date', value: typeof v === 'string' ? v : '', disabled: dis, min: typeof f.min === 'string' ? f.min : undefined, max: typeof f.max === 'string' ? f.max : undefined });
      return { el: wrap(c), read: () => {
        if (!c.value) return empty();
        if (typeof f.min === 'string' && c.value < f.min) return { value: c.value, error: t('cat.v.dateMin', { min: f.min }) };
        if (typeof f.max === 'string' && c.value > f.max) return { value: c.value, error: t('cat.v.dateMax', { max: f.max }) };
        return { value: c.value, error: null };
      } };
    }
    case 'money': {
      const m = (v && typeof v === 'object' ? v : {}) as { amount?: number; currency?: string };
      const amount = input({ inputmode: 'decimal', value: numText(m.amount), disabled: dis, autocomplete: 'off' });
      const options = f.currencies?.length ? f.currencies : codes(ctx.dicts, 'currency', ['PLN', 'EUR', 'USD']).map((e) => e.code);
      const currency = select(options.map((c) => [c, c]), m.currency ?? options[0], { disabled: dis, 'aria-label': t('cat.currencyOf', { feature: text(f.labels, f.key) }) });
      const el = wrap(h('div', { class: 'cat-money' }, amount, currency));
      // The label points at the amount; the currency has its own accessible name.
      const id = uid('m');
      amount.id = id;
      el.querySelector('label')!.setAttribute('for', id);
      amount.setAttribute('aria-describedby', el.querySelector('.cat-money')!.getAttribute('aria-describedby') ?? '');
      return { el, read: () => {
        if (!amount.value.trim()) return empty();
        const n = checkNumber(f, amount.value, false);
        if (typeof n !== 'number') return { value: amount.value, error: n };
        return { value: { amount: n, currency: currency.value }, error: null };
      } };
    }
    case 'range': {
      const r = (v && typeof v === 'object' ? v : {}) as { min?: number; max?: number };
      const lo = input({ inputmode: 'decimal', value: numText(r.min), disabled: dis, 'aria-label': `${text(f.labels, f.key)}: ${t('cat.range.from')}`, autocomplete: 'off' });
      const hi = input({ inputmode: 'decimal', value: numText(r.max), disabled: dis, 'aria-label': `${text(f.labels, f.key)}: ${t('cat.range.to')}`, autocomplete: 'off' });
      const box = h('div', { class: 'cat-range' }, lo, h('span', { 'aria-hidden': 'true' }, '–'), hi);
      const el = wrap(box);
      lo.id = uid('r');
      el.querySelector('label')!.setAttribute('for', lo.id);
      for (const c of [lo, hi]) c.setAttribute('aria-describedby', box.getAttribute('aria-describedby') ?? '');
      return { el, read: () => {
        if (!lo.value.trim() && !hi.value.trim()) return empty();
        const a = checkNumber(f, lo.value, false);
        const b = checkNumber(f, hi.value, false);
        if (typeof a !== 'number') return { value: null, error: `${t('cat.range.from')}: ${a}` };
        if (typeof b !== 'number') return { value: null, error: `${t('cat.range.to')}: ${b}` };
        if (a > b) return { value: null, error: t('cat.v.rangeOrder') };
        return { value: { min: a, max: b }, error: null };
      } };
    }
    case 'dictionary': {
      const entries = codes(ctx.dicts, f.dictionary ?? '');
      if (f.multiple) {
        const chosen = new Set(Array.isArray(v) ? (v as string[]) : []);
        const boxes = entries.map((e) => h('input', { type: 'checkbox', value: e.code, checked: chosen.has(e.code), disabled: dis }));
        const el = h('fieldset', { class: 'field cat-multi', 'data-path': path, 'data-type': f.type },
          h('legend', { class: inTable ? 'visually-hidden' : undefined }, label),
          h('div', { class: 'cat-checks' }, entries.map((e, i) => h('label', { class: 'cat-check-label' }, boxes[i], text(e.labels, e.code)))),
          hint ? h('span', { class: 'hint' }, hint) : null,
          h('span', { class: 'field-error', hidden: true }));
        return { el, read: () => {
          const picked = boxes.filter((b) => b.checked).map((b) => b.value);
          return picked.length ? { value: picked, error: null } : empty();
        } };
      }
      const c = select([['', t('cat.choose')], ...entries.map((e) => [e.code, text(e.labels, e.code)] as [string, string])], typeof v === 'string' ? v : '', { disabled: dis });
      return { el: wrap(c), read: () => (c.value ? { value: c.value, error: null } : empty()) };
    }
    case 'asset': {
      const c = select([['', t('cat.asset.none')], ...ctx.assets.map((a) => [a.sha256, `${a.fileName ?? a.sha256.slice(0, 12)} (${a.contentType})`] as [string, string])],
        typeof v === 'string' ? v : '', { disabled: dis });
      const preview = h('div', { class: 'cat-asset-preview' });
      const paint = () => clear(preview, c.value ? assetPreview(ctx.assets.find((a) => a.sha256 === c.value), c.value) : null);
      c.addEventListener('change', paint);
      paint();
      const el = wrap(c);
      el.append(preview);
      return { el, read: () => (c.value ? { value: c.value, error: null } : empty()) };
    }
    case 'table':
      return tableControl(f, v, path, ctx, label, hint);
    default: {
      // A type this console does not know: its JSON, as it is.
      const c = input({ value: v === undefined ? '' : JSON.stringify(v), disabled: dis });
      return { el: wrap(c), read: () => {
        if (!c.value.trim()) return empty();
        try { return { value: JSON.parse(c.value), error: null }; } catch { return { value: c.value, error: t('cat.v.json') }; }
      } };
    }
  }
}

/** An image as a thumbnail, a PDF or other file as a link that opens it. */
export function assetPreview(a: Asset | undefined, sha: string): HTMLElement {
  const href = `/cdn/${sha}`;
  const name = a?.fileName ?? sha.slice(0, 12);
  if (a?.contentType.startsWith('image/')) {
    return h('a', { href, target: '_blank', rel: 'noopener', class: 'cat-thumb' }, h('img', { src: href, alt: t('cat.asset.imageAlt', { name }), loading: 'lazy' }));
  }
  return h('a', { href, target: '_blank', rel: 'noopener', class: 'cat-file' },
    h('span', { class: 'cat-file-kind', 'aria-hidden': 'true' }, a?.contentType === 'application/pdf' ? 'PDF' : 'FILE'),
    h('span', null, name), h('span', { class: 'visually-hidden' }, ` (${t('cat.asset.opens')})`));
}

/** A table of rows: a column per column feature, rows added and removed; a card per row on a phone. */
function tableControl(f: Feature, v: Json, path: string, ctx: Ctx, label: string, hint?: string): Control {
  const cols = f.columns ?? [];
  const rows: { tr: HTMLElement; cells: Control[] }[] = [];
  const tbody = h('tbody');
  const addRow = (value: Record<string, Json>) => {
    const i = rows.length;
    const cells = cols.map((c) => control(c, value[c.key], `${path}[${i}].${c.key}`, ctx, true));
    const rowLabel = t('cat.table.row', { n: i + 1 });
    const remove = ctx.readOnly ? null : h('button', {
      type: 'button', class: 'btn btn-sm btn-danger', 'aria-label': t('cat.table.removeRow', { n: i + 1, table: text(f.labels, f.key) }),
      onclick: () => {
        const at = rows.findIndex((r) => r.tr === tr);
        const values = rows.map((r) => Object.fromEntries(cols.map((c, k) => [c.key, r.cells[k].read().value])));
        values.splice(at, 1);
        rebuild(values);
      },
    }, t('cat.remove'));
    const tr = h('tr', null,
      cells.map((c, k) => h('td', { 'data-label': text(cols[k].labels, cols[k].key) }, c.el)),
      h('td', { class: 'cat-row-actions', 'data-label': rowLabel }, remove));
    rows.push({ tr, cells });
    tbody.append(tr);
  };
  const rebuild = (values: Record<string, Json>[]) => {
    rows.length = 0;
    clear(tbody);
    values.forEach((x) => addRow(x ?? {}));
  };
  rebuild(Array.isArray(v) ? (v as Record<string, Json>[]) : []);
  const el = h('fieldset', { class: 'field cat-rows', 'data-path': path, 'data-type': 'table' },
    h('legend', null, label),
    hint ? h('span', { class: 'hint' }, hint) : null,
    h('div', { class: 'cat-table-wrap' }, h('table', { class: 'cat-table cat-edit-table' },
      h('caption', { class: 'visually-hidden' }, text(f.labels, f.key)),
      h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col' }, labelOf(c) + (c.required ? ' *' : ''))), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('cat.actions'))))),
      tbody)),
    ctx.readOnly ? null : h('button', { type: 'button', class: 'btn btn-sm', onclick: () => { addRow({}); (rows[rows.length - 1].cells[0]?.el.querySelector('input, select') as HTMLElement | null)?.focus(); } }, t('cat.table.addRow')),
    h('span', { class: 'field-error', hidden: true }));
  return { el, read: () => {
    const out: Record<string, Json>[] = [];
    let error: string | null = null;
    let at: HTMLElement | undefined;
    rows.forEach((r, i) => {
      const row: Record<string, Json> = {};
      r.cells.forEach((c, k) => {
        const got = c.read();
        showError(c.el, got.error);
        if (got.error && !error) { error = `${t('cat.table.row', { n: i + 1 })}, ${text(cols[k].labels, cols[k].key)}: ${got.error}`; at = c.el; }
        if (got.value !== undefined) row[cols[k].key] = got.value;
      });
      out.push(row);
    });
    if (!out.length && f.required && !hasDefault(f)) return { value: undefined, error: t('cat.v.required') };
    return { value: out.length ? out : undefined, error, at };
  } };
}

export interface FeatureForm {
  el: HTMLElement;
  /** The values (groups as nested objects) and every field's error. */
  read(): { values: Record<string, Json>; errors: { path: string; message: string; target: HTMLElement }[] };
}

/** The form of a whole feature tree: top-level features, then a fieldset per group (nested). */
export function featureForm(schema: Schema, values: Record<string, Json>, ctx: Ctx): FeatureForm {
  const controls: { path: string[]; key: string; c: Control }[] = [];
  const level = (node: Schema | Group, vals: Record<string, Json>, path: string[], depth: number): HTMLElement[] => {
    const out: HTMLElement[] = [];
    const feats = node.features ?? [];
    if (feats.length) {
      out.push(h('div', { class: 'cat-feature-grid' }, feats.map((f) => {
        const c = control(f, vals?.[f.key], ['features', ...path, f.key].join('.'), ctx);
        controls.push({ path, key: f.key, c });
        const check = () => showError(c.el, c.read().error);
        // As one types: after the first change, and on leaving the field.
        c.el.addEventListener('input', check);
        c.el.addEventListener('change', check);
        return c.el;
      })));
    }
    for (const g of node.groups ?? []) {
      const sub = (vals?.[g.key] ?? {}) as Record<string, Json>;
      const headingLevel = Math.min(6, 3 + depth);
      out.push(h('section', { class: 'cat-group', 'data-group': [...path, g.key].join('.') },
        h(`h${headingLevel}` as 'h3', { class: 'cat-group-title' }, text(g.labels, g.key)),
        level(g, sub, [...path, g.key], depth + 1)));
    }
    return out;
  };
  const el = h('div', { class: 'cat-features' }, level(schema, values, [], 0));
  if (!controls.length) el.append(h('p', { class: 'muted' }, t('cat.features.none')));
  return {
    el,
    read() {
      const values: Record<string, Json> = {};
      const errors: { path: string; message: string; target: HTMLElement }[] = [];
      for (const { path, key, c } of controls) {
        const got = c.read();
        showError(c.el, got.error);
        if (got.error) errors.push({ path: ['features', ...path, key].join('.'), message: `${labelOfPath(c.el)}: ${got.error}`, target: got.at ?? c.el });
        if (got.value === undefined) continue;
        let at = values;
        for (const p of path) at = (at[p] ??= {}) as Record<string, Json>;
        at[key] = got.value;
      }
      return { values, errors };
    },
  };
}

function labelOfPath(el: HTMLElement): string {
  const l = el.querySelector('legend, label');
  return (l?.textContent ?? '').replace(/ \*$/, '');
}

/**
 * Puts a server message that starts with a field path ("features.interest.rate: must be at most
 * 30") beside the field with the longest matching data-path inside `root`; false when none matches.
 */
export function placeServerError(root: HTMLElement, message: string): HTMLElement | null {
  const at = message.indexOf(': ');
  if (at < 0) return null;
  const path = message.slice(0, at);
  let best: HTMLElement | null = null;
  for (const el of root.querySelectorAll<HTMLElement>('[data-path]')) {
    const p = el.dataset.path!;
    if ((path === p || path.startsWith(p + '.') || path.startsWith(p + '[')) && (!best || p.length > best.dataset.path!.length)) best = el;
  }
  if (best) showError(best, message.slice(at + 2));
  return best;
}

/** "Interest › Nominal rate" for "features.interest.rate" (the path itself when unknown). */
export function pathLabel(schema: Schema | undefined, path: string): string {
  if (!schema || !path.startsWith('features.')) return path;
  const parts = path.slice('features.'.length).split('.');
  const names: string[] = [];
  let node: Schema | Group | undefined = schema;
  for (const raw of parts) {
    const m = /^([^[]+)(\[\d+\])?$/.exec(raw);
    const key = m ? m[1] : raw;
    const g: Group | undefined = node?.groups?.find((x) => x.key === key);
    const f: Feature | undefined = node?.features?.find((x) => x.key === key);
    if (g) { names.push(text(g.labels, key)); node = g; continue; }
    if (f) { names.push(text(f.labels, key) + (m?.[2] ? ` ${m[2]}` : '')); node = f.columns ? { features: f.columns } : undefined; continue; }
    names.push(raw);
    node = undefined;
  }
  return names.join(' › ');
}
