// The whole story of a task's case (loaded with this module only when the tab opens): the
// diagram with the current activity and the path taken, the steps done (who, when), the
// steps still ahead, and every change of the case's data (old -> new value, who, when).
import { get, isMissing } from '../shared/api';
import { showDiagram } from '../shared/diagram';
import { clear, h } from '../shared/dom';
import { fmtDateTime, t } from '../shared/i18n';
import type { Task } from './model';

interface ActivityInstance {
  activityId: string;
  activityName: string | null;
  activityType: string;
  assignee: string | null;
  startTime: string;
  endTime: string | null;
  canceled?: boolean;
}
interface HistoricTask { taskDefinitionKey: string; assignee: string | null; endTime: string | null; name: string | null }
interface Detail {
  variableName: string;
  value: unknown;
  time: string;
  userId?: string | null;
  type: string;
  variableType?: string;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export async function renderHistory(panel: HTMLElement, task: Task): Promise<void> {
  const pi = encodeURIComponent(task.processInstanceId);
  const diagramHost = h('div', { class: 'diagram', role: 'img', 'aria-label': t('history.diagramLabel') },
    h('p', { class: 'muted' }, h('span', { class: 'spinner' }), ' ', t('common.loading')));
  const legend = h('p', { class: 'legend small muted' },
    h('span', { class: 'key key-current' }), t('history.legendCurrent'),
    h('span', { class: 'key key-done' }), t('history.legendDone'),
    h('span', { class: 'key key-taken' }), t('history.legendTaken'));
  const done = h('section', { class: 'history-block' }, h('h3', null, t('history.done')));
  const ahead = h('section', { class: 'history-block' }, h('h3', null, t('history.ahead')));
  const changes = h('section', { class: 'history-block' }, h('h3', null, t('history.changes')));
  clear(panel, diagramHost, legend, h('div', { class: 'history-grid' }, done, ahead), changes);

  const [activities, tasks, flows, xml, details] = await Promise.all([
    get<ActivityInstance[]>('/engine-rest/history/activity-instance', { processInstanceId: task.processInstanceId, sortBy: 'startTime', sortOrder: 'asc' }).catch(() => []),
    get<HistoricTask[]>('/engine-rest/history/task', { processInstanceId: task.processInstanceId }).catch(() => []),
    get<{ sequenceFlowId: string; time: string }[]>(`/api/history/process-instance/${pi}/sequence-flows`).catch(() => null),
    get<{ bpmn20Xml: string }>(`/engine-rest/process-definition/${encodeURIComponent(task.processDefinitionId)}/xml`).catch(() => null),
    get<Detail[]>('/engine-rest/history/detail', { processInstanceId: task.processInstanceId, variableUpdates: true, sortBy: 'time', sortOrder: 'asc' }).catch((e) => (isMissing(e) ? null : [])),
  ]);
  const finished = activities.filter((a) => a.endTime && !a.canceled);
  const current = [...new Set(activities.filter((a) => !a.endTime).map((a) => a.activityId).concat(task.taskDefinitionKey))];
  const completed = [...new Set(finished.map((a) => a.activityId))].filter((id) => !current.includes(id));

  // Steps done: every finished activity worth naming (not the gateways), who did user tasks.
  const who = new Map<string, string>();
  for (const ht of tasks) if (ht.endTime && ht.assignee) who.set(`${ht.taskDefinitionKey}@${ht.endTime}`, ht.assignee);
  const steps = finished.filter((a) => !a.activityType.toLowerCase().includes('gateway'));
  done.append(steps.length
    ? h('ol', { class: 'timeline' }, steps.map((a) => h('li', null,
        h('span', { class: 'step-name' }, a.activityName || a.activityId),
        h('span', { class: 'muted small' }, fmtDateTime(a.endTime),
          (a.assignee ?? who.get(`${a.activityId}@${a.endTime}`)) ? ' · ' + t('history.by', { user: a.assignee ?? who.get(`${a.activityId}@${a.endTime}`)! }) : ''))))
    : h('p', { class: 'muted' }, t('history.noneDone')));

  // Variable changes: each update paired with the previous value of the same variable.
  if (details === null) changes.append(h('p', { class: 'muted' }, t('error.notAvailable')));
  else {
    const last = new Map<string, unknown>();
    const rows = details.filter((d) => d.type === 'variableUpdate' || d.variableName).map((d) => {
      const had = last.has(d.variableName);
      const old = last.get(d.variableName);
      last.set(d.variableName, d.value);
      return h('tr', null,
        h('th', { scope: 'row' }, d.variableName),
        h('td', null, had ? show(old) : h('span', { class: 'muted' }, t('history.new'))),
        h('td', null, show(d.value)),
        h('td', null, d.userId ?? '—'),
        h('td', null, fmtDateTime(d.time)));
    });
    changes.append(rows.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
          h('thead', null, h('tr', null, ['history.variable', 'history.old', 'history.newValue', 'history.who', 'history.when'].map((k) => h('th', { scope: 'col' }, t(k))))),
          h('tbody', null, rows)))
      : h('p', { class: 'muted' }, t('history.noChanges')));
  }

  if (!xml) {
    clear(diagramHost, h('p', { class: 'muted' }, t('history.noDiagram')));
    ahead.append(h('p', { class: 'muted' }, t('history.noDiagram')));
    return;
  }
  try {
    clear(diagramHost);
    const diagram = await showDiagram(diagramHost, xml.bpmn20Xml, {
      current, completed, flows: (flows ?? []).map((f) => f.sequenceFlowId), inferFlows: flows === null,
    });
    const next = diagram.ahead(current, completed);
    ahead.append(next.length
      ? h('ol', { class: 'timeline ahead' }, next.map((n) => h('li', null, h('span', { class: 'step-name' }, n.name || n.id), h('span', { class: 'muted small' }, t(`bpmn.${n.type}`)))))
      : h('p', { class: 'muted' }, t('history.noneAhead')));
  } catch (e) {
    clear(diagramHost, h('div', { class: 'alert alert-error' }, t('error.generic', { message: (e as Error).message })));
  }
}
