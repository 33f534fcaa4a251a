// Groups: the list, the create form, and one group's page (name and type, its members with
// add and remove, delete). Camunda's /group REST.
import { del, get, post, put } from '../shared/api';
import { clear, h } from '../shared/dom';
import { t } from '../shared/i18n';
import { go, link } from './main';
import { deleteButton, errorText, field, messageLine, PAGE_SIZE, pager, section } from './ui';
import type { User } from './users';

interface Group { id: string; name: string; type: string }
let first = 0;

async function renderList(into: HTMLElement): Promise<void> {
  const msg = messageLine();
  try {
    const [list, count] = await Promise.all([
      get<Group[]>('/engine-rest/group', { sortBy: 'id', sortOrder: 'asc', firstResult: first, maxResults: PAGE_SIZE }),
      get<{ count: number }>('/engine-rest/group/count'),
    ]);
    clear(into,
      h('div', { class: 'adm-head' }, h('h2', null, t('admin.tab.groups')),
        h('a', { href: link('groups', 'new'), class: 'btn btn-primary', id: 'new-group' }, t('admin.groups.new'))),
      msg.el,
      list.length ? h('div', { class: 'adm-scroll' }, h('table', { class: 'adm-table' },
        h('caption', { class: 'visually-hidden' }, t('admin.tab.groups')),
        h('thead', null, h('tr', null, ['admin.groups.id', 'admin.groups.name', 'admin.groups.type'].map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', null, list.map((g) => h('tr', null,
          h('td', null, h('a', { href: link('groups', g.id), 'data-group': g.id }, g.id)),
          h('td', null, g.name ?? ''), h('td', null, g.type ?? '')))))) : h('p', { class: 'empty' }, t('admin.groups.empty')),
      pager(first, list.length, count.count, (f) => { first = f; void renderList(into); }));
  } catch (e) {
    clear(into, msg.el);
    msg.error(e);
  }
}

function groupFields(g?: Group) {
  const name = field(t('admin.groups.name'), { value: g?.name ?? '', name: 'name' });
  const type = field(t('admin.groups.type'), { value: g?.type ?? 'WORKFLOW', name: 'type', list: 'group-types' }, t('admin.groups.typeHint'));
  return { name, type };
}

function createForm(into: HTMLElement): void {
  const msg = messageLine();
  const id = field(t('admin.groups.id'), { required: true, name: 'id', autocomplete: 'off' }, t('admin.idHint'));
  const { name, type } = groupFields();
  const form = h('form', {
    class: 'panel adm-form', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      try {
        await post('/engine-rest/group/create', { id: id.input.value.trim(), name: name.input.value, type: type.input.value });
        go('groups', id.input.value.trim());
      } catch (err) { msg.error(err); }
    },
  }, h('h2', null, t('admin.groups.new')), msg.el, h('div', { class: 'row adm-fields' }, id.el, name.el, type.el),
  h('div', { class: 'row' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('admin.create')),
    h('a', { href: link('groups'), class: 'btn' }, t('admin.cancel'))));
  clear(into, h('p', null, h('a', { href: link('groups') }, '← ' + t('admin.groups.back'))), form);
  id.input.focus();
}

async function groupPage(into: HTMLElement, groupId: string): Promise<void> {
  const msg = messageLine();
  const back = h('p', null, h('a', { href: link('groups') }, '← ' + t('admin.groups.back')));
  let group: Group;
  try {
    group = await get<Group>(`/engine-rest/group/${encodeURIComponent(groupId)}`);
  } catch (e) {
    clear(into, back, h('div', { class: 'alert alert-error', role: 'alert' }, errorText(e)));
    return;
  }
  const path = `/engine-rest/group/${encodeURIComponent(groupId)}`;
  const { name, type } = groupFields(group);
  const editForm = h('form', {
    onsubmit: async (e: Event) => {
      e.preventDefault();
      try { await put(path, { id: groupId, name: name.input.value, type: type.input.value }); msg.ok(t('admin.groups.saved')); } catch (err) { msg.error(err); }
    },
  }, h('div', { class: 'row adm-fields' }, name.el, type.el), h('button', { type: 'submit', class: 'btn btn-primary' }, t('admin.save')));

  const members = h('div');
  const renderMembers = async (): Promise<void> => {
    const list = await get<User[]>('/engine-rest/user', { memberOfGroup: groupId, sortBy: 'userId', sortOrder: 'asc' });
    const add = field(t('admin.members.userId'), { name: 'member', autocomplete: 'off', id: 'add-member' });
    clear(members,
      list.length ? h('ul', { class: 'adm-chips' }, list.map((u) => h('li', null,
        h('a', { href: link('users', u.id) }, u.id),
        h('button', {
          type: 'button', class: 'btn btn-link', 'aria-label': t('admin.members.remove', { user: u.id }),
          onclick: async () => {
            try { await del(`${path}/members/${encodeURIComponent(u.id)}`); msg.ok(t('admin.members.removed')); await renderMembers(); } catch (err) { msg.error(err); }
          },
        }, t('admin.remove'))))) : h('p', { class: 'muted' }, t('admin.groups.noMembers')),
      h('form', {
        class: 'row', onsubmit: async (e: Event) => {
          e.preventDefault();
          const user = add.input.value.trim();
          if (!user) return msg.error(t('admin.members.userMissing'));
          try { await put(`${path}/members/${encodeURIComponent(user)}`, {}); msg.ok(t('admin.members.added')); await renderMembers(); } catch (err) { msg.error(err); }
        },
      }, add.el, h('button', { type: 'submit', class: 'btn' }, t('admin.add'))));
  };

  clear(into, back,
    h('div', { class: 'adm-head' }, h('h2', null, t('admin.groups.title', { id: groupId }))),
    h('datalist', { id: 'group-types' }, ['WORKFLOW', 'SYSTEM'].map((v) => h('option', { value: v }))),
    msg.el,
    h('div', { class: 'adm-grid' },
      section(t('admin.groups.edit'), editForm),
      section(t('admin.groups.members'), members),
      section(t('admin.users.more'),
        deleteButton(t('admin.groups.delete'), t('admin.groups.deleteQuestion', { id: groupId }), async () => {
          try { await del(path); go('groups'); } catch (err) { msg.error(err); }
        }))));
  await renderMembers().catch((e) => msg.error(e));
}

export async function renderGroups(into: HTMLElement, id: string | null): Promise<void> {
  if (id === 'new') createForm(into);
  else if (id) await groupPage(into, id);
  else await renderList(into);
}
