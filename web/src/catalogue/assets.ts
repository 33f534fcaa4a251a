// Assets: images and PDFs uploaded once (the bytes as they are), stored by their SHA-256 and
// served from /cdn/<sha256>; images preview as thumbnails, PDFs and other files as a link that
// opens them. A feature of type asset, or a content entry's image, names one by its hash.
import { clear, h } from '../shared/dom';
import { fmtDateTime, fmtNumber, t } from '../shared/i18n';
import { assetPreview } from './features';
import { assets, upload } from './model';
import { errorBox, loading, messageLine } from './ui';

const MAX = 16 * 1024 * 1024; // the server's default body limit (--max-body)

export async function assetScreen(into: HTMLElement): Promise<void> {
  const msg = messageLine();
  const grid = h('ul', { class: 'cat-assets', id: 'assets' });
  const file = h('input', { type: 'file', id: 'asset-file', class: 'input', accept: 'image/*,application/pdf', multiple: true });
  const refresh = async () => {
    clear(grid, h('li', null, loading()));
    try {
      const all = (await assets()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      clear(grid, all.length ? all.map((a) => h('li', { class: 'panel cat-asset', 'data-sha': a.sha256 },
        assetPreview(a, a.sha256),
        h('div', { class: 'cat-asset-meta small' },
          h('strong', { class: 'cat-break' }, a.fileName ?? a.sha256.slice(0, 12)),
          h('span', null, `${a.contentType} · ${size(a.size)}`),
          h('span', { class: 'muted' }, `${a.createdBy} · ${fmtDateTime(a.createdAt)}`),
          h('code', { class: 'cat-break muted', title: t('cat.assets.hash') }, a.sha256.slice(0, 16) + '…'),
          h('button', { type: 'button', class: 'btn btn-sm', onclick: async () => {
            await navigator.clipboard?.writeText(a.sha256).catch(() => undefined);
            msg.ok(t('cat.assets.copied', { name: a.fileName ?? a.sha256.slice(0, 12) }));
          } }, t('cat.assets.copy'))))) : h('li', { class: 'empty' }, t('cat.assets.empty')));
    } catch (e) {
      clear(grid, h('li', null, errorBox(e)));
    }
  };
  const form = h('form', {
    class: 'panel cat-section cat-upload',
    onsubmit: async (e: Event) => {
      e.preventDefault();
      msg.clear();
      const files = [...(file.files ?? [])];
      if (!files.length) return msg.error(new Error(t('cat.assets.chooseFirst')));
      const big = files.find((f) => f.size > MAX);
      if (big) return msg.error(new Error(t('cat.assets.tooBig', { name: big.name, max: size(MAX) })));
      try {
        const done = [];
        for (const f of files) done.push(await upload(f));
        msg.ok(t('cat.assets.uploaded', { names: done.map((a) => a.fileName ?? a.sha256.slice(0, 12)).join(', ') }));
        file.value = '';
        await refresh();
      } catch (err) {
        msg.error(err);
      }
    },
  },
  h('h3', null, t('cat.assets.upload')),
  h('div', { class: 'row' },
    h('div', { class: 'field cat-grow' }, h('label', { for: 'asset-file' }, t('cat.assets.file')), file, h('span', { class: 'hint' }, t('cat.assets.fileHint'))),
    h('div', { class: 'field cat-field-button' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'upload' }, t('cat.assets.uploadButton')))));
  clear(into, h('div', { class: 'cat-head' }, h('h2', null, t('cat.assets'))), msg.el, form, grid);
  await refresh();
}

function size(n: number): string {
  if (n < 1024) return `${fmtNumber(n)} B`;
  if (n < 1024 * 1024) return `${fmtNumber(Math.round(n / 102.4) / 10)} KB`;
  return `${fmtNumber(Math.round(n / (1024 * 102.4)) / 10)} MB`;
}
