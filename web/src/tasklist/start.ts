// "Start a process": the latest versions the user may start from the Tasklist, then the chosen
// one's start form (form-js, or the generic variables form) with an optional business key.
import { ApiError, get, isMissing, post } from '../shared/api';
import { clear, h, uid } from '../shared/dom';
import { componentIds, localize, renderForm } from '../shared/form-viewer';
import { t } from '../shared/i18n';
import { toVariables, VariablesForm, type Variables } from '../shared/variables-form';
import { errorSummary, type FormInfo } from './form';

interface Definition { id: string; key: string; name: string | null; version: number; description?: string | null }

let dialog: HTMLDialogElement | null = null;

export function openStartDialog(): void {
  dialog?.remove();
  const body = h('div', { class: 'dialog-body' });
  dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'start-title' },
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'start-title' }, t('start.title')),
      h('button', { type: 'button', class: 'btn btn-sm', 'aria-label': t('common.close'), onclick: () => dialog?.close() }, '×')),
    body);
  dialog.addEventListener('close', () => dialog?.remove());
  document.body.append(dialog);
  dialog.showModal();
  void chooseDefinition(body);
}

async function chooseDefinition(body: HTMLElement): Promise<void> {
  clear(body, h('p', { class: 'muted' }, h('span', { class: 'spinner' }), ' ', t('common.loading')));
  try {
    const defs = await get<Definition[]>('/engine-rest/process-definition', { startableInTasklist: true, latestVersion: true, sortBy: 'name', sortOrder: 'asc' });
    if (!defs.length) return clear(body, h('p', { class: 'empty' }, t('start.none')));
    const searchId = uid('start-search');
    const search = h('input', { id: searchId, type: 'search', class: 'input', autocomplete: 'off' });
    const list = h('ul', { class: 'def-list' });
    const fill = () => {
      const q = search.value.toLowerCase();
      clear(list, defs.filter((d) => (d.name ?? d.key).toLowerCase().includes(q) || d.key.toLowerCase().includes(q)).map((d) =>
        h('li', null, h('button', { type: 'button', class: 'def-item', onclick: () => void startForm(body, d) },
          h('span', { class: 'task-name' }, d.name ?? d.key),
          h('span', { class: 'muted small' }, `${d.key} · v${d.version}`)))));
    };
    search.addEventListener('input', fill);
    fill();
    clear(body, h('div', { class: 'field' }, h('label', { for: searchId }, t('start.search')), search), list);
    search.focus();
  } catch (e) {
    clear(body, h('div', { class: 'alert alert-error' }, t('error.generic', { message: (e as Error).message })));
  }
}

async function startForm(body: HTMLElement, d: Definition): Promise<void> {
  clear(body, h('p', { class: 'muted' }, h('span', { class: 'spinner' }), ' ', t('common.loading')));
  const defPath = `/engine-rest/process-definition/${encodeURIComponent(d.id)}`;
  let info: FormInfo;
  try {
    info = await get<FormInfo>(`/api/process-definitions/${encodeURIComponent(d.id)}/start-form`);
  } catch (e) {
    if (!isMissing(e)) return clear(body, h('div', { class: 'alert alert-error' }, t('error.generic', { message: (e as Error).message })));
    info = { kind: 'none', key: null, schema: null, variables: {} };
  }
  const keyId = uid('bkey');
  const businessKey = h('input', { id: keyId, class: 'input', autocomplete: 'off' });
  const messages = h('div');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('start.submit'));
  const host = h('div', { class: 'fjs-host' });
  const useSchema = (info.kind === 'deployed' || info.kind === 'generated') && !!info.schema;
  const schema = useSchema ? localize(info.schema!) : null;
  const generic = useSchema ? null : new VariablesForm(info.variables ?? {}, t('vars.legend'));
  const send = async (variables: Variables) => {
    const payload = { variables, businessKey: businessKey.value.trim() || undefined };
    try {
      return await post<{ id: string }>(`${defPath}/submit-form`, payload);
    } catch (e) {
      if (!isMissing(e)) throw e;
      return await post<{ id: string }>(`${defPath}/start`, payload);
    }
  };
  clear(body,
    h('h3', null, d.name ?? d.key),
    info.kind === 'embedded' ? h('div', { class: 'alert alert-warn' }, t('form.embedded', { key: info.key ?? '' })) : null,
    messages,
    h('form', {
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clear(messages);
        let variables: Variables | null;
        if (handle) {
          const r = handle.submit();
          if (Object.keys(r.errors).length) return;
          variables = toVariables(r.data, info.variables);
        } else variables = generic!.read();
        if (!variables) return;
        submit.disabled = true;
        try {
          await send(variables);
          clear(body, h('div', { class: 'alert alert-ok', role: 'status' }, t('start.started', { name: d.name ?? d.key })),
            h('button', { type: 'button', class: 'btn', onclick: () => dialog?.close() }, t('common.close')));
        } catch (err) {
          submit.disabled = false;
          if (err instanceof ApiError && err.fieldErrors.length && handle && schema) {
            const ids = componentIds(schema);
            const byId: Record<string, string[]> = {};
            for (const fe of err.fieldErrors) if (ids.get(fe.field)) (byId[ids.get(fe.field)!] ??= []).push(fe.message);
            handle.showErrors(byId);
          }
          clear(messages, err instanceof ApiError && err.fieldErrors.length
            ? errorSummary(err.fieldErrors.map((fe) => ({ text: fe.message })))
            : h('div', { class: 'alert alert-error', role: 'alert' }, t('error.generic', { message: (err as Error).message })));
        }
      },
    },
    h('div', { class: 'field' }, h('label', { for: keyId }, t('start.businessKey')), h('span', { class: 'hint' }, t('start.businessKeyHint')), businessKey),
    useSchema ? host : generic!.element,
    h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'btn', onclick: () => void chooseDefinition(body) }, t('common.back')),
      submit)));
  let handle: Awaited<ReturnType<typeof renderForm>> | null = null;
  if (useSchema && schema) {
    try {
      handle = await renderForm(host, schema, {});
    } catch (e) {
      clear(host, h('div', { class: 'alert alert-error' }, t('form.renderFailed', { message: (e as Error).message })));
    }
  }
}
