// @bpmn-io/form-js's viewer, loaded on first use (its code is a chunk of its own, so an app's
// first screen does not carry it). Polish texts: a component's properties["label.pl"] /
// ["description.pl"] / ["values.pl"] / ["text.pl"] (a text block's markdown) replace the
// English ones before rendering (the forms contract), and server-side field errors are shown
// beside each field.
import { lang, t } from './i18n';

type Component = Record<string, unknown> & {
  key?: string;
  id?: string;
  label?: string;
  description?: string;
  text?: string;
  properties?: Record<string, string>;
  values?: { label: string; value: unknown }[];
  components?: Component[];
};
export interface FormSchema { components?: Component[]; [k: string]: unknown }

/** A copy of `schema` in the current language. */
export function localize(schema: FormSchema): FormSchema {
  const copy = structuredClone(schema) as FormSchema;
  if (lang !== 'pl') return copy;
  const walk = (list: Component[] | undefined) => {
    for (const c of list ?? []) {
      const p = c.properties ?? {};
      if (p['label.pl']) c.label = p['label.pl'];
      if (p['description.pl']) c.description = p['description.pl'];
      if (p['text.pl'] && c.type === 'text') c.text = p['text.pl'];
      if (p['values.pl'] && Array.isArray(c.values)) {
        try {
          const labels = JSON.parse(p['values.pl']) as Record<string, string>;
          c.values = c.values.map((v) => ({ ...v, label: labels[String(v.value)] ?? v.label }));
        } catch {
          /* a malformed translation keeps the English labels */
        }
      }
      walk(c.components);
    }
  };
  walk(copy.components);
  return copy;
}

/** Each field key's component id (form-js keeps errors by component id). */
export function componentIds(schema: FormSchema): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (list: Component[] | undefined) => {
    for (const c of list ?? []) {
      if (c.key && c.id) out.set(c.key, c.id);
      walk(c.components);
    }
  };
  walk(schema.components);
  return out;
}

export interface FormHandle {
  /** `files`: a file picker's chosen files by the value ("files::…") it puts in `data`. */
  submit(): { data: Record<string, unknown>; errors: Record<string, unknown>; files?: Map<string, File[]> };
  showErrors(errors: Record<string, string[]>): void; // by component id
  /** Checks only the fields with these component ids (one page of a form shown in steps),
   * shows their errors and answers the ids that have one. */
  validate(ids: Set<string>): string[];
  /** The values entered so far (not validated). */
  data(): Record<string, unknown>;
  destroy(): void;
}

export async function renderForm(container: HTMLElement, schema: FormSchema, data: Record<string, unknown>): Promise<FormHandle> {
  const [{ Form }] = await Promise.all([
    import('@bpmn-io/form-js-viewer'),
    import('@bpmn-io/form-js-viewer/dist/assets/form-js.css'),
  ]);
  // No debounce: form-js otherwise keeps a typed value out of its state for 300 ms, and a
  // re-render in that time (another field's change, e.g. the one just left) writes the stale
  // state back into the input: a value typed or pasted right after leaving a field was lost.
  const form = new Form({ container, debounce: false } as ConstructorParameters<typeof Form>[0]);
  const translator = translateValidationMessages(container);
  await form.importSchema(schema, data);
  // form-js keeps validation errors in its state; putting the server's there shows them beside
  // the fields exactly as its own validation would. Its own validation runs again on blur and
  // would drop them, so they are put back until the user changes a value.
  const f = form as unknown as {
    _setState(s: unknown): void;
    _getState(): { errors: Record<string, string[]>; data: Record<string, unknown> };
    on(event: string, fn: () => void): void;
  };
  let server: Record<string, string[]> | null = null;
  let snapshot = '';
  const apply = () => f._setState({ errors: { ...f._getState().errors, ...server } });
  f.on('changed', () => {
    if (!server) return;
    const state = f._getState();
    if (JSON.stringify(state.data) !== snapshot) server = null;
    else if (Object.keys(server).some((id) => !state.errors?.[id]?.length)) apply();
  });
  return {
    submit: () => form.submit() as { data: Record<string, unknown>; errors: Record<string, unknown>; files?: Map<string, File[]> },
    showErrors: (errors) => {
      server = errors;
      snapshot = JSON.stringify(f._getState().data);
      apply();
    },
    validate: (ids) => {
      const all = (form as unknown as { validate(): Record<string, string[]> }).validate();
      const mine: Record<string, string[]> = {};
      for (const [id, list] of Object.entries(all)) if (ids.has(id) && list?.length) mine[id] = list;
      f._setState({ errors: mine });
      return Object.keys(mine);
    },
    data: () => ({ ...f._getState().data }),
    destroy: () => {
      translator.disconnect();
      form.destroy();
    },
  };
}

// form-js writes its own validation messages in English. Each one it renders is replaced by the
// message file's text (translated text matches no pattern, so the observer does not loop; Preact
// leaves the node alone until the error itself changes, and then this runs again).
const FORM_JS_MESSAGES: [RegExp, string, string?][] = [
  [/^Field is required\.$/, 'form.validation.required'],
  [/^Field must have minimum value of (.+)\.$/, 'form.validation.min', 'min'],
  [/^Field must have maximum value of (.+)\.$/, 'form.validation.max', 'max'],
  [/^Field must have minimum length of (.+)\.$/, 'form.validation.minLength', 'n'],
  [/^Field must have maximum length of (.+)\.$/, 'form.validation.maxLength', 'n'],
  [/^Field must match pattern (.+)\.$/, 'form.validation.pattern', 'pattern'],
  [/^Field must be a valid email\.$/, 'form.validation.email'],
  [/^Field must be a valid\s+international phone number\./, 'form.validation.phone'],
];

function translateMessage(text: string): string | null {
  for (const [re, key, param] of FORM_JS_MESSAGES) {
    const m = re.exec(text.trim());
    if (m) return t(key, param ? { [param]: m[1] } : {});
  }
  return null;
}

// The file picker's own English texts (a button and the "nothing chosen" line).
const FORM_JS_TEXTS: [string, string, string][] = [
  ['.fjs-filepicker-button', 'Browse', 'form.filepicker.browse'],
  ['.fjs-filepicker-container .fjs-form-field-label', 'No files selected', 'form.filepicker.none'],
];

function translateValidationMessages(container: HTMLElement): MutationObserver {
  const run = () => {
    for (const [selector, english, key] of FORM_JS_TEXTS) {
      for (const el of container.querySelectorAll(selector)) {
        // The text node itself, so that Preact keeps updating it (a chosen file's name).
        const n = el.firstChild;
        if (n && n.nodeType === Node.TEXT_NODE && n.nodeValue === english) n.nodeValue = t(key);
      }
    }
    for (const el of container.querySelectorAll('.fjs-form-field-error')) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const translated = n.nodeValue ? translateMessage(n.nodeValue) : null;
        if (translated !== null && translated !== n.nodeValue) n.nodeValue = translated;
      }
    }
  };
  const observer = new MutationObserver(run);
  observer.observe(container, { childList: true, subtree: true, characterData: true });
  return observer;
}
