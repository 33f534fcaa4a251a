// A process instance: the diagram with where its tokens are (and incidents), the activity-
// instance tree, variables, incidents, user tasks and the audit trail in tabs; suspend,
// activate, cancel with a reason, and modification from the diagram. A finished instance
// shows its history read-only.
import { ApiError, del, get, put } from '../shared/api';
import { clear, h } from '../shared/dom';
import { fmtDateTime, t } from '../shared/i18n';
import type { CockpitDiagram } from './bpmn';
import { watch } from './live';
import { modificationPanel, type ModificationPanel } from './modification';
import { REST, tokenActivities, type ActivityInstance, type HistoricInstance, type Incident, type ProcessInstance } from './model';
import { renderAudit, renderIncidents, renderTasks, renderWork } from './repair';
import { dialog, errorBox, link, loading, say } from './ui';
import { renderVariables } from './variables';

const TABS = ['tree', 'variables', 'incidents', 'tasks', 'work', 'audit'] as const;
type Tab = (typeof TABS)[number];

export async function instanceScreen(root: HTMLElement, id: string, query: URLSearchParams): Promise<() => void> {
  const head = h('div', { class: 'cp-head' });
  const canvas = h('div', { class: 'cp-canvas', role: 'region', 'aria-label': t('cp.diagram') });
  const modBox = h('div');
  const tabList = h('div', { class: 'cp-tablist', role: 'tablist', 'aria-label': t('cp.inst.details') });
  const tabPanel = h('div', { class: 'panel cp-tabpanel', role: 'tabpanel', tabindex: 0 });
  root.append(head, h('section', { class: 'panel cp-diagram-panel' }, canvas), modBox, tabList, tabPanel);
  clear(head, loading());

  let hist: HistoricInstance;
  try {
    hist = await get<HistoricInstance>(`${REST}/history/process-instance/${encodeURIComponent(id)}`);
  } catch (e) {
    clear(head, errorBox(e));
    return () => undefined;
  }
  let running: ProcessInstance | null = null;
  let tab: Tab = (TABS as readonly string[]).includes(query.get('tab') ?? '') ? (query.get('tab') as Tab) : 'tree';
  let diagram: CockpitDiagram | null = null;
  let mod: ModificationPanel | null = null;
  let tree: ActivityInstance | null = null;

  const loadRunning = async () => {
    try {
      running = await get<ProcessInstance>(`${REST}/process-instance/${encodeURIComponent(id)}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) running = null;
      else throw e;
    }
    if (!running) hist = await get<HistoricInstance>(`${REST}/history/process-instance/${encodeURIComponent(id)}`);
  };

  const renderHead = () => {
    const defHref = `/cockpit/process-definition/${encodeURIComponent(hist.processDefinitionId)}`;
    clear(head,
      h('p', { class: 'cp-crumbs' }, link('/cockpit/', t('cp.section.dashboard')), ' › ',
        link(defHref, hist.processDefinitionName || hist.processDefinitionKey), ' › '),
      h('h1', { class: 'cp-title' }, t('cp.inst.title'), ' ', h('code', { class: 'cp-id' }, id)),
      h('div', { class: 'cp-meta' },
        hist.businessKey ? h('span', null, t('cp.col.businessKey'), ': ', h('strong', null, hist.businessKey)) : null,
        h('span', null, t('cp.col.started'), ': ', fmtDateTime(hist.startTime)),
        hist.endTime ? h('span', null, t('cp.col.ended'), ': ', fmtDateTime(hist.endTime)) : null,
        h('span', { class: 'badge ' + (running ? (running.suspended ? 'badge-warn' : 'badge-ok') : ''), 'data-state': running ? (running.suspended ? 'suspended' : 'active') : hist.state },
          running ? (running.suspended ? t('cp.suspended') : t('cp.active')) : t(`cp.state.${hist.state}`)),
        hist.deleteReason ? h('span', { class: 'muted' }, t('cp.inst.reason'), ': ', hist.deleteReason) : null,
        hist.superProcessInstanceId ? link(`/cockpit/process-instance/${encodeURIComponent(hist.superProcessInstanceId)}`, t('cp.inst.parent')) : null),
      running ? h('div', { class: 'cp-actions' },
        h('button', { type: 'button', class: 'btn btn-sm', 'data-action': running.suspended ? 'activate' : 'suspend', onclick: () => void suspend(!running!.suspended) },
          running.suspended ? t('cp.inst.activate') : t('cp.inst.suspend')),
        h('button', { type: 'button', class: 'btn btn-sm btn-danger', 'data-action': 'cancel', onclick: () => cancel() }, t('cp.inst.cancel'))) : null);
  };

  const suspend = async (yes: boolean) => {
    try {
      await put(`${REST}/process-instance/${encodeURIComponent(id)}/suspended`, { suspended: yes });
      say(yes ? t('cp.inst.suspendedOk') : t('cp.inst.activatedOk'));
      await refresh();
    } catch (e) {
      say(e instanceof Error ? e.message : String(e), 'error');
    }
  };

  const cancel = () => {
    const reason = h('textarea', { id: 'cp-cancel-reason', name: 'reason', rows: 3, 'aria-required': 'true' });
    void dialog({
      title: t('cp.inst.cancelTitle'),
      body: h('div', null, h('p', null, t('cp.inst.cancelText', { id })),
        h('div', { class: 'field' }, h('label', { for: 'cp-cancel-reason' }, t('cp.inst.reason')), reason)),
      confirm: t('cp.inst.cancelConfirm'),
      danger: true,
      action: async () => {
        if (!reason.value.trim()) throw new Error(t('cp.inst.reasonRequired'));
        await del(`${REST}/process-instance/${encodeURIComponent(id)}?deleteReason=${encodeURIComponent(reason.value.trim())}`);
        say(t('cp.inst.canceledOk'));
        await refresh();
      },
    });
  };

  const renderTabs = () => {
    clear(tabList, TABS.filter((k) => running || k === 'audit' || k === 'tree').map((k) => h('button', {
      type: 'button', role: 'tab', id: `cp-tab-${k}`, class: 'cp-tab', 'aria-selected': String(k === tab), tabindex: k === tab ? 0 : -1,
      onclick: () => { tab = k; renderTabs(); void renderTab(); },
      onkeydown: (e: KeyboardEvent) => {
        if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
        const buttons = [...tabList.querySelectorAll<HTMLButtonElement>('[role=tab]')];
        const n = buttons.indexOf(e.target as HTMLButtonElement);
        const next = buttons[(n + (e.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length];
        next.click();
        next.focus();
      },
    }, t(`cp.tab.${k}`))));
    tabPanel.setAttribute('aria-labelledby', `cp-tab-${tab}`);
  };

  const show = (activityId: string) => {
    diagram?.unmark('cp-selected');
    diagram?.mark([activityId], 'cp-selected');
    canvas.scrollIntoView({ block: 'nearest' });
  };

  const renderTab = async () => {
    if (!running && tab !== 'audit') tab = tab === 'tree' ? 'tree' : 'audit';
    clear(tabPanel, loading());
    switch (tab) {
      case 'tree':
        if (!running) { clear(tabPanel, historyTree()); return; }
        clear(tabPanel, tree ? treeView(tree) : '');
        return;
      case 'variables': return renderVariables(tabPanel, id, !running);
      case 'incidents': await renderIncidents(tabPanel, id, () => void refresh(), show); return;
      case 'tasks': return renderTasks(tabPanel, id);
      case 'work': return renderWork(tabPanel, id, link);
      case 'audit': return renderAudit(tabPanel, id);
    }
  };

  let doneActivities: string[] = [];
  const historyTree = () => h('p', { class: 'muted' }, t('cp.inst.finishedTree', { count: doneActivities.length }));

  const renderDiagram = async () => {
    if (!diagram) return;
    diagram.unmark('cp-token');
    diagram.unmark('cp-done');
    if (running) {
      tree = await get<ActivityInstance>(`${REST}/process-instance/${encodeURIComponent(id)}/activity-instances`);
      const tokens = tokenActivities(tree);
      const incidents = await get<Incident[]>(`${REST}/incident`, { processInstanceId: id });
      const count = (ids: string[]) => ids.reduce((m, a) => m.set(a, (m.get(a) ?? 0) + 1), new Map<string, number>());
      diagram.mark([...new Set(tokens)], 'cp-token');
      diagram.badges([
        ...[...count(tokens)].map(([a, n]) => ({ activityId: a, count: n, kind: 'running' as const, label: t('cp.badge.tokens', { count: n }) })),
        ...[...count(incidents.map((i) => i.activityId ?? ''))].map(([a, n]) => ({ activityId: a, count: n, kind: 'incident' as const, label: t('cp.badge.incidents', { count: n }) })),
      ]);
    } else {
      tree = null;
      const acts = await get<{ activityId: string }[]>(`${REST}/history/activity-instance`, { processInstanceId: id, maxResults: 1000 });
      doneActivities = acts.map((a) => a.activityId);
      diagram.mark([...new Set(doneActivities)], 'cp-done');
      diagram.badges([]);
    }
  };

  const refresh = async () => {
    try {
      await loadRunning();
    } catch (e) {
      say(e instanceof Error ? e.message : String(e), 'error');
      return;
    }
    renderHead();
    if (!running) clear(modBox);
    await renderDiagram().catch((e) => say(e instanceof Error ? e.message : String(e), 'error'));
    renderTabs();
    await renderTab();
  };

  await loadRunning().catch(() => undefined);
  renderHead();
  renderTabs();
  try {
    const { bpmn20Xml } = await get<{ bpmn20Xml: string }>(`${REST}/process-definition/${encodeURIComponent(hist.processDefinitionId)}/xml`);
    const { openDiagram } = await import('./bpmn');
    diagram = await openDiagram(canvas, bpmn20Xml);
    diagram.onClick((activityId) => {
      show(activityId);
      mod?.select(activityId);
    });
    if (running) {
      mod = modificationPanel(id, diagram.names(), () => void refresh());
      clear(modBox, mod.element);
    }
  } catch (e) {
    clear(canvas, errorBox(e));
  }
  await refresh();
  const stop = watch(() => void refresh());
  return () => {
    stop();
    diagram?.destroy();
  };
}

function treeView(root: ActivityInstance): HTMLElement {
  const node = (n: ActivityInstance): HTMLElement => h('li', { 'data-activity': n.activityId },
    h('span', null, n.activityName || n.activityId), ' ', h('span', { class: 'muted small' }, n.activityType ?? ''),
    n.incidentIds.length ? h('span', { class: 'badge badge-danger' }, t('cp.badge.incidents', { count: n.incidentIds.length })) : null,
    n.childActivityInstances.length || n.childTransitionInstances.length
      ? h('ul', null, n.childActivityInstances.map(node),
          n.childTransitionInstances.map((tr) => h('li', { 'data-activity': tr.activityId }, tr.activityName || tr.activityId, ' ', h('span', { class: 'muted small' }, t('cp.inst.transition')))))
      : null);
  return h('ul', { class: 'cp-tree', 'aria-label': t('cp.tab.tree') }, node(root));
}
