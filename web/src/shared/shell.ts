// The frame around every app: a skip link, the header (brand, app switcher with the apps the
// user may open, language switch, user menu with logout) and the <main> the app fills.
import { appsFor, icon } from './apps';
import { logout, type Me } from './api';
import { h } from './dom';
import { lang, setLang, t, type Lang } from './i18n';

export interface ShellOptions {
  me: Me | null;
  current?: string; // the app id shown
  title?: string;   // document title part
}

function languageSwitch(): HTMLElement {
  const select = h(
    'select',
    {
      id: 'lang-switch',
      class: 'lang-select',
      onchange: (e: Event) => {
        setLang((e.target as HTMLSelectElement).value as Lang);
        location.reload();
      },
    },
    h('option', { value: 'pl', selected: lang === 'pl' }, 'Polski'),
    h('option', { value: 'en', selected: lang === 'en' }, 'English'),
  );
  return h('div', { class: 'lang' }, h('label', { for: 'lang-switch', class: 'visually-hidden' }, t('shell.language')), select);
}

function userMenu(me: Me): HTMLElement {
  const menu = h(
    'div',
    { class: 'menu', id: 'user-menu', role: 'menu', hidden: true },
    h('div', { class: 'menu-head' }, h('strong', null, me.userId), h('span', { class: 'muted' }, me.groups.join(', '))),
    h('button', { type: 'button', role: 'menuitem', class: 'menu-item', onclick: () => void logout() }, t('shell.logout')),
  );
  const button = h(
    'button',
    {
      type: 'button',
      class: 'user-button',
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
      'aria-controls': 'user-menu',
      title: t('shell.userMenu', { user: me.userId }),
      onclick: () => toggle(),
    },
    h('span', { class: 'avatar', 'aria-hidden': 'true' }, me.userId.slice(0, 1).toUpperCase()),
    h('span', { class: 'visually-hidden' }, t('shell.userMenuLabel') + ' '),
    h('span', { class: 'user-name' }, me.userId),
  );
  function toggle(open = menu.hidden): void {
    menu.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) (menu.querySelector('button') as HTMLButtonElement | null)?.focus();
  }
  document.addEventListener('click', (e) => {
    if (!menu.hidden && !wrap.contains(e.target as Node)) toggle(false);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !menu.hidden) {
      toggle(false);
      button.focus();
    }
  });
  const wrap = h('div', { class: 'user' }, button, menu);
  return wrap;
}

/** Builds the page frame and returns the element the app renders into. */
export function shell(opts: ShellOptions): HTMLElement {
  document.title = opts.title ? `${opts.title} · dpc` : t('shell.brand');
  const apps = opts.me ? appsFor(opts.me.apps) : [];
  const nav = apps.length
    ? h(
        'nav',
        { class: 'app-nav', 'aria-label': t('shell.apps') },
        h('ul', null, apps.map((a) =>
          h('li', null, h('a', {
            href: a.path,
            class: a.id === opts.current ? 'active' : '',
            'aria-current': a.id === opts.current ? 'page' : undefined,
          }, icon(a.icon, 18), h('span', null, t(`app.${a.id}`)))),
        )),
      )
    : null;
  const header = h(
    'header',
    { class: 'topbar' },
    h('a', { href: '/', class: 'brand' },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'dpc'),
      h('span', { class: 'brand-name' }, t('shell.brandShort'))),
    nav,
    h('div', { class: 'topbar-end' }, languageSwitch(), opts.me ? userMenu(opts.me) : null),
  );
  const main = h('main', { id: 'main', tabindex: '-1' });
  document.body.replaceChildren(
    h('a', { href: '#main', class: 'skip-link' }, t('shell.skip')),
    header,
    main,
  );
  return main;
}
