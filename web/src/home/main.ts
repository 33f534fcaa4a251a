// "/": the login page for a visitor, the launcher (the apps the user may open) after login.
// After a login the user goes back to the page that sent them here (?next=, same origin only).
import '../shared/styles.css';
import { appsFor, icon } from '../shared/apps';
import { ApiError, me as whoAmI, request, type Me } from '../shared/api';
import { h } from '../shared/dom';
import { t } from '../shared/i18n';
import { shell } from '../shared/shell';

function nextTarget(): string | null {
  const next = new URLSearchParams(location.search).get('next');
  // Only a path on this site: never //evil.example or https://...
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : null;
}

function renderLogin(): void {
  const main = shell({ me: null, title: t('login.title') });
  const error = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: false });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('login.submit'));
  const form = h(
    'form',
    {
      class: 'panel login-card',
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        error.hidden = true;
        if (!user.value || !password.value) {
          error.textContent = t('login.missing');
          error.hidden = false;
          (user.value ? password : user).focus();
          return;
        }
        submit.disabled = true;
        try {
          await request('/api/auth/login', { method: 'POST', body: { username: user.value, password: password.value }, noLoginRedirect: true });
          const me = await whoAmI();
          const next = nextTarget();
          const apps = appsFor(me.apps);
          if (next) location.assign(next);
          else if (apps.length === 1) location.assign(apps[0].path);
          else renderLauncher(me);
        } catch (err) {
          error.textContent = err instanceof ApiError && err.status === 401 ? t('login.failed') : t('error.generic', { message: String((err as Error).message) });
          error.hidden = false;
          password.value = '';
          password.focus();
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h1', null, t('login.title')),
    h('p', { class: 'lead' }, t('login.lead')),
    error,
    h('div', { class: 'field' }, h('label', { for: 'username' }, t('login.username')), user),
    h('div', { class: 'field' }, h('label', { for: 'password' }, t('login.password')), password),
    submit,
  );
  main.appendChild(h('div', { class: 'login-wrap' }, form));
  user.focus();
}

function renderLauncher(me: Me): void {
  const main = shell({ me, title: t('launcher.title') });
  const apps = appsFor(me.apps);
  main.appendChild(
    h(
      'div',
      { class: 'launcher' },
      h('h1', null, t('launcher.hello', { user: me.userId })),
      h('p', { class: 'muted' }, apps.length ? t('launcher.lead') : t('launcher.none')),
      h('div', { class: 'launcher-grid' }, apps.map((a) =>
        h('a', { class: 'panel app-card', href: a.path },
          h('span', { class: 'app-icon' }, icon(a.icon, 24)),
          h('h2', null, t(`app.${a.id}`)),
          h('p', null, t(`app.${a.id}.about`))),
      )),
    ),
  );
}

whoAmI(true).then(
  (me) => {
    const next = nextTarget();
    if (next) location.replace(next);
    else renderLauncher(me);
  },
  () => renderLogin(),
);
