// A task's form: GET /api/tasks/{id}/form says which kind. "deployed"/"generated" forms are a
// form-js schema, rendered with the viewer (Polish labels swapped in) and submitted with
// /submit-form; a 400 names each wrong field, shown beside the field and in a summary at the top.
// "embedded" (not supported) and "none" get the generic variables form, completed with
// /complete. On a server without /api/tasks/{id}/form the generic form is used too.
import { ApiError, get, isMissing, post, type Me } from '../shared/api';
import { clear, h } from '../shared/dom';
import { componentIds, localize, renderForm, type FormSchema } from '../shared/form-viewer';
import { t } from '../shared/i18n';
import { toVariables, VariablesForm, type Variables } from '../shared/variables-form';
import type { Task } from './model';

export interface FormInfo {
  kind: 'deployed' | 'generated' | 'embedded' | 'none';
  key: string | null;
  schema: FormSchema | null;
  variables: Variables;
}

export interface FormHooks {
  completed: () => void;
  claim: () => void;
}

/** The summary of what is wrong, each entry a link to its field (GOV.UK's error summary). */
export function errorSummary(items: { text: string; target?: () => HTMLElement | null }[]): HTMLElement {
  const box = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' },
    h('h2', null, t('form.errorsTitle')),
    h('ul', null, items.map((i) => h('li', null, i.target
      ? h('a', { href: '#', onclick: (e: Event) => { e.preventDefault(); (i.target!()?.querySelector('input,select,textarea') as HTMLElement | null)?.focus(); } }, i.text)
      : i.text))));
  setTimeout(() => box.focus(), 0);
  return box;
}

function variablesFromFormVariables(vars: Variables): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) data[k] = v.value;
  return data;
}

export async function renderTaskForm(panel: HTMLElement, task: Task, me: Me, hooks: FormHooks): Promise<void> {
  const base = `/engine-rest/task/${encodeURIComponent(task.id)}`;
  clear(panel, h('p', { class: 'muted' }, h('span', { class: 'spinner' }), ' ', t('common.loading')));
  let info: FormInfo;
  try {
    info = await get<FormInfo>(`/api/tasks/${encodeURIComponent(task.id)}/form`);
  } catch (e) {
    if (!isMissing(e)) {
      clear(panel, h('div', { class: 'alert alert-error', role: 'alert' }, t('error.generic', { message: (e as Error).message })));
      return;
    }
    const vars = await get<Variables>(`${base}/form-variables`).catch(() => ({}) as Variables);
    info = { kind: 'none', key: null, schema: null, variables: vars };
  }
  const messages = h('div', { class: 'form-messages' });
  const notMine = task.assignee !== me.userId;
  const claimHint = notMine
    ? h('div', { class: 'alert alert-info' }, task.assignee ? t('form.assignedToOther', { user: task.assignee }) : t('form.claimFirst'),
        !task.assignee ? h('button', { type: 'button', class: 'btn btn-sm', style: 'margin-left:.75rem', onclick: hooks.claim }, t('task.claim')) : null)
    : null;
  const done = () => {
    clear(panel, h('div', { class: 'alert alert-ok', role: 'status' }, t('form.completed')));
    hooks.completed();
  };

  if ((info.kind === 'deployed' || info.kind === 'generated') && info.schema) {
    const schema = localize(info.schema);
    const container = h('div', { class: 'fjs-host' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', disabled: notMine }, t('form.complete'));
    clear(panel, claimHint, messages, h('form', {
      class: 'task-form', novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clear(messages);
        const result = handle.submit();
        if (Object.keys(result.errors).length) {
          clear(messages, h('div', { class: 'alert alert-error', role: 'alert' }, t('form.fixFields')));
          return;
        }
        submit.disabled = true;
        try {
          await post(`${base}/submit-form`, { variables: toVariables(result.data, info.variables) });
          done();
        } catch (err) {
          submit.disabled = false;
          if (err instanceof ApiError && err.fieldErrors.length) {
            const ids = componentIds(schema);
            const byId: Record<string, string[]> = {};
            for (const fe of err.fieldErrors) {
              const id = ids.get(fe.field);
              if (id) (byId[id] ??= []).push(fe.message);
            }
            handle.showErrors(byId);
            clear(messages, errorSummary(err.fieldErrors.map((fe) => ({
              text: fe.message,
              target: () => container.querySelector(`[id$="${CSS.escape(ids.get(fe.field) ?? fe.field)}"]`)?.closest('.fjs-form-field') as HTMLElement | null,
            }))));
          } else {
            clear(messages, h('div', { class: 'alert alert-error', role: 'alert' }, t('error.generic', { message: (err as Error).message })));
          }
        }
      },
    }, container, h('div', { class: 'form-actions' }, submit)));
    let handle: Awaited<ReturnType<typeof renderForm>>;
    try {
      handle = await renderForm(container, schema, variablesFromFormVariables(info.variables));
    } catch (e) {
      clear(container, h('div', { class: 'alert alert-error' }, t('form.renderFailed', { message: (e as Error).message })));
    }
    return;
  }

  // The generic variables form.
  const generic = new VariablesForm(info.variables ?? {}, t('vars.legend'));
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-action': 'complete', disabled: notMine }, t('form.complete'));
  clear(panel, claimHint,
    info.kind === 'embedded' ? h('div', { class: 'alert alert-warn' }, t('form.embedded', { key: info.key ?? '' })) : null,
    info.kind === 'none' ? h('p', { class: 'muted' }, t('form.noForm')) : null,
    messages,
    h('form', {
      class: 'task-form generic', novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clear(messages);
        const variables = generic.read();
        if (!variables) return;
        submit.disabled = true;
        try {
          await post(`${base}/complete`, { variables });
          done();
        } catch (err) {
          submit.disabled = false;
          clear(messages, err instanceof ApiError && err.fieldErrors.length
            ? errorSummary(err.fieldErrors.map((fe) => ({ text: fe.message })))
            : h('div', { class: 'alert alert-error', role: 'alert' }, t('error.generic', { message: (err as Error).message })));
        }
      },
    }, generic.element, h('div', { class: 'form-actions' }, submit)));
}
