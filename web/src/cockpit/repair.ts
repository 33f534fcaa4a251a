// A process instance's incidents (message, stack trace or error details, retry by setting the
// job's or external task's retries, show on the diagram), its user tasks (reassign) and its
// audit trail from the user operation log.
import { get, post, put } from '../shared/api';
import { clear, h, uid } from '../shared/dom';
import { fmtDateTime, t } from '../shared/i18n';
import { getText, REST, type Incident, type OperationEntry, type TaskRow } from './model';
import { dialog, empty, errorBox, say, table } from './ui';

export async function renderIncidents(box: HTMLElement, instanceId: string, changed: () => void, show: (activityId: string) => void): Promise<number> {
  try {
    const list = await get<Incident[]>(`${REST}/incident`, { processInstanceId: instanceId, sortBy: 'incidentTimestamp', sortOrder: 'desc' });
    clear(box, list.length ? h('ul', { class: 'cp-incidents' }, list.map((i) => incidentItem(i, changed, show))) : empty(t('cp.inc.none')));
    return list.length;
  } catch (e) {
    clear(box, errorBox(e));
    return 0;
  }
}

function incidentItem(i: Incident, changed: () => void, show: (activityId: string) => void): HTMLElement {
  const job = i.incidentType === 'failedJob';
  const ext = i.incidentType === 'failedExternalTask';
  const details = h('pre', { class: 'cp-stack', hidden: true, tabindex: 0 });
  const detailsBtn = h('button', {
    type: 'button', class: 'btn btn-sm', 'aria-expanded': 'false',
    onclick: async () => {
      if (!details.hidden) {
        details.hidden = true;
        detailsBtn.setAttribute('aria-expanded', 'false');
        return;
      }
      details.textContent = t('cp.loading');
      details.hidden = false;
      detailsBtn.setAttribute('aria-expanded', 'true');
      try {
        const text = job ? await getText(`${REST}/job/${encodeURIComponent(i.configuration ?? '')}/stacktrace`)
          : await getText(`${REST}/external-task/${encodeURIComponent(i.configuration ?? '')}/errorDetails`);
        details.textContent = text || t('cp.inc.noDetails');
      } catch (e) {
        details.textContent = e instanceof Error ? e.message : String(e);
      }
    },
  }, job ? t('cp.inc.stacktrace') : t('cp.inc.details'));
  const retry = h('button', {
    type: 'button', class: 'btn btn-sm btn-primary', 'data-retry': i.id,
    onclick: async () => {
      retry.disabled = true;
      try {
        const path = job ? `${REST}/job/${encodeURIComponent(i.configuration ?? '')}/retries` : `${REST}/external-task/${encodeURIComponent(i.configuration ?? '')}/retries`;
        await put(path, { retries: 1 });
        say(t('cp.inc.retried'));
        changed();
      } catch (e) {
        say(e instanceof Error ? e.message : String(e), 'error');
        retry.disabled = false;
      }
    },
  }, t('cp.inc.retry'));
  return h('li', { class: 'cp-incident', 'data-incident': i.id },
    h('div', { class: 'cp-incident-head' },
      h('span', { class: 'badge badge-danger' }, t(`cp.inc.type.${i.incidentType}`) === `cp.inc.type.${i.incidentType}` ? i.incidentType : t(`cp.inc.type.${i.incidentType}`)),
      ' ', i.activityId ? h('button', { type: 'button', class: 'btn-link', onclick: () => show(i.activityId!) }, i.activityId) : null,
      ' ', h('span', { class: 'muted small' }, fmtDateTime(i.incidentTimestamp))),
    h('p', { class: 'cp-incident-msg' }, i.incidentMessage ?? ''),
    h('div', { class: 'cp-row-actions' }, (job || ext) ? [detailsBtn, retry] : null),
    details);
}

export async function renderTasks(box: HTMLElement, instanceId: string): Promise<void> {
  const reload = () => void renderTasks(box, instanceId);
  try {
    const list = await get<TaskRow[]>(`${REST}/task`, { processInstanceId: instanceId });
    clear(box, list.length ? table<TaskRow>(t('cp.tab.tasks'), [
      { key: 'name', label: t('cp.task.name'), cell: (r) => r.name || r.taskDefinitionKey },
      { key: 'assignee', label: t('cp.task.assignee'), cell: (r) => r.assignee ?? h('span', { class: 'muted' }, t('cp.task.unassigned')) },
      { key: 'created', label: t('cp.task.created'), cell: (r) => fmtDateTime(r.created) },
      { key: 'act', label: t('cp.actions'), cell: (r) => h('button', {
        type: 'button', class: 'btn btn-sm',
        onclick: () => {
          const id = uid('a');
          const input = h('input', { id, name: 'userId', value: r.assignee ?? '', autocomplete: 'off' });
          void dialog({
            title: t('cp.task.reassignTitle', { name: r.name || r.taskDefinitionKey }),
            body: h('div', { class: 'field' }, h('label', { for: id }, t('cp.task.newAssignee')), input, h('p', { class: 'hint' }, t('cp.task.emptyUnassigns'))),
            confirm: t('cp.save'),
            action: async () => {
              await post(`${REST}/task/${encodeURIComponent(r.id)}/assignee`, { userId: input.value.trim() || null });
              say(t('cp.task.reassigned'));
              reload();
            },
          });
        },
      }, t('cp.task.reassign')) },
    ], list) : empty(t('cp.task.none')));
  } catch (e) {
    clear(box, errorBox(e));
  }
}

export async function renderAudit(box: HTMLElement, instanceId: string): Promise<void> {
  try {
    const list = await get<OperationEntry[]>(`${REST}/history/user-operation`, { processInstanceId: instanceId, sortBy: 'timestamp', sortOrder: 'desc', maxResults: 100 });
    clear(box, list.length ? table<OperationEntry>(t('cp.tab.audit'), [
      { key: 'when', label: t('cp.audit.when'), cell: (r) => fmtDateTime(r.timestamp) },
      { key: 'who', label: t('cp.audit.who'), cell: (r) => r.userId ?? '' },
      { key: 'op', label: t('cp.audit.operation'), cell: (r) => `${r.operationType} · ${r.entityType}` },
      { key: 'prop', label: t('cp.audit.property'), cell: (r) => r.property ?? '' },
      { key: 'change', label: t('cp.audit.change'), cell: (r) => r.property ? `${r.orgValue ?? '∅'} → ${r.newValue ?? '∅'}` : '' },
    ], list) : empty(t('cp.audit.none')));
  } catch (e) {
    clear(box, errorBox(e));
  }
}

interface JobRow {
  id: string;
  retries: number;
  dueDate: string | null;
  exceptionMessage: string | null;
  suspended: boolean;
  jobDefinitionId?: string | null;
  activityId?: string | null;
  failedActivityId?: string | null;
}

interface ExternalTaskRow {
  id: string;
  activityId: string;
  topicName: string;
  workerId: string | null;
  retries: number | null;
  errorMessage: string | null;
  lockExpirationTime: string | null;
}

interface CalledInstance {
  id: string;
  definitionId: string;
  businessKey: string | null;
}

/** The instance's jobs, external tasks and the instances its call activities started. */
export async function renderWork(box: HTMLElement, instanceId: string, link: (href: string, text: string) => HTMLElement): Promise<void> {
  try {
    const [jobs, tasks, called] = await Promise.all([
      get<JobRow[]>(`${REST}/job`, { processInstanceId: instanceId }),
      get<ExternalTaskRow[]>(`${REST}/external-task`, { processInstanceId: instanceId }),
      get<CalledInstance[]>(`${REST}/process-instance`, { superProcessInstance: instanceId }),
    ]);
    clear(box,
      h('h3', { class: 'cp-sub' }, t('cp.work.jobs')),
      jobs.length ? table<JobRow>(t('cp.work.jobs'), [
        { key: 'id', label: t('cp.work.id'), cell: (r) => h('code', null, r.id.slice(0, 13) + '…') },
        { key: 'act', label: t('cp.mod.activity'), cell: (r) => r.failedActivityId ?? r.activityId ?? '' },
        { key: 'due', label: t('cp.work.due'), cell: (r) => fmtDateTime(r.dueDate) },
        { key: 'retries', label: t('cp.work.retries'), cell: (r) => String(r.retries), cls: 'num' },
        { key: 'error', label: t('cp.work.error'), cell: (r) => r.exceptionMessage ?? '' },
      ], jobs) : empty(t('cp.work.noJobs')),
      h('h3', { class: 'cp-sub' }, t('cp.work.external')),
      tasks.length ? table<ExternalTaskRow>(t('cp.work.external'), [
        { key: 'topic', label: t('cp.work.topic'), cell: (r) => h('code', null, r.topicName) },
        { key: 'act', label: t('cp.mod.activity'), cell: (r) => r.activityId },
        { key: 'worker', label: t('cp.work.worker'), cell: (r) => r.workerId ?? '' },
        { key: 'lock', label: t('cp.work.locked'), cell: (r) => fmtDateTime(r.lockExpirationTime) },
        { key: 'retries', label: t('cp.work.retries'), cell: (r) => r.retries === null ? '' : String(r.retries), cls: 'num' },
        { key: 'error', label: t('cp.work.error'), cell: (r) => r.errorMessage ?? '' },
      ], tasks) : empty(t('cp.work.noExternal')),
      h('h3', { class: 'cp-sub' }, t('cp.work.called')),
      called.length ? h('ul', { class: 'cp-plain-list' }, called.map((c) => h('li', null,
        link(`/cockpit/process-instance/${encodeURIComponent(c.id)}`, `${c.definitionId.split(':')[0]} · ${c.businessKey ?? c.id}`)))) : empty(t('cp.work.noCalled')));
  } catch (e) {
    clear(box, errorBox(e));
  }
}
