// A product's marketing content per language and channel ("default" for every channel without
// its own): title, summary, rich text and an image. The preview is a sandboxed iframe (no
// scripts, no same-origin, its own CSP), so what one types cannot run; the server keeps only
// safe HTML on save (sanitize_html), and the preview shows what it kept after a save.
import { clear, h } from '../shared/dom';
import { t } from '../shared/i18n';
import { assetPreview } from './features';
import { type Asset, CHANNELS, codes, type ContentEntry, type Dictionary, LANGS, text } from './model';
import { field, input, select, textarea } from './ui';

type Content = Record<string, Record<string, ContentEntry>>;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The srcdoc of a preview: its own CSP (images from dpc only), the bank's plain styles. */
export function previewDoc(bodyHtml: string, language: string): string {
  return `<!doctype html><html lang="${escape(language)}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${escape(location.origin)} data:; style-src 'unsafe-inline'">` +
    `<base href="${escape(location.origin)}/" target="_blank">` +
    '<style>body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#17212b;margin:12px;overflow-wrap:anywhere}' +
    'img{max-width:100%;height:auto}h1{font-size:1.3rem;margin:.2rem 0}.summary{color:#4a5868}table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:4px}</style>' +
    `</head><body>${bodyHtml}</body></html>`;
}

export function contentEditor(initial: Content, dicts: Map<string, Dictionary>, assets: Asset[], readOnly: boolean): { el: HTMLElement; get(): Content } {
  const data: Content = JSON.parse(JSON.stringify(initial ?? {}));
  const channelOpts: [string, string][] = [['default', t('cat.content.default')], ...codes(dicts, 'channel', CHANNELS).map((e) => [e.code, text(e.labels, e.code)] as [string, string])];
  const langSel = select(LANGS.map((l) => [l, t(`cat.lang.${l}`)]), 'pl', { id: 'content-lang' });
  const chanSel = select(channelOpts, 'default', { id: 'content-channel' });
  const title = input({ id: 'content-title', name: 'content-title', disabled: readOnly });
  const summary = input({ id: 'content-summary', name: 'content-summary', disabled: readOnly });
  const html = textarea({ id: 'content-html', name: 'content-html', rows: 8, class: 'input cat-code', spellcheck: false, disabled: readOnly });
  const image = select([['', t('cat.asset.none')], ...assets.filter((a) => a.contentType.startsWith('image/')).map((a) => [a.sha256, a.fileName ?? a.sha256.slice(0, 12)] as [string, string])], '', { id: 'content-image', disabled: readOnly });
  const imagePreview = h('div', { class: 'cat-asset-preview' });
  const frame = h('iframe', { class: 'cat-preview', sandbox: '', title: t('cat.content.previewTitle'), referrerpolicy: 'no-referrer' });
  const filled = h('p', { class: 'small muted', 'aria-live': 'polite' });
  let cur = { lang: 'pl', channel: 'default' };

  const store = () => {
    if (readOnly) return;
    const e: ContentEntry = {};
    if (title.value.trim()) e.title = title.value;
    if (summary.value.trim()) e.summary = summary.value;
    if (html.value.trim()) e.html = html.value;
    if (image.value) e.image = image.value;
    const per = (data[cur.lang] ??= {});
    if (Object.keys(e).length) per[cur.channel] = e; else delete per[cur.channel];
    if (!Object.keys(per).length) delete data[cur.lang];
  };
  const paint = () => {
    const e = data[langSel.value]?.[chanSel.value] ?? {};
    const shown = data[langSel.value]?.[chanSel.value] ? null : data[langSel.value]?.default;
    const img = e.image ? `<p><img src="/cdn/${escape(e.image)}" alt=""></p>` : '';
    const doc = e.title || e.summary || e.html || e.image
      ? `<h1>${escape(e.title ?? '')}</h1><p class="summary">${escape(e.summary ?? '')}</p>${img}${e.html ?? ''}`
      : shown ? `<p style="color:#5b6878">${escape(t('cat.content.fallsBack'))}</p><h1>${escape(shown.title ?? '')}</h1><p class="summary">${escape(shown.summary ?? '')}</p>${shown.html ?? ''}`
        : `<p style="color:#5b6878">${escape(t('cat.content.empty'))}</p>`;
    frame.srcdoc = previewDoc(doc, langSel.value);
    clear(imagePreview, e.image ? assetPreview(assets.find((a) => a.sha256 === e.image), e.image) : null);
    const have = LANGS.flatMap((l) => Object.keys(data[l] ?? {}).map((c) => `${t(`cat.lang.${l}`)} · ${c === 'default' ? t('cat.content.default') : c}`));
    filled.textContent = have.length ? t('cat.content.filled', { list: have.join(', ') }) : t('cat.content.none');
  };
  const load = () => {
    store();
    cur = { lang: langSel.value, channel: chanSel.value };
    const e = data[cur.lang]?.[cur.channel] ?? {};
    title.value = e.title ?? '';
    summary.value = e.summary ?? '';
    html.value = e.html ?? '';
    image.value = e.image ?? '';
    paint();
  };
  langSel.addEventListener('change', load);
  chanSel.addEventListener('change', load);
  for (const c of [title, summary, html, image]) c.addEventListener('input', () => { store(); paint(); });
  image.addEventListener('change', () => { store(); paint(); });
  cur = { lang: 'pl', channel: 'default' };
  const e0 = data.pl?.default ?? {};
  title.value = e0.title ?? '';
  summary.value = e0.summary ?? '';
  html.value = e0.html ?? '';
  image.value = e0.image ?? '';
  paint();

  const el = h('div', { class: 'cat-content', 'data-path': 'content' },
    h('div', { class: 'row' }, field(t('cat.content.language'), langSel), field(t('cat.content.channel'), chanSel)),
    filled,
    h('div', { class: 'cat-content-grid' },
      h('div', null,
        field(t('cat.content.title'), title),
        field(t('cat.content.summary'), summary),
        field(t('cat.content.html'), html, t('cat.content.htmlHint')),
        field(t('cat.content.image'), image, t('cat.content.imageHint')), imagePreview,
        h('span', { class: 'field-error', hidden: true })),
      h('div', null, h('h3', { class: 'cat-sub' }, t('cat.content.preview')), frame)));
  return { el, get: () => { store(); return data; } };
}
