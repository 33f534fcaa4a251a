// The Admin app: users, groups and their members, authorizations, and the system (nodes of
// the cluster). Screens are chosen by the URL's hash (#/users, #/users/<id>, #/groups/<id>,
// #/authorizations, #/system), so every screen can be linked and survives a reload.
import '../shared/styles.css';
import './admin.css';
import { me as whoAmI, type Me } from '../shared/api';
import { clear, h } from '../shared/dom';
import { addMessages, t } from '../shared/i18n';
import { shell } from '../shared/shell';
import { renderAuthorizations } from './authorizations';
import { renderGroups } from './groups';
import en from './i18n/en.json';
import pl from './i18n/pl.json';
import { renderSystem } from './system';
import { renderUsers } from './users';

addMessages({ pl, en });

const screens = ['users', 'groups', 'authorizations', 'system'] as const;
type Screen = (typeof screens)[number];

export interface Route {
  screen: Screen;
  id: string | null; // a user or group id, "new" for the create form
}

function route(): Route {
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  const screen = (screens as readonly string[]).includes(parts[0]) ? (parts[0] as Screen) : 'users';
  return { screen, id: parts[1] ? decodeURIComponent(parts[1]) : null };
}

export const link = (screen: Screen, id?: string) => `#/${screen}${id ? '/' + encodeURIComponent(id) : ''}`;
export const go = (screen: Screen, id?: string) => { location.hash = link(screen, id); };

let me: Me;
let main: HTMLElement;

function tabs(current: Screen): HTMLElement {
  return h('nav', { class: 'adm-tabs', 'aria-label': t('admin.sections') },
    h('ul', null, screens.map((s) => h('li', null, h('a', {
      href: link(s), class: s === current ? 'active' : '', 'aria-current': s === current ? 'page' : undefined,
    }, t(`admin.tab.${s}`))))));
}

async function render(): Promise<void> {
  const r = route();
  // A fresh element per render: a slower screen still loading from before the last hash
  // change then fills an element no longer on the page, never the current one.
  const content = h('div', { class: 'adm-content' });
  clear(main, h('div', { class: 'adm-wrap' }, h('h1', { class: 'visually-hidden' }, t('app.admin')), tabs(r.screen), content));
  clear(content, h('div', { class: 'empty' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' ', t('admin.loading')));
  if (r.screen === 'users') await renderUsers(content, r.id, me);
  else if (r.screen === 'groups') await renderGroups(content, r.id);
  else if (r.screen === 'authorizations') await renderAuthorizations(content);
  else await renderSystem(content);
}

async function start(): Promise<void> {
  me = await whoAmI();
  main = shell({ me, current: 'admin', title: t('app.admin') });
  if (!(me.apps ?? []).includes('admin')) {
    clear(main, h('div', { class: 'adm-wrap' }, h('div', { class: 'alert alert-error', role: 'alert' }, t('admin.noAccess'))));
    return;
  }
  window.addEventListener('hashchange', () => void render());
  await render();
}

void start();
