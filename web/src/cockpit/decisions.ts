// Decisions: the deployed decision definitions; one decision shows its table with the dmn-js
// viewer (loaded on first use) and its evaluations with their inputs and outputs.
import { get } from '../shared/api';
import { clear, h } from '../shared/dom';
import { fmtDateTime, t } from '../shared/i18n';
import { REST, type DecisionDefinition } from './model';
import { empty, errorBox, link, loading, table } from './ui';

interface DecisionValue {
  clauseId?: string;
  clauseName?: string | null;
  variableName?: string | null;
  type: string;
  value: unknown;
  ruleId?: string | null;
}

interface DecisionInstance {
  id: string;
  evaluationTime: string;
  processInstanceId: string | null;
  activityId: string | null;
  inputs?: DecisionValue[];
  outputs?: DecisionValue[];
}

export async function decisionsScreen(root: HTMLElement): Promise<void> {
  const box = h('section', { class: 'panel' });
  root.append(h('h1', { class: 'cp-title' }, t('cp.dec.title')), box);
  clear(box, loading());
  try {
    const list = await get<DecisionDefinition[]>(`${REST}/decision-definition`, { sortBy: 'key', sortOrder: 'asc' });
    clear(box, list.length ? table<DecisionDefinition>(t('cp.dec.title'), [
      { key: 'name', label: t('cp.dec.name'), cell: (d) => link(`/cockpit/decision-definition/${encodeURIComponent(d.id)}`, d.name || d.key) },
      { key: 'key', label: t('cp.col.key'), cell: (d) => h('code', null, d.key) },
      { key: 'version', label: t('cp.col.version'), cell: (d) => String(d.version), cls: 'num' },
    ], list.sort((a, b) => a.key.localeCompare(b.key) || b.version - a.version)) : empty(t('cp.dashboard.noDecisions')));
  } catch (e) {
    clear(box, errorBox(e));
  }
}

const show = (v: DecisionValue) => (typeof v.value === 'object' && v.value !== null ? JSON.stringify(v.value) : String(v.value));

export async function decisionScreen(root: HTMLElement, id: string): Promise<() => void> {
  const head = h('div', { class: 'cp-head' });
  const canvas = h('div', { class: 'cp-dmn', 'aria-label': t('cp.dec.table') });
  const evals = h('section', { class: 'panel', 'aria-labelledby': 'cp-evals' });
  root.append(head, h('section', { class: 'panel' }, canvas), evals);
  let viewer: { destroy(): void } | null = null;
  try {
    const d = await get<DecisionDefinition>(`${REST}/decision-definition/${encodeURIComponent(id)}`);
    clear(head, h('p', { class: 'cp-crumbs' }, link('/cockpit/decisions', t('cp.section.decisions')), ' › '),
      h('h1', { class: 'cp-title' }, d.name || d.key), h('p', { class: 'cp-meta' }, h('code', null, d.key), ' · ', t('cp.versionN', { version: d.version })));
  } catch (e) {
    clear(head, errorBox(e));
    return () => undefined;
  }
  clear(canvas, loading());
  try {
    const { dmnXml } = await get<{ dmnXml: string }>(`${REST}/decision-definition/${encodeURIComponent(id)}/xml`);
    const [{ default: DmnViewer }] = await Promise.all([
      import('dmn-js/lib/Viewer'),
      import('dmn-js/dist/assets/dmn-js-shared.css'),
      import('dmn-js/dist/assets/dmn-js-decision-table.css'),
      import('dmn-js/dist/assets/dmn-js-drd.css'),
      import('dmn-js/dist/assets/dmn-font/css/dmn.css'),
    ]);
    clear(canvas);
    const v = new DmnViewer({ container: canvas });
    viewer = v;
    await v.importXML(dmnXml);
    const table = v.getViews().find((x: { type: string }) => x.type === 'decisionTable');
    if (table) await v.open(table);
  } catch (e) {
    clear(canvas, errorBox(e));
  }
  try {
    const list = await get<DecisionInstance[]>(`${REST}/history/decision-instance`, {
      decisionDefinitionId: id, includeInputs: true, includeOutputs: true, sortBy: 'evaluationTime', sortOrder: 'desc', maxResults: 50,
    });
    // The rules an evaluation matched, highlighted in the table (dmn-js marks cells with
    // data-row-id); the newest evaluation's at first, another one's on its button.
    let shown: DecisionInstance | null = null;
    const highlight = (r: DecisionInstance) => {
      shown = r;
      const rules = new Set((r.outputs ?? []).map((o) => o.ruleId).filter(Boolean) as string[]);
      for (const cell of canvas.querySelectorAll<HTMLElement>('[data-row-id]')) {
        cell.classList.toggle('cp-matched', rules.has(cell.dataset.rowId ?? ''));
      }
      for (const b of evals.querySelectorAll<HTMLButtonElement>('[data-show-rules]')) {
        b.setAttribute('aria-pressed', String(b.dataset.showRules === r.id));
      }
    };
    clear(evals, h('h2', { id: 'cp-evals' }, t('cp.dec.instances')), list.length ? table<DecisionInstance>(t('cp.dec.instances'), [
      { key: 'when', label: t('cp.dec.evaluated'), cell: (r) => fmtDateTime(r.evaluationTime) },
      { key: 'inst', label: t('cp.col.instance'), cell: (r) => r.processInstanceId ? link(`/cockpit/process-instance/${encodeURIComponent(r.processInstanceId)}`, r.processInstanceId.slice(0, 13) + '…') : '' },
      { key: 'in', label: t('cp.dec.inputs'), cell: (r) => h('ul', { class: 'cp-kv' }, (r.inputs ?? []).map((v) => h('li', null, h('span', { class: 'muted' }, v.clauseName || v.clauseId || ''), ': ', show(v)))) },
      { key: 'out', label: t('cp.dec.outputs'), cell: (r) => h('ul', { class: 'cp-kv' }, (r.outputs ?? []).map((v) => h('li', null, h('span', { class: 'muted' }, v.variableName || v.clauseName || ''), ': ', show(v), v.ruleId ? h('span', { class: 'muted small' }, ` (${t('cp.dec.rule')} ${v.ruleId})`) : null))) },
      { key: 'rules', label: t('cp.dec.matched'), cell: (r) => h('button', { type: 'button', class: 'btn btn-sm', 'data-show-rules': r.id, 'aria-pressed': 'false', onclick: () => highlight(r) }, t('cp.dec.showRules')) },
    ], list) : empty(t('cp.dec.noInstances')));
    if (list.length && !shown) highlight(list[0]);
  } catch (e) {
    clear(evals, errorBox(e));
  }
  return () => viewer?.destroy();
}
