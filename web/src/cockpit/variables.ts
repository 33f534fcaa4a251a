// A process instance's variables: listed with their types, edited with a type check in the
// browser (a wrong value is refused with a message and nothing is sent), added and deleted.
// The server checks again (PUT /process-instance/{id}/variables/{name}).
import { del, get, put } from '../shared/api';
import { clear, h, uid } from '../shared/dom';
import { fmtDateTime, t, toCamundaDate } from '../shared/i18n';
import { REST, type Variable } from './model';
import { dialog, empty, errorBox, say, ShownError, table } from './ui';

export const TYPES = ['String', 'Long', 'Integer', 'Double', 'Boolean', 'Date', 'Json'] as const;
type Editable = (typeof TYPES)[number];

/** The value typed in the form as the REST value of `type`, or a message saying why not. */
export function parseValue(type: string, text: string): { value: unknown } | { error: string } {
  const bad = () => ({ error: t('cp.var.badValue', { value: text, type }) });
  switch (type) {
    case 'String':
      return { value: text };
    case 'Long':
    case 'Integer': {
      if (!/^-?\d+$/.test(text.trim())) return bad();
      const n = Number(text.trim());
      if (type === 'Integer' && (n > 2147483647 || n < -2147483648)) return bad();
      if (!Number.isSafeInteger(n)) return bad();
      return { value: n };
    }
    case 'Double': {
      const n = Number(text.trim().replace(',', '.'));
      return text.trim() === '' || !Number.isFinite(n) ? bad() : { value: n };
    }
    case 'Boolean':
      return text === 'true' || text === 'false' ? { value: text === 'true' } : bad();
    case 'Date': {
      const d = new Date(text);
      return text && !isNaN(d.getTime()) ? { value: toCamundaDate(d) } : bad();
    }
    case 'Json':
      try {
        JSON.parse(text);
        return { value: text };
      } catch {
        return bad();
      }
    default:
      return bad();
  }
}

export function showValue(v: Variable): string {
  if (v.value === null || v.value === undefined) return 'null';
  if (v.type === 'Date') return fmtDateTime(String(v.value));
  if (typeof v.value === 'object') return JSON.stringify(v.value);
  return String(v.value);
}

function editorText(v: Variable | null): string {
  if (!v || v.value === null || v.value === undefined) return '';
  if (v.type === 'Date') {
    const d = new Date(String(v.value));
    return isNaN(d.getTime()) ? String(v.value) : d.toISOString().slice(0, 16);
  }
  return typeof v.value === 'object' ? JSON.stringify(v.value) : String(v.value);
}

function editDialog(instanceId: string, name: string | null, current: Variable | null, done: () => void): void {
  const ids = { name: uid('v'), type: uid('v'), value: uid('v'), err: uid('v') };
  const initialType: Editable = (TYPES as readonly string[]).includes(current?.type ?? '') ? (current!.type as Editable) : 'String';
  const valueError = h('p', { id: ids.err, class: 'field-error', role: 'alert' });
  const valueBox = h('div', { class: 'field' });
  const typeSelect = h('select', { id: ids.type, name: 'type', onchange: () => renderValue() },
    TYPES.map((ty) => h('option', { value: ty, selected: ty === initialType }, ty)));
  let valueInput: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  const renderValue = () => {
    const ty = typeSelect.value;
    const text = valueInput ? valueInput.value : editorText(current);
    valueInput = ty === 'Boolean'
      ? h('select', { id: ids.value, name: 'value' }, ['true', 'false'].map((b) => h('option', { value: b, selected: text === b }, b)))
      : ty === 'Json'
        ? h('textarea', { id: ids.value, name: 'value', rows: 4, 'aria-describedby': ids.err }, text)
        : h('input', { id: ids.value, name: 'value', type: ty === 'Date' ? 'datetime-local' : 'text', value: text, 'aria-describedby': ids.err, autocomplete: 'off' });
    clear(valueBox, h('label', { for: ids.value }, t('cp.var.value')), valueInput, valueError);
  };
  renderValue();
  const nameInput = name === null ? h('input', { id: ids.name, name: 'name', required: true, autocomplete: 'off' }) : null;
  void dialog({
    title: name === null ? t('cp.var.add') : t('cp.var.editTitle', { name }),
    confirm: t('cp.save'),
    body: h('div', null,
      nameInput ? h('div', { class: 'field' }, h('label', { for: ids.name }, t('cp.var.name')), nameInput) : null,
      h('div', { class: 'field' }, h('label', { for: ids.type }, t('cp.var.type')), typeSelect),
      valueBox),
    action: async () => {
      clear(valueError);
      valueBox.classList.remove('has-error');
      const varName = name ?? nameInput!.value.trim();
      if (!varName) throw new Error(t('cp.var.nameRequired'));
      const parsed = parseValue(typeSelect.value, valueInput.value);
      if ('error' in parsed) {
        valueBox.classList.add('has-error');
        valueError.textContent = parsed.error;
        valueInput.setAttribute('aria-invalid', 'true');
        valueInput.focus();
        throw new ShownError(parsed.error);
      }
      await put(`${REST}/process-instance/${encodeURIComponent(instanceId)}/variables/${encodeURIComponent(varName)}`,
        { value: parsed.value, type: typeSelect.value });
      say(t('cp.var.saved', { name: varName }));
      done();
    },
  });
}

export async function renderVariables(box: HTMLElement, instanceId: string, readOnly: boolean): Promise<void> {
  const reload = () => void renderVariables(box, instanceId, readOnly);
  try {
    const vars = await get<Record<string, Variable>>(`${REST}/process-instance/${encodeURIComponent(instanceId)}/variables`, { deserializeValues: false });
    const rows = Object.entries(vars).sort((a, b) => a[0].localeCompare(b[0]));
    clear(box,
      readOnly ? null : h('button', { type: 'button', class: 'btn btn-sm', onclick: () => editDialog(instanceId, null, null, reload) }, t('cp.var.add')),
      rows.length ? table<[string, Variable]>(t('cp.tab.variables'), [
        { key: 'name', label: t('cp.var.name'), cell: ([n]) => h('code', null, n) },
        { key: 'type', label: t('cp.var.type'), cell: ([, v]) => v.type },
        { key: 'value', label: t('cp.var.value'), cell: ([n, v]) => v.type === 'File' || v.type === 'Bytes'
          ? h('a', { href: `${REST}/process-instance/${encodeURIComponent(instanceId)}/variables/${encodeURIComponent(n)}/data`, download: String(v.valueInfo?.filename ?? n) }, t('cp.var.download'))
          : h('span', { class: 'cp-value', 'data-var': n }, showValue(v)) },
        { key: 'act', label: t('cp.actions'), cell: ([n, v]) => readOnly ? '' : h('span', { class: 'cp-row-actions' },
          (TYPES as readonly string[]).includes(v.type) || v.type === 'Null'
            ? h('button', { type: 'button', class: 'btn btn-sm', 'data-edit': n, 'aria-label': t('cp.var.editTitle', { name: n }), onclick: () => editDialog(instanceId, n, v, reload) }, t('cp.edit')) : null,
          h('button', { type: 'button', class: 'btn btn-sm btn-danger', 'aria-label': t('cp.var.deleteTitle', { name: n }), onclick: () => void dialog({
            title: t('cp.var.deleteTitle', { name: n }), body: h('p', null, t('cp.var.deleteConfirm', { name: n })), confirm: t('cp.delete'), danger: true,
            action: async () => {
              await del(`${REST}/process-instance/${encodeURIComponent(instanceId)}/variables/${encodeURIComponent(n)}`);
              say(t('cp.var.deleted', { name: n }));
              reload();
            },
          }) }, t('cp.delete'))) },
      ], rows) : empty(t('cp.var.none')));
  } catch (e) {
    clear(box, errorBox(e));
  }
}
