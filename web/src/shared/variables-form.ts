// The generic variables form (a task or start event without a usable form): each variable as
// a typed row (name, type, value), rows can be added and removed; the result is Camunda's
// variables map {"name": {"value", "type"}}. Also converts form-js data into that map.
import { clear, h, uid } from './dom';
import { t } from './i18n';

export interface TypedValue { value: unknown; type: string; valueInfo?: Record<string, unknown> }
export type Variables = Record<string, TypedValue>;

const TYPES = ['String', 'Long', 'Double', 'Boolean', 'Date', 'Json'] as const;

/** Camunda variables from form-js data, keeping the types the server said the fields have. */
export function toVariables(data: Record<string, unknown>, known: Variables = {}): Variables {
  const out: Variables = {};
  for (const [name, value] of Object.entries(data)) {
    if (value === undefined) continue;
    const type = known[name]?.type;
    if (type && type !== 'Null' && type !== 'Object') out[name] = { value, type };
    else if (typeof value === 'boolean') out[name] = { value, type: 'Boolean' };
    else if (typeof value === 'number') out[name] = { value, type: Number.isInteger(value) ? 'Long' : 'Double' };
    else if (value === null) out[name] = { value: null, type: 'Null' };
    else if (typeof value === 'object') out[name] = { value: JSON.stringify(value), type: 'Json' };
    else out[name] = { value: String(value), type: 'String' };
  }
  return out;
}

interface Row { name: HTMLInputElement; type: HTMLSelectElement; value: HTMLInputElement; error: HTMLElement; el: HTMLElement; initial: string }

export class VariablesForm {
  readonly element = h('fieldset', { class: 'vars-form' });
  private rows: Row[] = [];
  private body = h('div', { class: 'vars-rows' });

  constructor(initial: Variables, legend: string) {
    clear(this.element,
      h('legend', null, legend),
      this.body,
      h('button', { type: 'button', class: 'btn btn-sm', 'data-action': 'add-variable', onclick: () => this.add('', { value: '', type: 'String' }, true) }, t('vars.add')));
    const entries = Object.entries(initial).filter(([, v]) => v.type !== 'Object' && v.type !== 'File' && v.type !== 'Bytes');
    for (const [name, v] of entries) this.add(name, v, false);
    if (!entries.length) this.add('', { value: '', type: 'String' }, false);
  }

  add(name: string, v: TypedValue, focus: boolean): void {
    const n = uid('var-name'), ty = uid('var-type'), va = uid('var-value');
    const type = h('select', { id: ty, class: 'input' }, TYPES.map((x) => h('option', { value: x, selected: x === v.type || (x === 'Long' && v.type === 'Integer') }, t(`vars.type.${x}`))));
    const row: Row = {
      name: h('input', { id: n, class: 'input', value: name, autocomplete: 'off', 'data-role': 'var-name' }),
      type,
      value: h('input', { id: va, class: 'input', value: v.value === null || v.value === undefined ? '' : String(v.value), autocomplete: 'off', 'data-role': 'var-value' }),
      error: h('p', { class: 'field-error', hidden: true }),
      el: h('div'),
      initial: '',
    };
    row.initial = name ? `${name}\u0000${row.type.value}\u0000${row.value.value}` : '';
    row.el = h('div', { class: 'vars-row' },
      h('div', { class: 'field' }, h('label', { for: n }, t('vars.name')), row.name),
      h('div', { class: 'field field-narrow' }, h('label', { for: ty }, t('vars.type')), row.type),
      h('div', { class: 'field' }, h('label', { for: va }, t('vars.value')), row.value),
      h('button', {
        type: 'button', class: 'btn btn-sm btn-danger vars-remove', 'aria-label': t('vars.remove'),
        onclick: () => { row.el.remove(); this.rows = this.rows.filter((r) => r !== row); },
      }, '×'),
      row.error);
    this.rows.push(row);
    this.body.append(row.el);
    if (focus) row.name.focus();
  }

  /** The new and changed variables (unchanged ones are not sent again, so the case's history
   *  shows only real changes), or null when a row is wrong (its message shown beside it). */
  read(): Variables | null {
    const out: Variables = {};
    let ok = true;
    for (const r of this.rows) {
      r.error.hidden = true;
      r.el.classList.remove('has-error');
      const name = r.name.value.trim();
      const raw = r.value.value;
      if (!name && !raw) continue;
      if (r.initial && r.initial === `${name}\u0000${r.type.value}\u0000${raw}`) continue;
      const fail = (msg: string) => {
        r.error.textContent = msg;
        r.error.hidden = false;
        r.el.classList.add('has-error');
        if (ok) r.value.focus();
        ok = false;
      };
      if (!name) { fail(t('vars.nameMissing')); continue; }
      const type = r.type.value;
      if (type === 'Long' && !/^-?\d+$/.test(raw.trim())) fail(t('vars.notInteger', { name }));
      else if (type === 'Double' && (raw.trim() === '' || isNaN(Number(raw)))) fail(t('vars.notNumber', { name }));
      else if (type === 'Boolean' && !['true', 'false'].includes(raw.trim())) fail(t('vars.notBoolean', { name }));
      else if (type === 'Json') {
        try { JSON.parse(raw); out[name] = { value: raw, type }; } catch { fail(t('vars.notJson', { name })); }
      } else {
        out[name] = {
          value: type === 'Long' || type === 'Double' ? Number(raw) : type === 'Boolean' ? raw.trim() === 'true' : raw,
          type,
        };
      }
    }
    return ok ? out : null;
  }
}
