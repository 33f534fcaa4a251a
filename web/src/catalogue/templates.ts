// Communication templates (e-mail, SMS, push) per language with {{variables}} from the process
// and the catalogue, versioned with the same lifecycle as products. The editor previews live
// with sample data (POST /api/catalogue/templates/preview, /work/notes/templates-api.md): an
// e-mail in a sandboxed iframe, an SMS with its length, encoding and segment count, a push
// notification as a phone shows it.
import { ApiError, post, type Me } from '../shared/api';
import { clear, h } from '../shared/dom';
import { fmtDateTime, fmtNumber, t } from '../shared/i18n';
import { previewDoc } from './content';
import { placeServerError } from './features';
import { auditPanel, lifecycleBar, versionsPanel } from './lifecycle';
import { go, link } from './main';
import { create, LANGS, list, load, type Meta, saveVersion, type Texts, text } from './model';
import {
  errorBox, errorText, field, input, loading, messageLine, PAGE_SIZE, pager, select, showError, statusBadge, table, tabs, textarea,
  textsField,
} from './ui';

type Channel = 'email' | 'sms' | 'push';
const CHANNEL_LIST: Channel[] = ['email', 'sms', 'push'];
const FIELDS: Record<Channel, string[]> = { email: ['subject', 'html', 'text'], sms: ['text'], push: ['title', 'body'] };

interface Template extends Meta {
  channel: Channel;
  name: Texts;
  description?: Texts;
  product?: string;
  content: Record<string, Record<string, unknown>>;
  sampleData?: Record<string, unknown>;
  variables?: string[];
}

const filter = { channel: '', first: 0 };

export async function templateList(into: HTMLElement): Promise<void> {
  clear(into, loading());
  const chan = select([['', t('cat.any')], ...CHANNEL_LIST.map((c) => [c, t(`cat.tpl.channel.${c}`)] as [string, string])], filter.channel, { id: 'tpl-channel' });
  const results = h('div');
  const refresh = async () => {
    clear(results, loading());
    try {
      const page = await list<Template>('templates', { channel: filter.channel || undefined, firstResult: filter.first, maxResults: PAGE_SIZE });
      clear(results, page.items.length ? table(t('cat.tpl'), [
        { label: t('cat.name'), cell: (x) => h('a', { href: link('templates', x.key) }, text(x.name, x.key)) },
        { label: t('cat.tpl.channel'), cell: (x) => t(`cat.tpl.channel.${x.channel}`) },
        { label: t('cat.version'), cell: (x) => String(x.version) },
        { label: t('cat.status'), cell: (x) => statusBadge(x.lifecycleStatus) },
        { label: t('cat.updated'), cell: (x) => `${fmtDateTime(x.updatedAt)} · ${x.updatedBy ?? ''}` },
      ], page.items, { id: 'templates-table' }) : h('p', { class: 'empty' }, t('cat.tpl.empty')),
      pager(filter.first, page.items.length, page.count, (f) => { filter.first = f; void refresh(); }));
    } catch (e) {
      clear(results, e instanceof ApiError && e.status === 404 ? h('p', { class: 'alert alert-info' }, t('cat.tpl.notHere')) : errorBox(e));
    }
  };
  chan.addEventListener('change', () => { filter.channel = chan.value; filter.first = 0; void refresh(); });
  clear(into,
    h('div', { class: 'cat-head' }, h('h2', null, t('cat.tpl')), h('a', { href: link('templates', 'new'), class: 'btn btn-primary', id: 'new-template' }, t('cat.tpl.new'))),
    h('div', { class: 'cat-filters' }, field(t('cat.tpl.channel'), chan)), results);
  await refresh();
}

export async function templatePage(into: HTMLElement, key: string | null, version: number | undefined, me: Me): Promise<void> {
  clear(into, loading());
  let item: Template;
  try {
    if (key) {
      item = await load<Template>('templates', key, version);
      if (version) item.versions = (await load<Template>('templates', key)).versions;
    } else {
      item = { key: '', version: 0, lifecycleStatus: 'In design', channel: 'email', name: {}, content: {} };
    }
  } catch (e) { clear(into, errorBox(e)); return; }
  const isNew = !key;
  const readOnly = item.lifecycleStatus !== 'In design';
  const msg = messageLine();
  const flash = sessionStorage.getItem('cat.flash');
  sessionStorage.removeItem('cat.flash');
  const content: Record<string, Record<string, unknown>> = JSON.parse(JSON.stringify(item.content ?? {}));

  const keyInput = input({ id: 'tpl-key', value: item.key, disabled: !isNew, autocomplete: 'off' });
  const chanSel = select(CHANNEL_LIST.map((c) => [c, t(`cat.tpl.channel.${c}`)]), item.channel, { id: 'tpl-chan', disabled: !isNew });
  const name = textsField(t('cat.name'), item.name, { name: 'name', required: true });
  const product = input({ id: 'tpl-product', value: item.product ?? '', autocomplete: 'off' });
  const sample = textarea({ id: 'tpl-sample', class: 'input cat-code', rows: 4, spellcheck: false, value: item.sampleData ? JSON.stringify(item.sampleData, null, 2) : '{\n  "customer": {"firstName": "Anna"}\n}' });
  const langSel = select(LANGS.map((l) => [l, t(`cat.lang.${l}`)]), 'pl', { id: 'tpl-lang' });
  const fieldsBox = h('div', { 'data-path': 'content' });
  const preview = h('div', { class: 'cat-tpl-preview', 'aria-live': 'polite', id: 'tpl-preview' });
  const controls = new Map<string, HTMLInputElement | HTMLTextAreaElement>();
  let lang = 'pl';

  const channel = () => chanSel.value as Channel;
  const store = () => {
    const per: Record<string, unknown> = {};
    for (const [f, c] of controls) per[f] = c.value;
    if (channel() === 'push' && content[lang]?.data) per.data = content[lang].data;
    if (Object.values(per).some((v) => typeof v === 'string' && v !== '')) content[lang] = per; else delete content[lang];
  };
  const paintFields = () => {
    controls.clear();
    const e = content[lang] ?? {};
    clear(fieldsBox, FIELDS[channel()].map((f) => {
      const big = f === 'html' || f === 'text' || f === 'body';
      const c = big ? textarea({ rows: f === 'html' ? 8 : 4, value: String(e[f] ?? ''), class: `input ${f === 'html' ? 'cat-code' : ''}`, name: `content.${lang}.${f}`, spellcheck: f !== 'html', disabled: readOnly })
        : input({ value: String(e[f] ?? ''), name: `content.${lang}.${f}`, disabled: readOnly });
      c.addEventListener('input', () => { store(); schedule(); });
      controls.set(f, c);
      return field(t(`cat.tpl.field.${f}`), c, f === 'html' || f === 'text' || f === 'subject' ? t('cat.tpl.varsHint') : undefined, { 'data-path': `content.${lang}.${f}` });
    }));
  };
  let timer = 0;
  let seq = 0;
  const schedule = () => { clearTimeout(timer); timer = window.setTimeout(() => void render(), 350); };
  const render = async () => {
    const my = ++seq;
    showError(sample.closest('.field')!, null);
    let data: unknown;
    try { data = sample.value.trim() ? JSON.parse(sample.value) : {}; } catch { showError(sample.closest('.field')!, t('cat.v.json')); return; }
    if (!content[lang]) { clear(preview, h('p', { class: 'muted' }, t('cat.tpl.nothing'))); return; }
    try {
      const body: Record<string, unknown> = { channel: channel(), language: lang, content: { [lang]: content[lang] }, data };
      if (product.value.trim()) body.product = product.value.trim();
      const r = await post<Record<string, unknown>>('/api/catalogue/templates/preview', body);
      if (my !== seq) return;
      clear(preview, previewOf(channel(), r, lang));
    } catch (e) {
      if (my !== seq) return;
      // The server's 400 names what is wrong (a missing variable, an unclosed {{).
      clear(preview, h('div', { class: 'alert alert-warn', role: 'alert', 'data-preview-error': '' }, e instanceof ApiError && e.status === 400 ? e.message : errorText(e)));
    }
  };
  langSel.addEventListener('change', () => { store(); lang = langSel.value; paintFields(); void render(); });
  chanSel.addEventListener('change', () => { for (const k of Object.keys(content)) delete content[k]; paintFields(); void render(); });
  sample.addEventListener('input', schedule);
  product.addEventListener('input', schedule);
  paintFields();

  const labelOf = (p: string) => p;
  const tb = tabs(t('cat.tpl.sections'), [['edit', t('cat.tpl.edit')], ...(isNew ? [] : [['versions', t('cat.tab.versions')], ['audit', t('cat.tab.audit')]] as [string, string][])], 'edit', (id) => {
    if (id === 'versions') void versionsPanel(tb.panel('versions'), 'templates', item.key, item.version, (v) => go('templates', item.key, v), labelOf);
    if (id === 'audit') void auditPanel(tb.panel('audit'), 'templates', item.key, labelOf);
  });

  async function save(): Promise<boolean> {
    msg.clear();
    store();
    for (const f of form.querySelectorAll('.has-error')) showError(f, null);
    const k = keyInput.value.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(k)) { showError(keyInput.closest('.field')!, t('cat.v.key')); keyInput.focus(); return false; }
    let sampleData: unknown;
    try { sampleData = sample.value.trim() ? JSON.parse(sample.value) : undefined; } catch { showError(sample.closest('.field')!, t('cat.v.json')); sample.focus(); return false; }
    const body: Record<string, unknown> = { key: k, channel: channel(), name: name.get() ?? {}, content };
    if (item.description) body.description = item.description;
    if (product.value.trim()) body.product = product.value.trim();
    if (sampleData !== undefined) body.sampleData = sampleData;
    try {
      if (isNew) {
        await create('templates', body);
        sessionStorage.setItem('cat.flash', t('cat.saved.created'));
        go('templates', k);
      } else {
        await saveVersion('templates', k, item.version, body);
        msg.ok(t('cat.saved', { version: item.version }));
      }
      return true;
    } catch (err) {
      if (err instanceof Error) {
        // A message about the other language: show that language first.
        const m = /^content\.(\w+)\./.exec(err.message);
        if (m && m[1] !== lang && (LANGS as readonly string[]).includes(m[1])) { langSel.value = m[1]; langSel.dispatchEvent(new Event('change')); }
        placeServerError(form, err.message);
      }
      msg.error(err);
      return false;
    }
  }

  const form = h('form', { novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void save(); } },
    h('fieldset', { class: 'cat-plain', disabled: readOnly }, h('legend', { class: 'visually-hidden' }, t('cat.editable')),
      h('div', { class: 'row' }, field(t('cat.key'), keyInput, t('cat.keyHint'), { 'data-path': 'key' }), field(t('cat.tpl.channel'), chanSel, undefined, { 'data-path': 'channel' }),
        field(t('cat.tpl.product'), product, t('cat.tpl.productHint'), { 'data-path': 'product' })),
      name.el),
    h('div', { class: 'cat-tpl-grid' },
      h('div', null,
        field(t('cat.content.language'), langSel),
        fieldsBox,
        field(t('cat.tpl.sample'), sample, t('cat.tpl.sampleHint'), { 'data-path': 'data' })),
      h('div', null, h('h3', { class: 'cat-sub' }, t('cat.content.preview')), preview)),
    readOnly ? null : h('div', { class: 'cat-savebar' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'save' }, isNew ? t('cat.create') : t('cat.saveDraft'))));
  tb.panel('edit').append(form);
  clear(into,
    h('p', null, h('a', { href: link('templates') }, '← ' + t('cat.tpl.back'))),
    h('div', { class: 'cat-title' }, h('h2', null, isNew ? t('cat.tpl.new') : text(item.name, item.key)),
      isNew ? null : h('div', { class: 'cat-meta' }, h('span', null, t('cat.key'), ': ', h('code', null, item.key)), h('span', null, t('cat.versionN', { n: item.version })),
        item.variables?.length ? h('span', null, t('cat.tpl.variables'), ': ', h('code', null, item.variables.join(', '))) : null)),
    msg.el,
    isNew ? null : lifecycleBar({ seg: 'templates', item, me, msg, reload: (v) => go('templates', item.key, v, true), saveFirst: readOnly ? undefined : save }),
    tb.el);
  if (flash) msg.ok(flash);
  void render();
}

function previewOf(channel: Channel, r: Record<string, unknown>, lang: string): HTMLElement {
  const s = (k: string) => String(r[k] ?? '');
  if (channel === 'email') {
    return h('div', { class: 'cat-mail' },
      h('p', { class: 'cat-mail-subject' }, h('span', { class: 'muted' }, t('cat.tpl.field.subject'), ': '), h('strong', { 'data-subject': '' }, s('subject'))),
      h('iframe', { class: 'cat-preview', sandbox: '', title: t('cat.tpl.mailPreview'), srcdoc: previewDoc(s('html'), lang), referrerpolicy: 'no-referrer' }),
      h('details', null, h('summary', null, t('cat.tpl.plainText')), h('pre', { class: 'cat-pre' }, s('text'))));
  }
  if (channel === 'sms') {
    const segments = Number(r.segments ?? 0);
    return h('div', { class: 'cat-sms' },
      h('div', { class: 'cat-bubble', lang }, s('text')),
      h('dl', { class: 'cat-sms-stats', id: 'sms-stats' },
        h('div', null, h('dt', null, t('cat.tpl.sms.characters')), h('dd', null, fmtNumber(Number(r.characters ?? 0)))),
        h('div', null, h('dt', null, t('cat.tpl.sms.length')), h('dd', null, `${fmtNumber(Number(r.length ?? 0))} / ${fmtNumber(Number(r.segmentLength ?? 0))}`)),
        h('div', null, h('dt', null, t('cat.tpl.sms.encoding')), h('dd', { 'data-encoding': s('encoding') }, s('encoding'))),
        h('div', null, h('dt', null, t('cat.tpl.sms.segments')), h('dd', { 'data-segments': segments, class: segments > 1 ? 'cat-warn' : '' }, fmtNumber(segments)))),
      s('encoding') === 'UCS-2' ? h('p', { class: 'hint' }, t('cat.tpl.sms.ucs2')) : null);
  }
  return h('div', { class: 'cat-push' }, h('strong', null, s('title')), h('p', null, s('body')),
    r.data && typeof r.data === 'object' && Object.keys(r.data).length ? h('pre', { class: 'cat-pre small' }, JSON.stringify(r.data, null, 1)) : null);
}
