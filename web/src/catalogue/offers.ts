// The offer check: what POST /api/catalogue/offers answers for a customer in a channel on a
// date — the offers with their prices (after promotions) and content, and for every product
// left out, why. Product managers check a change here before and after it is published.
import { post } from '../shared/api';
import { clear, h } from '../shared/dom';
import { fmtNumber, t } from '../shared/i18n';
import { link } from './main';
import { CHANNELS, codes, dictionaries, LANGS, text } from './model';
import { errorBox, field, input, loading, parseNumber, select, showError, textarea } from './ui';

interface OfferPrice { key: string; name: string; kind: string; category: string; unit: string; period?: string; value: number; baseValue: number; promotions?: string[] }
interface Offer { product: string; version: number; name: string; prices: OfferPrice[]; promotions: { promotion: string; name: string }[]; content: { title?: string; summary?: string } }
interface Excluded { product: string; version: number; name: string; reasons: { code: string; message: string }[] }

export async function offerScreen(into: HTMLElement): Promise<void> {
  clear(into, loading());
  let dicts;
  try { dicts = await dictionaries(); } catch (e) { clear(into, errorBox(e)); return; }
  const channel = select(codes(dicts, 'channel', CHANNELS).map((e) => [e.code, text(e.labels, e.code)]), 'online', { id: 'of-channel' });
  const language = select(LANGS.map((l) => [l, t(`cat.lang.${l}`)]), document.documentElement.lang === 'pl' ? 'pl' : 'en', { id: 'of-lang' });
  const date = input({ type: 'date', id: 'of-date', value: new Date().toISOString().slice(0, 10) });
  const segment = select([['', t('cat.any')], ...codes(dicts, 'segment').map((e) => [e.code, text(e.labels, e.code)] as [string, string])], 'mass', { id: 'of-segment' });
  const age = input({ inputmode: 'numeric', id: 'of-age', value: '35' });
  const income = input({ inputmode: 'decimal', id: 'of-income', value: '6000' });
  const amount = input({ inputmode: 'decimal', id: 'of-amount' });
  const term = input({ inputmode: 'numeric', id: 'of-term' });
  const extra = textarea({ id: 'of-extra', class: 'input cat-code', rows: 2, spellcheck: false, placeholder: '{"hasArrears": false}' });
  const out = h('div', { id: 'offers-result', 'aria-live': 'polite' });
  const form = h('form', {
    class: 'panel cat-section',
    onsubmit: async (e: Event) => {
      e.preventDefault();
      const customer: Record<string, unknown> = {};
      const num = (c: HTMLInputElement, name: string, target: Record<string, unknown>) => {
        showError(c.closest('.field')!, null);
        if (!c.value.trim()) return true;
        const n = parseNumber(c.value);
        if (Number.isNaN(n)) { showError(c.closest('.field')!, t('cat.v.number')); c.focus(); return false; }
        target[name] = n;
        return true;
      };
      const req: Record<string, unknown> = { channel: channel.value, language: language.value, date: date.value || undefined };
      if (!num(age, 'age', customer) || !num(income, 'income', customer) || !num(amount, 'amount', req) || !num(term, 'term', req)) return;
      if (segment.value) customer.segment = segment.value;
      if (extra.value.trim()) {
        try { Object.assign(customer, JSON.parse(extra.value)); } catch { showError(extra.closest('.field')!, t('cat.v.json')); extra.focus(); return; }
      }
      showError(extra.closest('.field')!, null);
      req.customer = customer;
      clear(out, loading());
      try {
        const r = await post<{ offers: Offer[]; excluded: Excluded[] }>('/api/catalogue/offers', req);
        clear(out,
          h('h3', null, t('cat.offers.offered', { count: r.offers.length })),
          r.offers.length ? h('ul', { class: 'cat-offers' }, r.offers.map((o) => h('li', { class: 'panel cat-offer', 'data-offer': o.product },
            h('div', { class: 'cat-offer-head' }, h('a', { href: link('products', o.product, o.version) }, h('strong', null, o.name || o.product)), h('span', { class: 'muted small' }, t('cat.versionN', { n: o.version }))),
            o.content?.title ? h('p', { class: 'small' }, o.content.title) : null,
            h('ul', { class: 'cat-plain-list small' }, o.prices.map((p) => h('li', null, `${p.name || p.key}: `,
              p.value !== p.baseValue ? h('span', null, h('del', null, fmtNumber(p.baseValue)), ' ', h('strong', null, fmtNumber(p.value))) : fmtNumber(p.value),
              p.unit === 'percent' ? ' %' : ` ${p.unit}`))),
            o.promotions.length ? h('p', { class: 'small' }, h('span', { class: 'badge badge-ok' }, t('cat.offers.promo')), ' ', o.promotions.map((x) => x.name || x.promotion).join(', ')) : null))) : h('p', { class: 'muted' }, t('cat.offers.noneOffered')),
          h('h3', null, t('cat.offers.excluded', { count: r.excluded.length })),
          r.excluded.length ? h('ul', { class: 'cat-excluded' }, r.excluded.map((x) => h('li', { 'data-excluded': x.product },
            h('strong', null, x.name || x.product), ': ', x.reasons.map((m) => m.message).join('; ')))) : h('p', { class: 'muted' }, t('cat.offers.noneExcluded')));
      } catch (err) {
        clear(out, errorBox(err));
      }
    },
  },
  h('div', { class: 'cat-grid-fields' },
    field(t('cat.offers.channel'), channel), field(t('cat.offers.language'), language), field(t('cat.offers.date'), date),
    field(t('cat.offers.segment'), segment), field(t('cat.offers.age'), age), field(t('cat.offers.income'), income),
    field(t('cat.offers.amount'), amount), field(t('cat.offers.term'), term)),
  field(t('cat.offers.extra'), extra, t('cat.offers.extraHint')),
  h('button', { type: 'submit', class: 'btn btn-primary', id: 'check-offers' }, t('cat.offers.run')));
  clear(into, h('div', { class: 'cat-head' }, h('h2', null, t('cat.offers'))), h('p', { class: 'hint' }, t('cat.offers.hint')), form, out);
}
