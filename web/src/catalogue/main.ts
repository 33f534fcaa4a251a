// The catalogue console: product managers define product types (feature trees), dictionaries,
// products with their versions, promotions, assets and content, where products are offered,
// and the communication templates; checkers publish what makers submitted. Screens by the
// URL's hash (#/products, #/products/<key>[/<version>], #/types/<key>, #/dictionaries,
// #/promotions, #/assets, #/channels, #/offers, #/templates), so every screen can be linked.
import '../shared/styles.css';
import './catalogue.css';
import { me as whoAmI, type Me } from '../shared/api';
import { clear, h } from '../shared/dom';
import { addMessages, t } from '../shared/i18n';
import { shell } from '../shared/shell';
import en from './i18n/en.json';
import pl from './i18n/pl.json';

addMessages({ pl, en });

const screens = ['products', 'types', 'dictionaries', 'promotions', 'assets', 'channels', 'offers', 'templates'] as const;
export type Screen = (typeof screens)[number];

interface Route { screen: Screen; key: string | null; version: number | undefined }

function route(): Route {
  const [path] = location.hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/');
  const screen = (screens as readonly string[]).includes(parts[0]) ? (parts[0] as Screen) : 'products';
  const version = parts[2] ? Number(parts[2]) : undefined;
  return { screen, key: parts[1] ? decodeURIComponent(parts[1]) : null, version: version && version > 0 ? version : undefined };
}

export const link = (screen: Screen, key?: string, version?: number) =>
  `#/${screen}${key ? '/' + encodeURIComponent(key) : ''}${version ? '/' + version : ''}`;

/** Opens a screen; `again` renders it even when the URL does not change (after an action). */
export function go(screen: Screen, key?: string, version?: number, again = false): void {
  const next = link(screen, key, version);
  if (location.hash === next && again) void render();
  else location.hash = next;
}

let me: Me;
let main: HTMLElement;
let seq = 0;

function nav(current: Screen): HTMLElement {
  return h('nav', { class: 'cat-nav', 'aria-label': t('cat.sections') },
    h('ul', null, screens.map((s) => h('li', null, h('a', {
      href: link(s), class: s === current ? 'active' : '', 'aria-current': s === current ? 'page' : undefined,
    }, t(`cat.nav.${s}`))))));
}

async function render(): Promise<void> {
  const r = route();
  const my = ++seq;
  // A fresh element per render: a slower screen still loading from before the last hash
  // change fills an element no longer on the page.
  const content = h('div', { class: 'cat-content' });
  clear(main, h('div', { class: 'cat-wrap' }, h('h1', { class: 'visually-hidden' }, t('app.catalogue')), nav(r.screen), content));
  const key = r.key === 'new' ? null : r.key;
  switch (r.screen) {
    case 'products': {
      const m = await import('./products');
      if (my !== seq) return;
      if (r.key === 'new') await m.newProduct(content, me);
      else if (key) await m.productPage(content, key, r.version, me);
      else await m.productList(content);
      break;
    }
    case 'types': {
      const m = await import('./types');
      if (r.key) await m.typePage(content, key); else await m.typeList(content);
      break;
    }
    case 'dictionaries': {
      const m = await import('./dictionaries');
      if (r.key) await m.dictionaryPage(content, key); else await m.dictionaryList(content);
      break;
    }
    case 'promotions': {
      const m = await import('./promotions');
      if (r.key) await m.promotionPage(content, key, r.version, me); else await m.promotionList(content);
      break;
    }
    case 'assets': await (await import('./assets')).assetScreen(content); break;
    case 'channels': await (await import('./channels')).channelMatrix(content, me); break;
    case 'offers': await (await import('./offers')).offerScreen(content); break;
    case 'templates': {
      const m = await import('./templates');
      if (r.key) await m.templatePage(content, key, r.version, me); else await m.templateList(content);
      break;
    }
  }
  if (my !== seq) return;
  document.title = `${t(`cat.nav.${r.screen}`)} · ${t('app.catalogue')} · dpc`;
  // Which screen has finished drawing (tests wait for it after a change of the hash).
  document.body.dataset.route = location.hash;
}

async function start(): Promise<void> {
  try {
    me = await whoAmI();
  } catch {
    return; // a 401 took the browser to the login page
  }
  main = shell({ me, current: 'catalogue', title: t('app.catalogue') });
  if (!(me.apps ?? []).includes('catalogue')) {
    clear(main, h('div', { class: 'cat-wrap' }, h('div', { class: 'alert alert-error', role: 'alert' }, t('cat.noAccess'))));
    return;
  }
  window.addEventListener('hashchange', () => void render());
  await render();
}

void start();
