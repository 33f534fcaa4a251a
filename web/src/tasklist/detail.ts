// One task: its header (process, dates, assignee), the actions the user may take (claim,
// unclaim, assign, delegate, resolve), editable due / follow-up / priority, and tabs: the form,
// the case's history, comments, attachments and the people involved (candidate groups, users).
import { ApiError, get, isMissing, post, put, type Me } from '../shared/api';
import { clear, h, uid } from '../shared/dom';
import { fmtDateTime, fmtRelative, t, toCamundaDate, toLocalInput } from '../shared/i18n';
import { renderAttachments, renderComments, renderPeople } from './extras';
import { renderTaskForm } from './form';
import { processName, type Task } from './model';

export interface DetailHooks {
  back: () => void;
  changed: () => void; // the list and counts may have changed
  gone: (message?: string) => void; // the task is done or gone: back to the list, with a message
}

let shownTask = '';

// May the user hand the task over and change its dates (TASK_ASSIGN or UPDATE on the task, or
// TASK_ASSIGN or UPDATE_TASK on its process definition)? The answers for a definition are kept
// for the session; when the check itself fails the controls are shown and the server decides.
const definitionRights = new Map<string, Promise<boolean>>();
function mayChange(task: Task): Promise<boolean> {
  const check = (permission: string, resourceName: string, resourceType: number, resourceId: string) =>
    get<{ authorized: boolean }>(`/engine-rest/authorization/check?permissionName=${permission}&resourceName=${resourceName}` +
      `&resourceType=${resourceType}&resourceId=${encodeURIComponent(resourceId)}`).then((r) => r.authorized, () => true);
  const checks = [check('TASK_ASSIGN', 'Task', 7, task.id), check('UPDATE', 'Task', 7, task.id)];
  const key = task.processDefinitionId?.split(':')[0];
  if (key) {
    if (!definitionRights.has(key)) {
      definitionRights.set(key, Promise.all([check('TASK_ASSIGN', 'ProcessDefinition', 6, key), check('UPDATE_TASK', 'ProcessDefinition', 6, key)])
        .then((r) => r.some(Boolean)));
    }
    checks.push(definitionRights.get(key)!);
  }
  return Promise.all(checks).then((r) => r.some(Boolean));
}
let activeTab = 'form';

function notice(kind: 'error' | 'ok' | 'info', text: string): HTMLElement {
  return h('div', { class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export async function renderDetail(pane: HTMLElement, taskId: string, me: Me, hooks: DetailHooks): Promise<void> {
  if (shownTask !== taskId) activeTab = 'form';
  shownTask = taskId;
  clear(pane, h('div', { class: 'panel tl-placeholder' }, h('span', { class: 'spinner' }), ' ', t('common.loading')));
  let task: Task;
  let manage = true;
  try {
    task = await get<Task>(`/engine-rest/task/${encodeURIComponent(taskId)}`);
    manage = await mayChange(task);
  } catch (e) {
    if (shownTask !== taskId) return;
    clear(pane, h('div', { class: 'panel tl-placeholder' },
      notice('error', e instanceof ApiError && e.status === 404 ? t('task.notFound') : t('error.generic', { message: (e as Error).message })),
      h('button', { type: 'button', class: 'btn', onclick: hooks.back }, t('common.back'))));
    return;
  }
  if (shownTask !== taskId) return;
  const messages = h('div', { class: 'messages' });
  const reload = () => {
    hooks.changed();
    return renderDetail(pane, taskId, me, hooks);
  };
  // `leave`: after the change the task is no longer the user's to see (resolved back to its
  // owner): back to the list, with the message there.
  const act = async (what: () => Promise<unknown>, done: string, leave = false) => {
    clear(messages);
    try {
      await what();
    } catch (e) {
      clear(messages, notice('error', isMissing(e) ? t('error.notAvailable') : t('error.generic', { message: (e as Error).message })));
      return;
    }
    if (leave) return hooks.gone(done);
    await reload();
    // The message once the task is drawn again, so it stays visible.
    if (shownTask === taskId) pane.querySelector('.messages')?.replaceChildren(notice('ok', done));
  };
  const base = `/engine-rest/task/${encodeURIComponent(task.id)}`;
  const mine = task.assignee === me.userId;

  const actions = h('div', { class: 'task-actions' });
  if (!task.assignee) {
    actions.append(h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'claim',
      onclick: () => act(() => post(`${base}/claim`, { userId: me.userId }), t('task.claimed')) }, t('task.claim')));
  } else if (mine) {
    actions.append(h('button', { type: 'button', class: 'btn', 'data-action': 'unclaim',
      onclick: () => act(() => post(`${base}/unclaim`), t('task.unclaimed')) }, t('task.unclaim')));
  }
  if (mine && task.delegationState === 'PENDING') {
    actions.append(h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'resolve',
      onclick: () => act(() => post(`${base}/resolve`, { variables: {} }), t('task.resolved'), task.owner !== me.userId) }, t('task.resolve')));
  }
  // Assign / delegate to someone: one small form, the user id typed.
  const whoId = uid('who');
  const who = h('input', { id: whoId, class: 'input input-sm', autocomplete: 'off', placeholder: t('task.userIdPlaceholder') });
  const handOver = h('form', { class: 'hand-over', onsubmit: (e: Event) => e.preventDefault() },
    h('label', { for: whoId, class: 'label' }, t('task.handOverTo')),
    h('div', { class: 'row-tight' }, who,
      h('button', { type: 'button', class: 'btn btn-sm', 'data-action': 'assign',
        onclick: () => who.value.trim() && act(() => post(`${base}/assignee`, { userId: who.value.trim() }), t('task.assigned', { user: who.value.trim() })) }, t('task.assign')),
      h('button', { type: 'button', class: 'btn btn-sm', 'data-action': 'delegate',
        onclick: () => who.value.trim() && act(() => post(`${base}/delegate`, { userId: who.value.trim() }), t('task.delegated', { user: who.value.trim() })) }, t('task.delegate'))));

  // Due, follow-up, priority: PUT /task/{id} with the whole task, as Camunda's update wants.
  const dueId = uid('due'), followId = uid('follow'), prioId = uid('prio');
  const due = h('input', { id: dueId, type: 'datetime-local', class: 'input input-sm', value: toLocalInput(task.due) });
  const follow = h('input', { id: followId, type: 'datetime-local', class: 'input input-sm', value: toLocalInput(task.followUp) });
  const prio = h('input', { id: prioId, type: 'number', class: 'input input-sm', value: String(task.priority), min: '0', step: '1' });
  const dates = h('form', {
    class: 'task-dates',
    onsubmit: (e: Event) => {
      e.preventDefault();
      const body = {
        name: task.name, description: task.description, assignee: task.assignee, owner: task.owner,
        delegationState: task.delegationState, parentTaskId: null, caseInstanceId: null, tenantId: null,
        priority: Number(prio.value) || 0,
        due: due.value ? toCamundaDate(new Date(due.value)) : null,
        followUp: follow.value ? toCamundaDate(new Date(follow.value)) : null,
      };
      void act(() => put(base, body), t('task.saved'));
    },
  },
  h('div', { class: 'field' }, h('label', { for: dueId }, t('task.due')), due),
  h('div', { class: 'field' }, h('label', { for: followId }, t('task.followUp')), follow),
  h('div', { class: 'field field-narrow' }, h('label', { for: prioId }, t('task.priority')), prio),
  h('button', { type: 'submit', class: 'btn btn-sm' }, t('common.save')));

  const procName = h('span', null, '');
  void processName(task.processDefinitionId).then((n) => { procName.textContent = n; });
  const tabs = [
    { id: 'form', label: t('tab.form') },
    { id: 'history', label: t('tab.history') },
    { id: 'comments', label: t('tab.comments') },
    { id: 'attachments', label: t('tab.attachments') },
    { id: 'people', label: t('tab.people') },
  ];
  const tabPanel = h('div', { class: 'tab-panel', role: 'tabpanel', id: 'task-tabpanel', tabindex: '0' });
  const tabList = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('tab.label') });
  const showTab = (id: string, focus = false) => {
    activeTab = id;
    for (const b of Array.from(tabList.children) as HTMLButtonElement[]) {
      const on = b.dataset.tab === id;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      if (on && focus) b.focus();
    }
    tabPanel.setAttribute('aria-labelledby', `tab-${id}`);
    clear(tabPanel);
    if (id === 'form') void renderTaskForm(tabPanel, task, me, { completed: () => hooks.gone(t('form.completedNamed', { name: task.name || t('task.unnamed') })), claim: () => act(() => post(`${base}/claim`, { userId: me.userId }), t('task.claimed')) });
    else if (id === 'history') void import('./history').then((m) => m.renderHistory(tabPanel, task));
    else if (id === 'comments') void renderComments(tabPanel, task);
    else if (id === 'attachments') void renderAttachments(tabPanel, task);
    else void renderPeople(tabPanel, task);
  };
  for (const tab of tabs) {
    tabList.append(h('button', {
      type: 'button', role: 'tab', id: `tab-${tab.id}`, 'data-tab': tab.id, 'aria-controls': 'task-tabpanel',
      class: 'tab', onclick: () => showTab(tab.id),
      onkeydown: (e: KeyboardEvent) => {
        const i = tabs.findIndex((x) => x.id === activeTab);
        if (e.key === 'ArrowRight') showTab(tabs[(i + 1) % tabs.length].id, true);
        else if (e.key === 'ArrowLeft') showTab(tabs[(i + tabs.length - 1) % tabs.length].id, true);
      },
    }, tab.label));
  }

  clear(pane, h('article', { class: 'panel task-detail', 'aria-labelledby': 'task-title' },
    h('button', { type: 'button', class: 'btn-link back-link', onclick: hooks.back }, '← ', t('common.backToList')),
    h('header', { class: 'task-head' },
      h('div', null,
        h('h2', { id: 'task-title' }, task.name || t('task.unnamed')),
        h('p', { class: 'muted task-sub' }, procName)),
      actions),
    messages,
    h('dl', { class: 'task-facts' },
      h('div', null, h('dt', null, t('task.assignee')), h('dd', null, task.assignee ?? t('task.nobody'))),
      task.owner ? h('div', null, h('dt', null, t('task.owner')), h('dd', null, task.owner)) : null,
      h('div', null, h('dt', null, t('task.createdLabel')), h('dd', { title: fmtDateTime(task.created) }, fmtRelative(task.created))),
      task.delegationState ? h('div', null, h('dt', null, t('task.delegation')), h('dd', null, t(`task.delegation.${task.delegationState}`))) : null),
    task.description ? h('p', { class: 'task-description' }, task.description) : null,
    manage ? h('details', { class: 'task-manage' },
      h('summary', null, t('task.manage')),
      h('div', { class: 'task-manage-body' }, handOver, dates)) : null,
    tabList,
    tabPanel));
  showTab(activeTab);
}
