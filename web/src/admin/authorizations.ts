// The authorizations editor: Camunda's authorizations (grant, revoke, global) for a user or a
// group on a resource type and id, with the permissions that resource type knows. Lists are
// filtered by resource type; a row is deleted after a confirmation. /authorization REST.
import { del, get, post } from '../shared/api';
import { clear, h, uid, type Child } from '../shared/dom';
import { t } from '../shared/i18n';
import { deleteButton, field, messageLine, PAGE_SIZE, pager } from './ui';

interface Authorization {
  id: string; type: number; permissions: string[]; userId: string | null; groupId: string | null;
  resourceType: number; resourceId: string;
}

// Camunda 7's resource types and the permissions each one has (Permissions, *Permissions).
const CRUD = ['READ', 'UPDATE', 'CREATE', 'DELETE'];
export const resourceTypes: { type: number; perms: string[] }[] = [
  { type: 0, perms: ['ACCESS'] },
  { type: 1, perms: CRUD },
  { type: 2, perms: CRUD },
  { type: 3, perms: ['CREATE', 'DELETE'] },
  { type: 4, perms: CRUD },
  { type: 5, perms: CRUD },
  { type: 6, perms: ['READ', 'UPDATE', 'DELETE', 'READ_TASK', 'UPDATE_TASK', 'CREATE_INSTANCE', 'READ_INSTANCE',
    'UPDATE_INSTANCE', 'DELETE_INSTANCE', 'READ_HISTORY', 'DELETE_HISTORY', 'TASK_WORK', 'TASK_ASSIGN', 'MIGRATE_INSTANCE'] },
  { type: 7, perms: [...CRUD, 'READ_HISTORY', 'TASK_WORK', 'TASK_ASSIGN'] },
  { type: 8, perms: CRUD },
  { type: 9, perms: ['READ', 'CREATE', 'DELETE'] },
  { type: 10, perms: ['READ', 'UPDATE', 'CREATE_INSTANCE', 'READ_HISTORY', 'DELETE_HISTORY'] },
  { type: 13, perms: [...CRUD, 'READ_HISTORY', 'DELETE_HISTORY'] },
  { type: 14, perms: ['READ'] },
  { type: 17, perms: ['READ', 'UPDATE', 'DELETE'] },
  { type: 19, perms: ['READ'] },
  { type: 20, perms: ['READ'] },
  { type: 21, perms: ['READ'] },
];

const typeName = (type: number) => t(`resource.${type}`);
let filterType = -1;
let first = 0;

function createForm(msg: ReturnType<typeof messageLine>, reload: () => Promise<void>): HTMLElement {
  const kind = h('select', { id: uid('auth'), class: 'input', name: 'type' },
    [1, 2, 0].map((v) => h('option', { value: String(v) }, t(`admin.auth.type.${v}`))));
  const subject = h('select', { id: uid('auth'), class: 'input', name: 'subject' },
    h('option', { value: 'user' }, t('admin.auth.user')), h('option', { value: 'group' }, t('admin.auth.group')));
  const who = field(t('admin.auth.who'), { name: 'who', autocomplete: 'off', list: 'auth-who' });
  const resource = h('select', { id: uid('auth'), class: 'input', name: 'resourceType' },
    resourceTypes.map((r) => h('option', { value: String(r.type), selected: r.type === (filterType < 0 ? 6 : filterType) }, typeName(r.type))));
  const resourceId = field(t('admin.auth.resourceId'), { name: 'resourceId', value: '*', list: 'auth-ids' }, t('admin.auth.resourceIdHint'));
  const perms = h('fieldset', { class: 'adm-perms' });
  const whoList = h('datalist', { id: 'auth-who' });
  const idList = h('datalist', { id: 'auth-ids' });
  const fillPerms = (): void => {
    const r = resourceTypes.find((x) => String(x.type) === resource.value)!;
    clear(perms, h('legend', null, t('admin.auth.permissions')),
      ['ALL', ...r.perms].map((p) => {
        const id = uid('perm');
        return h('label', { for: id, class: 'adm-check' }, h('input', { type: 'checkbox', id, value: p, name: 'perm' }), ' ', t(`perm.${p}`));
      }));
    // Suggestions for the resource id: process and decision keys, applications, users, groups.
    const fill = (values: string[]) => clear(idList, ['*', ...values].map((v) => h('option', { value: v })));
    const type = Number(resource.value);
    if (type === 6) void get<{ key: string }[]>('/engine-rest/process-definition', { latestVersion: true }).then((l) => fill(l.map((d) => d.key))).catch(() => fill([]));
    else if (type === 10) void get<{ key: string }[]>('/engine-rest/decision-definition', { latestVersion: true }).then((l) => fill(l.map((d) => d.key))).catch(() => fill([]));
    else if (type === 0) fill(['tasklist', 'cockpit', 'admin', 'dashboard', 'catalogue']);
    else fill([]);
  };
  const fillWho = (): void => {
    const url = subject.value === 'user' ? '/engine-rest/user' : '/engine-rest/group';
    void get<{ id: string }[]>(url, { maxResults: 200 }).then((l) => clear(whoList, l.map((x) => h('option', { value: x.id })))).catch(() => undefined);
  };
  resource.addEventListener('change', fillPerms);
  subject.addEventListener('change', fillWho);
  kind.addEventListener('change', () => {
    const global = kind.value === '0';
    subject.disabled = global;
    who.input.disabled = global;
    if (global) who.input.value = '*';
  });
  fillPerms();
  fillWho();
  const labelled = (label: string, control: HTMLSelectElement) =>
    h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
  return h('form', {
    class: 'panel adm-form', id: 'auth-form', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      const chosen = [...perms.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
      if (!chosen.length) return msg.error(t('admin.auth.noPermission'));
      const global = kind.value === '0';
      const id = who.input.value.trim();
      if (!global && !id) return msg.error(t('admin.auth.noWho'));
      const body = {
        type: Number(kind.value),
        permissions: chosen.includes('ALL') ? ['ALL'] : chosen,
        userId: global ? '*' : subject.value === 'user' ? id : null,
        groupId: !global && subject.value === 'group' ? id : null,
        resourceType: Number(resource.value),
        resourceId: resourceId.input.value.trim() || '*',
      };
      try {
        await post('/engine-rest/authorization/create', body);
        msg.ok(t('admin.auth.created'));
        await reload();
      } catch (err) { msg.error(err); }
    },
  },
  h('h2', null, t('admin.auth.new')),
  h('div', { class: 'row adm-fields' }, labelled(t('admin.auth.kind'), kind), labelled(t('admin.auth.subject'), subject), who.el),
  h('div', { class: 'row adm-fields' }, labelled(t('admin.auth.resourceType'), resource), resourceId.el),
  perms, whoList, idList,
  h('button', { type: 'submit', class: 'btn btn-primary' }, t('admin.auth.save')));
}

const COLUMNS = ['admin.auth.kind', 'admin.auth.subject', 'admin.auth.resourceType', 'admin.auth.resourceId', 'admin.auth.permissions', 'admin.actions'];
const cell = (column: number, content: Child, cls?: string) => h('td', { class: cls, 'data-label': t(COLUMNS[column]) }, content);

export async function renderAuthorizations(into: HTMLElement): Promise<void> {
  const msg = messageLine();
  const listBox = h('div');
  const filter = h('select', {
    id: 'auth-filter', class: 'input',
    onchange: () => { filterType = Number(filter.value); first = 0; void reload(); },
  }, h('option', { value: '-1' }, t('admin.auth.allTypes')),
  resourceTypes.map((r) => h('option', { value: String(r.type), selected: r.type === filterType }, typeName(r.type))));

  async function reload(): Promise<void> {
    const q = { resourceType: filterType >= 0 ? filterType : undefined };
    try {
      const [list, count] = await Promise.all([
        get<Authorization[]>('/engine-rest/authorization', { ...q, sortBy: 'resourceType', sortOrder: 'asc', firstResult: first, maxResults: PAGE_SIZE }),
        get<{ count: number }>('/engine-rest/authorization/count', q),
      ]);
      clear(listBox,
        // On a phone each row is a card: every cell with its column's name (data-label).
        list.length ? h('div', { class: 'adm-scroll adm-cards-wrap' }, h('table', { class: 'adm-table adm-cards', id: 'auth-table' },
          h('caption', { class: 'visually-hidden' }, t('admin.tab.authorizations')),
          h('thead', null, h('tr', null, COLUMNS.map((k) => h('th', { scope: 'col' }, t(k))))),
          h('tbody', null, list.map((a) => h('tr', { 'data-auth': a.id },
            cell(0, h('span', { class: `badge ${a.type === 2 ? 'badge-danger' : a.type === 0 ? 'badge-warn' : 'badge-ok'}` }, t(`admin.auth.type.${a.type}`))),
            cell(1, a.userId ? `${t('admin.auth.user')}: ${a.userId}` : `${t('admin.auth.group')}: ${a.groupId}`),
            cell(2, typeName(a.resourceType)),
            cell(3, a.resourceId, 'adm-break'),
            cell(4, a.permissions.map((p) => t(`perm.${p}`)).join(', ')),
            cell(5, deleteButton(t('admin.delete'), t('admin.auth.deleteQuestion'), async () => {
              try { await del(`/engine-rest/authorization/${encodeURIComponent(a.id)}`); msg.ok(t('admin.auth.deleted')); await reload(); } catch (err) { msg.error(err); }
            }))))))) : h('p', { class: 'empty' }, t('admin.auth.empty')),
        pager(first, list.length, count.count, (f) => { first = f; void reload(); }));
    } catch (e) { msg.error(e); }
  }

  clear(into,
    h('div', { class: 'adm-head' }, h('h2', null, t('admin.tab.authorizations'))),
    msg.el,
    h('div', { class: 'field adm-filter' }, h('label', { for: 'auth-filter' }, t('admin.auth.filter')), filter),
    listBox,
    createForm(msg, reload));
  await reload();
}
