// Users: the list (search by id, name or e-mail; paged), the create form with the password
// policy checked as one types, and one user's page (profile, password, unlock, groups,
// delete). Everything goes through Camunda's /user, /group and /identity REST.
import { del, get, post, put, type Me } from '../shared/api';
import { clear, h } from '../shared/dom';
import { t } from '../shared/i18n';
import { go, link } from './main';
import { deleteButton, errorText, field, messageLine, PAGE_SIZE, pager, section } from './ui';

export interface User { id: string; firstName: string; lastName: string; email: string }
interface Group { id: string; name: string; type: string }
interface Rule { placeholder: string; parameter: Record<string, string> | null; valid?: boolean }

let search = '';
let first = 0;

function likeQuery(): Record<string, string> {
  // Camunda has no "any field" search: ask by id, first name, last name, e-mail and merge.
  return search ? { like: `%${search}%` } : {};
}

async function fetchUsers(): Promise<{ list: User[]; total: number }> {
  const base = { sortBy: 'userId', sortOrder: 'asc' };
  if (!search) {
    const [list, count] = await Promise.all([
      get<User[]>('/engine-rest/user', { ...base, firstResult: first, maxResults: PAGE_SIZE }),
      get<{ count: number }>('/engine-rest/user/count'),
    ]);
    return { list, total: count.count };
  }
  const like = likeQuery().like;
  const answers = await Promise.all(['idIn', 'firstNameLike', 'lastNameLike', 'emailLike'].map((p) =>
    p === 'idIn' ? get<User[]>('/engine-rest/user', { ...base, id: search }) : get<User[]>('/engine-rest/user', { ...base, [p]: like })));
  const seen = new Map<string, User>();
  for (const u of answers.flat()) seen.set(u.id, u);
  const all = [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { list: all.slice(first, first + PAGE_SIZE), total: all.length };
}

async function renderList(into: HTMLElement): Promise<void> {
  const msg = messageLine();
  const input = h('input', { id: 'user-search', class: 'input', type: 'search', value: search, placeholder: t('admin.users.searchHint') });
  const form = h('form', {
    class: 'adm-search', role: 'search',
    onsubmit: (e: Event) => { e.preventDefault(); search = input.value.trim(); first = 0; void renderList(into); },
  }, h('label', { for: 'user-search', class: 'visually-hidden' }, t('admin.users.search')), input,
  h('button', { type: 'submit', class: 'btn' }, t('admin.search')));
  try {
    const { list, total } = await fetchUsers();
    const table = h('table', { class: 'adm-table' },
      h('caption', { class: 'visually-hidden' }, t('admin.tab.users')),
      h('thead', null, h('tr', null, ['admin.users.id', 'admin.users.name', 'admin.users.email'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, list.map((u) => h('tr', null,
        h('td', null, h('a', { href: link('users', u.id), 'data-user': u.id }, u.id)),
        h('td', null, `${u.firstName ?? ''} ${u.lastName ?? ''}`.trim()),
        h('td', { class: 'adm-break' }, u.email ?? '')))));
    clear(into,
      h('div', { class: 'adm-head' }, h('h2', null, t('admin.tab.users')),
        h('a', { href: link('users', 'new'), class: 'btn btn-primary', id: 'new-user' }, t('admin.users.new'))),
      form, msg.el,
      list.length ? h('div', { class: 'adm-scroll' }, table) : h('p', { class: 'empty' }, t('admin.users.empty')),
      pager(first, list.length, total, (f) => { first = f; void renderList(into); }));
  } catch (e) {
    clear(into, form, msg.el);
    msg.error(e);
  }
}

/** The policy rules as a checklist, refreshed from POST /identity/password-policy. */
function policyChecklist(): { el: HTMLElement; check(password: string, profile: Partial<User>): Promise<boolean> } {
  const list = h('ul', { class: 'adm-policy', 'aria-live': 'polite' });
  const show = (rules: Rule[]) => clear(list, rules.map((r) =>
    h('li', { class: r.valid === undefined ? '' : r.valid ? 'ok' : 'bad' },
      h('span', { 'aria-hidden': 'true' }, r.valid === undefined ? '•' : r.valid ? '✓' : '✗'), ' ',
      t(`policy.${r.placeholder}`, r.parameter ?? {}),
      r.valid === false ? h('span', { class: 'visually-hidden' }, ' ' + t('admin.policy.notMet')) : null)));
  void get<{ rules: Rule[] }>('/engine-rest/identity/password-policy').then((p) => show(p.rules)).catch(() => undefined);
  return {
    el: h('div', { class: 'field' }, h('span', { class: 'label' }, t('admin.policy.title')), list),
    async check(password, profile) {
      const r = await post<{ rules: Rule[]; valid: boolean }>('/engine-rest/identity/password-policy', { password, profile });
      show(r.rules);
      return r.valid;
    },
  };
}

function createForm(into: HTMLElement): void {
  const msg = messageLine();
  const id = field(t('admin.users.id'), { required: true, autocomplete: 'off', name: 'id' }, t('admin.idHint'));
  const firstName = field(t('admin.users.firstName'), { name: 'firstName' });
  const lastName = field(t('admin.users.lastName'), { name: 'lastName' });
  const email = field(t('admin.users.email'), { type: 'email', name: 'email' });
  const password = field(t('admin.users.password'), { type: 'password', required: true, autocomplete: 'new-password', name: 'password' });
  const repeat = field(t('admin.users.repeat'), { type: 'password', required: true, autocomplete: 'new-password', name: 'repeat' });
  const policy = policyChecklist();
  const profile = () => ({ id: id.input.value.trim(), firstName: firstName.input.value, lastName: lastName.input.value, email: email.input.value });
  let timer = 0;
  password.input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => { if (password.input.value) void policy.check(password.input.value, profile()).catch(() => undefined); }, 250);
  });
  const form = h('form', {
    class: 'panel adm-form', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      msg.clear();
      if (!id.input.value.trim()) return msg.error(t('admin.users.idMissing'));
      if (password.input.value !== repeat.input.value) return msg.error(t('admin.users.mismatch'));
      try {
        if (!(await policy.check(password.input.value, profile()))) return msg.error(t('admin.policy.failed'));
        await post('/engine-rest/user/create', { profile: profile(), credentials: { password: password.input.value } });
        go('users', profile().id);
      } catch (err) {
        msg.error(err);
      }
    },
  },
  h('h2', null, t('admin.users.new')), msg.el,
  h('div', { class: 'row adm-fields' }, id.el, email.el), h('div', { class: 'row adm-fields' }, firstName.el, lastName.el),
  h('div', { class: 'row adm-fields' }, password.el, repeat.el), policy.el,
  h('div', { class: 'row' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('admin.create')),
    h('a', { href: link('users'), class: 'btn' }, t('admin.cancel'))));
  clear(into, h('p', null, h('a', { href: link('users') }, '← ' + t('admin.users.back'))), form);
  id.input.focus();
}

async function userPage(into: HTMLElement, userId: string, me: Me): Promise<void> {
  const msg = messageLine();
  let user: User;
  try {
    user = await get<User>(`/engine-rest/user/${encodeURIComponent(userId)}/profile`);
  } catch (e) {
    clear(into, h('p', null, h('a', { href: link('users') }, '← ' + t('admin.users.back'))), h('div', { class: 'alert alert-error', role: 'alert' }, errorText(e)));
    return;
  }
  const path = `/engine-rest/user/${encodeURIComponent(userId)}`;
  const done = (text: string) => { msg.ok(text); };

  const firstName = field(t('admin.users.firstName'), { value: user.firstName ?? '' });
  const lastName = field(t('admin.users.lastName'), { value: user.lastName ?? '' });
  const email = field(t('admin.users.email'), { type: 'email', value: user.email ?? '' });
  const profileForm = h('form', {
    onsubmit: async (e: Event) => {
      e.preventDefault();
      try {
        await put(`${path}/profile`, { id: userId, firstName: firstName.input.value, lastName: lastName.input.value, email: email.input.value });
        done(t('admin.users.saved'));
      } catch (err) { msg.error(err); }
    },
  }, h('div', { class: 'row adm-fields' }, firstName.el, lastName.el), email.el,
  h('button', { type: 'submit', class: 'btn btn-primary' }, t('admin.save')));

  const pw = field(t('admin.users.newPassword'), { type: 'password', autocomplete: 'new-password' });
  const mine = field(t('admin.users.yourPassword'), { type: 'password', autocomplete: 'current-password' }, t('admin.users.yourPasswordHint'));
  const policy = policyChecklist();
  const pwForm = h('form', {
    onsubmit: async (e: Event) => {
      e.preventDefault();
      try {
        if (!(await policy.check(pw.input.value, user))) return msg.error(t('admin.policy.failed'));
        await put(`${path}/credentials`, { password: pw.input.value, authenticatedUserPassword: mine.input.value });
        pw.input.value = mine.input.value = '';
        done(t('admin.users.passwordSet'));
      } catch (err) { msg.error(err); }
    },
  }, h('div', { class: 'row adm-fields' }, pw.el, mine.el), policy.el, h('button', { type: 'submit', class: 'btn btn-primary' }, t('admin.users.setPassword')));

  const groupsBox = h('div');
  const renderGroups = async (): Promise<void> => {
    const [mineGroups, all] = await Promise.all([
      get<Group[]>('/engine-rest/group', { member: userId, sortBy: 'id', sortOrder: 'asc' }),
      get<Group[]>('/engine-rest/group', { sortBy: 'id', sortOrder: 'asc' }),
    ]);
    const others = all.filter((g) => !mineGroups.some((m) => m.id === g.id));
    const select = h('select', { id: 'add-group', class: 'input' }, others.map((g) => h('option', { value: g.id }, g.name ? `${g.name} (${g.id})` : g.id)));
    clear(groupsBox,
      mineGroups.length ? h('ul', { class: 'adm-chips' }, mineGroups.map((g) => h('li', null,
        h('a', { href: link('groups', g.id) }, g.name || g.id),
        h('button', {
          type: 'button', class: 'btn btn-link', 'aria-label': t('admin.members.removeFrom', { group: g.id }),
          onclick: async () => {
            try { await del(`/engine-rest/group/${encodeURIComponent(g.id)}/members/${encodeURIComponent(userId)}`); done(t('admin.members.removed')); await renderGroups(); } catch (err) { msg.error(err); }
          },
        }, t('admin.remove'))))) : h('p', { class: 'muted' }, t('admin.users.noGroups')),
      others.length ? h('form', {
        class: 'row', onsubmit: async (e: Event) => {
          e.preventDefault();
          try { await put(`/engine-rest/group/${encodeURIComponent(select.value)}/members/${encodeURIComponent(userId)}`, {}); done(t('admin.members.added')); await renderGroups(); } catch (err) { msg.error(err); }
        },
      }, h('div', { class: 'field' }, h('label', { for: 'add-group' }, t('admin.users.addToGroup')), select),
      h('button', { type: 'submit', class: 'btn' }, t('admin.add'))) : null);
  };

  clear(into,
    h('p', null, h('a', { href: link('users') }, '← ' + t('admin.users.back'))),
    h('div', { class: 'adm-head' }, h('h2', null, t('admin.users.title', { id: userId })),
      userId === me.userId ? h('span', { class: 'badge badge-accent' }, t('admin.users.you')) : null),
    msg.el,
    h('div', { class: 'adm-grid' },
      section(t('admin.users.profile'), profileForm),
      section(t('admin.users.groups'), groupsBox),
      section(t('admin.users.password'), pwForm),
      section(t('admin.users.more'),
        h('p', { class: 'hint' }, t('admin.users.unlockHint')),
        h('button', {
          type: 'button', class: 'btn', onclick: async () => {
            try { await post(`${path}/unlock`); done(t('admin.users.unlocked')); } catch (err) { msg.error(err); }
          },
        }, t('admin.users.unlock')),
        h('hr'),
        deleteButton(t('admin.users.delete'), t('admin.users.deleteQuestion', { id: userId }), async () => {
          try { await del(path); go('users'); } catch (err) { msg.error(err); }
        }))));
  await renderGroups().catch((e) => msg.error(e));
}

export async function renderUsers(into: HTMLElement, id: string | null, me: Me): Promise<void> {
  if (id === 'new') createForm(into);
  else if (id) await userPage(into, id, me);
  else await renderList(into);
}
