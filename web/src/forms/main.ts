// The customers' application forms, public (no login, no staff shell):
//   /forms/{formKey}?amount=&months=&productId=&lang=   fill in and send an application
//   /forms/resume/{draftToken}                           continue a saved application
//   /forms/status/{applicationNumber}?token=             follow a sent application
// A form's top-level groups are its steps (one shown at a time, with a progress indicator);
// each step is checked before the next opens, the server checks everything again and its 400
// is shown beside each field. Fields whose key equals a query parameter are pre-filled, and the
// form's "parameters" (the chosen offer, e.g. productId) are sent with the answers.
import '../shared/styles.css';
import './forms.css';
import { ApiError, type FieldError } from '../shared/api';
import { clear, h } from '../shared/dom';
import { componentIds, localize, renderForm, type FormHandle, type FormSchema } from '../shared/form-viewer';
import { addMessages, fmtDateTime, has, lang, setLang, t, type Lang } from '../shared/i18n';
import { errorSummary } from '../tasklist/form';
import en from './i18n/en.json';
import pl from './i18n/pl.json';

addMessages({ en, pl });

interface Rendered {
  key: string;
  version: number;
  schema: FormSchema;
  honeypot: string;
  parameters?: string[];
  data?: Record<string, unknown>;
}
interface Application { applicationNumber: string; token: string }
interface Status { applicationNumber: string; submitted: string; steps: { id: string; label: string; state: 'done' | 'current' | 'pending' }[] }

const DRAFT_DAYS = 30;
const MAX_UPLOAD = 5 * 1024 * 1024; // the server's limit for a scan
const FILE_REF = 'files::'; // form-js's value of a file picker with a chosen file

// ---------------------------------------------------------------- the public API (no session)
async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { Accept: 'application/json', 'Accept-Language': lang, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    credentials: 'omit',
  });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = (data ?? {}) as { message?: string; type?: string; fieldErrors?: FieldError[] };
    throw new ApiError(res.status, e.message ?? `${res.status}`, e.type ?? '', e.fieldErrors ?? []);
  }
  return data as T;
}

// ---------------------------------------------------------------- the page frame
const main = h('main', { id: 'main', class: 'pf-main', tabindex: '-1' });
let redraw: () => void = () => {};

function languageSwitch(): HTMLElement {
  const button = (code: Lang, name: string) =>
    h('button', {
      type: 'button', class: 'pf-lang-btn', lang: code, 'aria-pressed': String(lang === code),
      onclick: () => {
        if (lang === code) return;
        setLang(code);
        frame();
        redraw();
      },
    }, h('span', { class: 'pf-lang-long' }, name), h('span', { class: 'pf-lang-short', 'aria-hidden': 'true' }, code.toUpperCase()));
  return h('div', { class: 'pf-lang', role: 'group', 'aria-label': t('forms.language') }, button('pl', 'Polski'), button('en', 'English'));
}

function frame(): void {
  document.title = t('forms.title') + ' · ' + t('forms.brand');
  const header = h('header', { class: 'pf-top' },
    h('span', { class: 'brand' }, h('span', { class: 'brand-mark' }, 'dpc'), h('span', { class: 'pf-brand-text' }, t('forms.title'))),
    languageSwitch());
  document.body.replaceChildren(h('a', { class: 'skip-link', href: '#main' }, t('forms.skip')), header, main);
}

const alert = (kind: 'error' | 'info' | 'ok' | 'warn', text: string, role = kind === 'error' ? 'alert' : 'status') =>
  h('div', { class: `alert alert-${kind}`, role }, text);

// ---------------------------------------------------------------- a form in steps
interface Component { id?: string; key?: string; type?: string; label?: string; components?: Component[]; properties?: Record<string, string> }
interface Step { id: string; label: string; ids: Set<string> }

/** The form's top-level groups as steps, each with the component ids inside it. */
function stepsOf(schema: FormSchema): Step[] {
  const descendants = (c: Component, into: Set<string>) => {
    for (const child of c.components ?? []) {
      if (child.id) into.add(child.id);
      descendants(child, into);
    }
    return into;
  };
  const groups = ((schema.components ?? []) as Component[]).filter((c) => c.type === 'group' && c.id);
  if (!groups.length) {
    const all = new Set<string>();
    for (const c of (schema.components ?? []) as Component[]) {
      if (c.id) all.add(c.id);
      descendants(c, all);
    }
    return [{ id: '', label: '', ids: all }];
  }
  return groups.map((g) => ({ id: g.id!, label: g.label ?? '', ids: descendants(g, new Set()) }));
}

/** Every field's component type by key (to read query parameters as numbers or booleans). */
function fieldTypes(schema: FormSchema): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (list: Component[] | undefined) => {
    for (const c of list ?? []) {
      if (c.key && c.type) out.set(c.key, c.type);
      walk(c.components);
    }
  };
  walk(schema.components as Component[]);
  return out;
}

/** Query parameters named like a field (or a parameter of the form), typed as the field. */
function prefill(schema: FormSchema, parameters: string[]): Record<string, unknown> {
  const q = new URLSearchParams(location.search);
  const out: Record<string, unknown> = {};
  for (const [key, type] of fieldTypes(schema)) {
    const v = q.get(key);
    if (v === null || v === '') continue;
    if (type === 'number') {
      const n = Number(v.replace(',', '.'));
      if (Number.isFinite(n)) out[key] = n;
    } else if (type === 'checkbox') {
      out[key] = v === 'true';
    } else if (type === 'textfield' || type === 'textarea' || type === 'select' || type === 'radio') {
      out[key] = v;
    }
  }
  for (const name of parameters) {
    const v = q.get(name);
    if (v) out[name] = v;
  }
  return out;
}

/** A server field error in the page's language (the rule's text, else the server's). */
function message(fe: FieldError & { params?: Record<string, unknown> }): string {
  const key = `forms.rule.${fe.rule ?? ''}`;
  if (!fe.rule || !has(key)) return fe.message;
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(fe.params ?? {})) if (typeof v === 'number' || typeof v === 'string') params[k] = v;
  return t(key, params);
}

interface FormState {
  uploads: WeakMap<File, string>; // files already uploaded (a retried submit sends them once)
  form: Rendered;
  data: Record<string, unknown>;
  params: Record<string, unknown>;
  page: number;
  draftToken: string | null;
  resumed: boolean;
}

function idempotencyKey(formKey: string): string {
  const name = `dpc.forms.submission.${formKey}`;
  let key = sessionStorage.getItem(name);
  if (!key) {
    key = crypto.randomUUID();
    sessionStorage.setItem(name, key);
  }
  return key;
}

async function showForm(state: FormState): Promise<void> {
  let handle: FormHandle | null = null;
  redraw = () => {
    if (handle) state.data = handle.data();
    handle?.destroy();
    void showForm(state);
  };
  const schema = localize(state.form.schema);
  const steps = stepsOf(schema);
  const ids = componentIds(schema);
  const stepOf = (componentId: string) => Math.max(0, steps.findIndex((s) => s.ids.has(componentId)));

  const host = h('div', { class: 'fjs-host pf-form' });
  const pageStyle = h('style');
  const messages = h('div', { class: 'pf-messages' });
  const stepTitle = h('h2', { class: 'pf-step-title', tabindex: '-1' });
  const progress = h('ol', { class: 'pf-steps' });
  const back = h('button', { type: 'button', class: 'btn pf-back' }, t('forms.back'));
  const next = h('button', { type: 'submit', class: 'btn btn-primary pf-next' });
  const save = h('button', { type: 'button', class: 'btn btn-link pf-save' }, t('forms.save'));
  const draftBox = h('div', { class: 'pf-draft', 'aria-live': 'polite' });
  const honeypot = h('input', { id: 'pf-hp', name: state.form.honeypot, type: 'text', tabindex: '-1', autocomplete: 'off' });

  const showPage = (focus: boolean) => {
    const last = state.page === steps.length - 1;
    clear(progress, steps.length > 1 ? steps.map((s, i) => h('li', {
      class: i < state.page ? 'done' : i === state.page ? 'current' : '',
      'aria-current': i === state.page ? 'step' : null,
    }, h('span', { class: 'pf-step-no', 'aria-hidden': 'true' }, String(i + 1)),
      h('span', { class: 'pf-step-label' }, s.label),
      i < state.page ? h('span', { class: 'visually-hidden' }, ` (${t('forms.done')})`) : null)) : []);
    stepTitle.textContent = steps.length > 1 ? `${t('forms.stepOf', { n: state.page + 1, total: steps.length })}: ${steps[state.page].label}` : '';
    stepTitle.hidden = steps.length < 2;
    // The other steps' groups are hidden (their values stay in the form).
    pageStyle.textContent = steps
      .filter((_, i) => i !== state.page)
      .map((s) => `.pf-form .fjs-layout-row:has([aria-labelledby$="-${CSS.escape(s.id)}"]) { display: none; }`)
      .join('\n');
    back.hidden = state.page === 0;
    next.textContent = last ? t('forms.submit') : t('forms.next');
    if (focus) {
      window.scrollTo({ top: 0 });
      (steps.length > 1 ? stepTitle : main).focus();
    }
  };

  const go = (page: number) => {
    state.page = page;
    clear(messages);
    showPage(true);
  };

  const showServerErrors = (errors: FieldError[]) => {
    const byId: Record<string, string[]> = {};
    const items: { text: string; target?: () => HTMLElement | null }[] = [];
    for (const fe of errors) {
      const id = ids.get(fe.field);
      const text = message(fe);
      if (id) (byId[id] ??= []).push(text);
      items.push({
        text: id ? `${labelOf(schema, fe.field) ?? fe.field}: ${text}` : text,
        target: id ? () => host.querySelector(`[id$="-${CSS.escape(id)}"]`)?.closest('.fjs-form-field') as HTMLElement | null : undefined,
      });
    }
    const first = errors.map((fe) => ids.get(fe.field)).find(Boolean);
    state.page = first ? stepOf(first) : state.page;
    showPage(false);
    handle?.showErrors(byId);
    clear(messages, errorSummary(items));
  };

  // Each chosen file is uploaded (its type is checked by the server from its content) and the
  // field sends the upload's id; a refused file is shown beside its field.
  const uploadFiles = async (data: Record<string, unknown>, files?: Map<string, File[]>) => {
    const out = { ...data };
    const refused: FieldError[] = [];
    for (const [key, type] of fieldTypes(schema)) {
      const ref = out[key];
      if (type !== 'filepicker' || typeof ref !== 'string' || !ref.startsWith(FILE_REF)) continue;
      const file = files?.get(ref)?.[0];
      if (!file) {
        delete out[key];
        continue;
      }
      let id = state.uploads.get(file);
      if (!id) {
        if (file.size > MAX_UPLOAD) {
          refused.push({ field: key, rule: 'uploadSize', message: '' });
          continue;
        }
        try {
          const r = await fetch(`/api/forms/${encodeURIComponent(state.form.key)}/uploads?name=${encodeURIComponent(file.name)}`, {
            method: 'POST', body: file, credentials: 'omit',
            headers: { 'Content-Type': file.type || 'application/octet-stream', Accept: 'application/json' },
          });
          if (r.status === 413) refused.push({ field: key, rule: 'uploadSize', message: '' });
          else if (r.status === 400) refused.push({ field: key, rule: 'uploadType', message: '' });
          else if (!r.ok) throw new Error(String(r.status));
          else {
            id = ((await r.json()) as { uploadId: string }).uploadId;
            state.uploads.set(file, id);
          }
        } catch (e) {
          clear(messages, alert('error', t('forms.failed', { message: (e as Error).message })));
          return null;
        }
      }
      if (id) out[key] = id;
    }
    if (refused.length) {
      showServerErrors(refused);
      return null;
    }
    return out;
  };

  const submit = async () => {
    if (!handle) return;
    const result = handle.submit();
    const wrong = Object.keys(result.errors);
    if (wrong.length) {
      state.page = stepOf(wrong[0]);
      showPage(false);
      clear(messages, alert('error', t('forms.fixFields')));
      return;
    }
    next.disabled = true;
    next.textContent = t('forms.sending');
    const data = await uploadFiles(result.data, result.files);
    if (!data) {
      next.disabled = false;
      return;
    }
    try {
      const body = { version: state.form.version, data: { ...data, ...state.params }, [state.form.honeypot]: honeypot.value };
      const app = await call<Application>('POST', `/api/forms/${encodeURIComponent(state.form.key)}/submissions`, body,
        { 'Idempotency-Key': idempotencyKey(state.form.key) });
      sessionStorage.removeItem(`dpc.forms.submission.${state.form.key}`);
      handle.destroy();
      handle = null;
      showConfirmation(app);
    } catch (e) {
      next.disabled = false;
      showPage(false);
      if (e instanceof ApiError && e.fieldErrors.length) showServerErrors(e.fieldErrors);
      else if (e instanceof ApiError && e.status === 409) clear(messages, alert('warn', t('forms.busy'), 'alert'));
      else if (e instanceof ApiError && e.status >= 500) clear(messages, alert('error', t('forms.unavailable')));
      else clear(messages, alert('error', t('forms.failed', { message: (e as Error).message })));
    }
  };

  const saveDraft = async () => {
    if (!handle) return;
    save.disabled = true;
    const values = Object.fromEntries(Object.entries(handle.data())
      .filter(([, v]) => !(typeof v === 'string' && v.startsWith(FILE_REF)))); // a draft keeps no files
    const body = { version: state.form.version, data: { ...values, ...state.params } };
    try {
      let again = false;
      if (state.draftToken) {
        await call('PUT', `/api/forms/drafts/${encodeURIComponent(state.draftToken)}`, body);
        again = true;
      } else {
        const r = await call<{ draftToken: string }>('POST', `/api/forms/${encodeURIComponent(state.form.key)}/drafts`, body);
        state.draftToken = r.draftToken;
      }
      showDraftLink(again);
    } catch (e) {
      clear(draftBox, alert('error', t('forms.failed', { message: (e as Error).message })));
    } finally {
      save.disabled = false;
    }
  };

  const showDraftLink = (again: boolean) => {
    if (!state.draftToken) return;
    const url = `${location.origin}/forms/resume/${encodeURIComponent(state.draftToken)}`;
    const copied = h('span', { class: 'pf-copied', role: 'status' });
    clear(draftBox, h('div', { class: 'alert alert-ok pf-draft-saved' },
      h('p', null, again ? t('forms.savedAgain') : t('forms.saved', { days: DRAFT_DAYS })),
      h('a', { class: 'pf-resume-link', href: url }, url),
      h('div', { class: 'pf-copy-row' },
        h('button', {
          type: 'button', class: 'btn btn-sm',
          onclick: async () => {
            try {
              await navigator.clipboard.writeText(url);
              copied.textContent = t('forms.copied');
            } catch {
              window.getSelection()?.selectAllChildren(draftBox.querySelector('.pf-resume-link')!); // copied by hand
            }
          },
        }, t('forms.copy')),
        copied)));
  };

  clear(main,
    h('nav', { class: 'pf-progress', 'aria-label': t('forms.progress') }, progress),
    pageStyle,
    state.resumed ? alert('info', t('forms.resumed')) : null,
    stepTitle,
    messages,
    h('form', {
      class: 'pf-form-wrap', novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        if (!handle) return;
        if (state.page < steps.length - 1) {
          const wrong = handle.validate(steps[state.page].ids);
          if (wrong.length) {
            clear(messages, alert('error', t('forms.fixFields')));
            const id = CSS.escape(wrong[0]); // a radio group's inputs are "<id>-0", "<id>-1", ...
            (host.querySelector(`[id$="-${id}"], [id$="-${id}-0"]`) as HTMLElement | null)?.focus();
            return;
          }
          go(state.page + 1);
        } else {
          void submit();
        }
      },
    },
    host,
    h('div', { class: 'pf-hp', 'aria-hidden': 'true' }, h('label', { for: 'pf-hp' }, t('forms.honeypot')), honeypot),
    h('div', { class: 'pf-actions' }, back, next),
    h('div', { class: 'pf-save-row' }, save)),
    draftBox);
  back.addEventListener('click', () => go(state.page - 1));
  save.addEventListener('click', () => void saveDraft());
  showPage(false);
  if (state.draftToken && !state.resumed) showDraftLink(true);
  try {
    handle = await renderForm(host, schema, state.data);
  } catch (e) {
    clear(host, alert('error', t('forms.loadFailed') + ' ' + (e as Error).message));
  }
}

function labelOf(schema: FormSchema, key: string): string | undefined {
  let found: string | undefined;
  const walk = (list: Component[] | undefined) => {
    for (const c of list ?? []) {
      if (c.key === key) found = c.label;
      walk(c.components);
    }
  };
  walk(schema.components as Component[]);
  return found;
}

function showConfirmation(app: Application): void {
  const statusPath = `/forms/status/${encodeURIComponent(app.applicationNumber)}?token=${encodeURIComponent(app.token)}`;
  redraw = () => showConfirmation(app);
  clear(main, h('section', { class: 'panel pf-done', role: 'status' },
    h('h1', null, t('forms.thanks')),
    h('p', { class: 'pf-number-label' }, t('forms.numberLabel')),
    h('p', { class: 'pf-number', 'data-number': app.applicationNumber }, app.applicationNumber),
    h('p', null, t('forms.keepLink')),
    h('a', { class: 'btn btn-primary pf-status-link', href: statusPath }, t('forms.follow'))));
  main.focus();
}

// ---------------------------------------------------------------- loading a form or a draft
async function openForm(key: string): Promise<void> {
  redraw = () => void openForm(key);
  clear(main, h('p', { class: 'muted' }, h('span', { class: 'spinner' }), ' ', t('forms.loading')));
  try {
    const form = await call<Rendered>('GET', `/api/forms/${encodeURIComponent(key)}`);
    const params = prefill(form.schema, form.parameters ?? []);
    const parameters: Record<string, unknown> = {};
    for (const name of form.parameters ?? []) if (name in params) parameters[name] = params[name];
    await showForm({ form, data: params, params: parameters, page: 0, draftToken: null, resumed: false, uploads: new WeakMap() });
  } catch (e) {
    clear(main, alert('error', e instanceof ApiError && e.status === 404 ? t('forms.notFound') : t('forms.loadFailed')));
  }
}

async function openDraft(token: string): Promise<void> {
  redraw = () => void openDraft(token);
  clear(main, h('p', { class: 'muted' }, h('span', { class: 'spinner' }), ' ', t('forms.loading')));
  try {
    const form = await call<Rendered>('GET', `/api/forms/drafts/${encodeURIComponent(token)}`);
    const data = (form.data ?? {}) as Record<string, unknown>;
    const parameters: Record<string, unknown> = {};
    for (const name of form.parameters ?? []) if (name in data) parameters[name] = data[name];
    await showForm({ form, data, params: parameters, page: 0, draftToken: token, resumed: true, uploads: new WeakMap() });
  } catch (e) {
    clear(main, alert('error', e instanceof ApiError && e.status === 404 ? t('forms.draftNotFound') : t('forms.loadFailed')));
  }
}

// ---------------------------------------------------------------- the status page
async function openStatus(number: string, token: string): Promise<void> {
  redraw = () => void openStatus(number, token);
  clear(main, h('p', { class: 'muted' }, h('span', { class: 'spinner' }), ' ', t('forms.loading')));
  let status: Status;
  try {
    status = await call<Status>('GET', `/api/forms/applications/${encodeURIComponent(number)}?token=${encodeURIComponent(token)}`);
  } catch (e) {
    clear(main, alert('error', e instanceof ApiError && e.status === 404 ? t('forms.statusNotFound') : t('forms.loadFailed')));
    return;
  }
  clear(main, h('section', { class: 'panel pf-status' },
    h('h1', null, t('forms.statusTitle', { number: status.applicationNumber })),
    h('p', { class: 'muted' }, t('forms.submitted', { date: fmtDateTime(status.submitted) })),
    status.steps.length
      ? h('ol', { class: 'pf-timeline' }, status.steps.map((s) => h('li', { class: `pf-state-${s.state}`, 'aria-current': s.state === 'current' ? 'step' : null },
          h('span', { class: 'pf-dot', 'aria-hidden': 'true' }, s.state === 'done' ? '✓' : ''),
          h('span', { class: 'pf-step-name' }, s.label),
          h('span', { class: 'pf-step-state' }, t(`forms.state.${s.state}`)))))
      : h('p', null, t('forms.noSteps')),
    h('button', { type: 'button', class: 'btn', onclick: () => void openStatus(number, token) }, t('forms.refresh'))));
}

// ---------------------------------------------------------------- routing
const query = new URLSearchParams(location.search);
const wanted = query.get('lang');
if (wanted === 'pl' || wanted === 'en') setLang(wanted);
frame();
const [first, second] = location.pathname.replace(/^\/forms\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
if (first === 'status' && second) void openStatus(second, query.get('token') ?? '');
else if (first === 'resume' && second) void openDraft(second);
else if (first) void openForm(first);
else clear(main, alert('info', t('forms.noForm'), 'status'));
