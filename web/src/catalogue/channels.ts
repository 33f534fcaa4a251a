// The channel matrix: every product (its latest version) against every channel — offered or
// not, and when (days and hours). Draft versions can be switched on and off here and saved in
// one go; the time windows are edited on the product's Channels tab.
import { type Me } from '../shared/api';
import { clear, h } from '../shared/dom';
import { t } from '../shared/i18n';
import { link } from './main';
import { CHANNELS, type ChannelRule, codes, dictionaries, list, type Product, saveVersion, text, type Window } from './model';
import { errorBox, loading, messageLine, statusBadge } from './ui';

const DAY_ORDER = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "Mon–Fri 09:00–18:00; Sat 09:00–14:00" in the chosen language. */
export function windowsText(windows: Window[] | undefined): string {
  if (!windows?.length) return t('cat.matrix.always');
  return windows.map((w) => {
    const days = (w.days ?? []).slice().sort((a, b) => DAY_ORDER.indexOf(a) - DAY_ORDER.indexOf(b));
    let d = '';
    if (days.length) {
      const idx = days.map((x) => DAY_ORDER.indexOf(x));
      const consecutive = idx.every((v, i) => i === 0 || v === idx[i - 1] + 1);
      d = consecutive && days.length > 2 ? `${t(`cat.day.${days[0]}`)}–${t(`cat.day.${days[days.length - 1]}`)}` : days.map((x) => t(`cat.day.${x}`)).join(', ');
    }
    const hours = w.from || w.to ? `${w.from ?? '00:00'}–${w.to ?? '24:00'}` : '';
    return [d || t('cat.matrix.everyDay'), hours].filter(Boolean).join(' ');
  }).join('; ');
}

export async function channelMatrix(into: HTMLElement, _me: Me): Promise<void> {
  clear(into, loading());
  const msg = messageLine();
  let products: Product[];
  let channels: { code: string; label: string }[];
  try {
    const dicts = await dictionaries();
    channels = codes(dicts, 'channel', CHANNELS).map((e) => ({ code: e.code, label: text(e.labels, e.code) }));
    products = (await list<Product>('products', { maxResults: 500 })).items;
  } catch (e) { clear(into, errorBox(e)); return; }
  const changed = new Map<string, Product>();
  const save = h('button', { type: 'button', class: 'btn btn-primary', id: 'save-matrix', disabled: true, onclick: async () => {
    msg.clear();
    try {
      for (const p of changed.values()) {
        const body: Record<string, unknown> = { ...p };
        for (const k of ['versions', 'version', 'lifecycleStatus', 'createdBy', 'createdAt', 'updatedBy', 'updatedAt', 'submittedBy', 'submittedAt', 'publishedBy', 'publishedAt']) delete body[k];
        if (!p.channels?.length) delete body.channels;
        await saveVersion('products', p.key, p.version, body);
      }
      msg.ok(t('cat.matrix.saved', { count: changed.size }));
      changed.clear();
      save.disabled = true;
    } catch (e) { msg.error(e); }
  } }, t('cat.matrix.save'));
  const cell = (p: Product, c: { code: string; label: string }) => {
    const rules = p.channels ?? [];
    const all = !rules.length;
    const rule = rules.find((r) => r.channel === c.code);
    const on = all || !!rule;
    const summary = h('span', { class: 'small' }, on ? (all ? t('cat.matrix.allChannels') : windowsText(rule?.windows)) : t('cat.matrix.off'));
    if (p.lifecycleStatus !== 'In design') {
      return h('span', { class: on ? 'cat-on' : 'cat-off' }, h('span', { 'aria-hidden': 'true' }, on ? '✓ ' : '— '), summary);
    }
    const box = h('input', { type: 'checkbox', checked: on, 'aria-label': t('cat.matrix.toggle', { product: text(p.name, p.key), channel: c.label }), 'data-cell': `${p.key}:${c.code}` });
    box.addEventListener('change', () => {
      // "No channel listed" means every channel: the first switch-off lists all the others.
      let next: ChannelRule[] = p.channels?.length ? p.channels : channels.map((x) => ({ channel: x.code }));
      next = box.checked ? [...next.filter((r) => r.channel !== c.code), { channel: c.code }] : next.filter((r) => r.channel !== c.code);
      p.channels = next;
      changed.set(p.key, p);
      save.disabled = false;
      summary.textContent = box.checked ? windowsText(undefined) : t('cat.matrix.off');
    });
    return h('label', { class: 'cat-check-label' }, box, summary);
  };
  clear(into,
    h('div', { class: 'cat-head' }, h('h2', null, t('cat.matrix')), save),
    h('p', { class: 'hint' }, t('cat.matrix.hint')),
    msg.el,
    products.length ? h('div', { class: 'cat-table-wrap' }, h('table', { class: 'cat-table cat-matrix', id: 'matrix' },
      h('caption', { class: 'visually-hidden' }, t('cat.matrix')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('cat.product')), channels.map((c) => h('th', { scope: 'col' }, c.label)))),
      h('tbody', null, products.map((p) => h('tr', null,
        h('th', { scope: 'row', 'data-label': t('cat.product') }, h('span', null, h('a', { href: link('products', p.key) + '?tab=channels' }, text(p.name, p.key)), ' ', statusBadge(p.lifecycleStatus))),
        channels.map((c) => h('td', { 'data-label': c.label }, cell(p, c)))))))) : h('p', { class: 'empty' }, t('cat.products.empty')));
}
