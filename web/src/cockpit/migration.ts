// Process instance migration: pick a process and its source and target versions, get the
// proposed mapping (/migration/generate), change it per activity (checked by /migration/
// validate as it changes), check which instances could not move and why (dpc's
// /api/migration/instance-reports), then run it as a batch (/migration/executeAsync) and watch
// its progress to the end. The instances are all running ones of the source version, or those
// ticked in the definition's list (bulk.ts). The view lives in the URL (?source=&target=).
import { get, post } from '../shared/api';
import { clear, h, uid } from '../shared/dom';
import { t } from '../shared/i18n';
import { batchProgress, followBatch, type Batch } from './batches';
import { MIGRATION_SELECTION } from './bulk';
import { REST, type Definition } from './model';
import { dialog, empty, errorBox, errorText, link, loading, say } from './ui';

interface Activity {
  id: string;
  label: string; // "Subprocess › Review"
  kind: string; // the BPMN element name (userTask)
}

interface Instruction {
  sourceActivityIds: string[];
  targetActivityIds: string[];
  updateEventTrigger?: boolean;
}

interface Plan {
  sourceProcessDefinitionId: string;
  targetProcessDefinitionId: string;
  instructions: Instruction[];
}

/** "Check documents: <failure>" → how many of the reports say it. */
function reasons(reports: InstanceReport[], name: Map<string, string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of reports) {
    const whys = new Set([...r.failures, ...r.activityInstanceValidationReports.flatMap((ar) =>
      ar.failures.map((f) => `${name.get(ar.sourceScopeId) ?? ar.sourceScopeId}: ${f}`))]);
    for (const why of whys) out.set(why, (out.get(why) ?? 0) + 1);
  }
  return out;
}

interface InstanceReport {
  processInstanceId: string;
  failures: string[];
  activityInstanceValidationReports: { activityInstanceId: string; sourceScopeId: string; failures: string[] }[];
}

const KINDS = new Set(['task', 'userTask', 'serviceTask', 'sendTask', 'receiveTask', 'scriptTask', 'businessRuleTask', 'manualTask',
  'callActivity', 'subProcess', 'transaction', 'intermediateCatchEvent', 'boundaryEvent']);

/** The activities of a BPMN model that migration can map, in document order, with their scopes. */
export function activitiesOf(xml: string): Activity[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const out: Activity[] = [];
  const walk = (el: Element, path: string[]) => {
    for (const c of Array.from(el.children)) {
      if (c.localName === 'process') {
        walk(c, []);
        continue;
      }
      if (!KINDS.has(c.localName)) continue;
      const id = c.getAttribute('id') ?? '';
      const name = c.getAttribute('name') || id;
      out.push({ id, label: [...path, name].join(' › '), kind: c.localName });
      if (c.localName === 'subProcess' || c.localName === 'transaction') walk(c, [...path, name]);
    }
  };
  walk(doc.documentElement, []);
  return out;
}

/** The instances chosen in the definition's list (bulk.ts): ids, or the filter's query. */
interface Selection {
  source: string;
  ids?: string[];
  query?: Record<string, unknown>;
}

function storedSelection(source: string): Selection | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(MIGRATION_SELECTION) ?? 'null') as Selection | null;
    return s && s.source === source && (Array.isArray(s.ids) || (s.query && typeof s.query === 'object')) ? s : null;
  } catch {
    return null;
  }
}

export async function migrationScreen(root: HTMLElement, _param: string, query: URLSearchParams): Promise<() => void> {
  const pick = h('section', { class: 'panel cp-pad', 'aria-labelledby': 'cp-mig-pick' });
  const mapping = h('section', { class: 'panel cp-pad', 'aria-labelledby': 'cp-mig-map' });
  const check = h('section', { class: 'panel cp-pad', 'aria-labelledby': 'cp-mig-check' });
  const runBox = h('section', { class: 'panel cp-pad', 'aria-labelledby': 'cp-mig-run' });
  root.append(h('h1', { class: 'cp-title' }, t('cp.mig.title')), h('p', { class: 'muted' }, t('cp.mig.intro')), pick, mapping, check, runBox);
  clear(pick, loading());

  let stopFollow: (() => void) | undefined;
  let latest: Definition[];
  try {
    latest = await get<Definition[]>(`${REST}/process-definition`, { latestVersion: true, sortBy: 'name', sortOrder: 'asc' });
  } catch (e) {
    clear(pick, errorBox(e));
    return () => undefined;
  }
  let sourceId = query.get('source') ?? '';
  let targetId = query.get('target') ?? '';
  let key = '';
  if (sourceId) {
    try {
      key = (await get<Definition>(`${REST}/process-definition/${encodeURIComponent(sourceId)}`)).key;
    } catch (e) {
      clear(pick, errorBox(e));
      return () => undefined;
    }
  } else if (latest.length) key = latest[0].key;
  let selection = query.get('selection') === '1' && sourceId ? storedSelection(sourceId) : null;
  let versions: Definition[] = [];
  let sources: Activity[] = [];
  let targets: Activity[] = [];
  let targetFor = new Map<string, string>(); // source activity → target activity ('' = not mapped)
  let failures = new Map<string, string[]>(); // source activity → what /validate says
  let planValid = false;
  let instanceCount = 0;

  const plan = (): Plan => ({
    sourceProcessDefinitionId: sourceId,
    targetProcessDefinitionId: targetId,
    instructions: sources.filter((a) => targetFor.get(a.id)).map((a) => ({ sourceActivityIds: [a.id], targetActivityIds: [targetFor.get(a.id)!], updateEventTrigger: false })),
  });
  const which = () => selection?.ids ? { processInstanceIds: selection.ids }
    : { processInstanceQuery: selection?.query ?? { processDefinitionId: sourceId } };
  const versionOf = (id: string) => versions.find((v) => v.id === id)?.version ?? '?';
  const setUrl = () => history.replaceState(null, '', `/cockpit/migration?source=${encodeURIComponent(sourceId)}&target=${encodeURIComponent(targetId)}${selection ? '&selection=1' : ''}`);

  const loadVersions = async () => {
    versions = await get<Definition[]>(`${REST}/process-definition`, { key, sortBy: 'version', sortOrder: 'desc' });
    if (!versions.some((v) => v.id === sourceId)) sourceId = versions[1]?.id ?? versions[0]?.id ?? '';
    if (!versions.some((v) => v.id === targetId) || (targetId === sourceId && versions.length > 1)) {
      targetId = versions.find((v) => v.id !== sourceId)?.id ?? sourceId;
    }
  };

  const renderPick = () => {
    const ids = { p: uid('mig'), s: uid('mig'), t: uid('mig') };
    const versionSelect = (id: string, value: string, onchange: (v: string) => void, name: string) => h('select', {
      id, name, onchange: (e: Event) => onchange((e.target as HTMLSelectElement).value),
    }, versions.map((v) => h('option', { value: v.id, selected: v.id === value }, t('cp.versionN', { version: v.version }), v.versionTag ? ` (${v.versionTag})` : '')));
    clear(pick,
      h('h2', { id: 'cp-mig-pick' }, h('span', { class: 'cp-step' }, '1'), t('cp.mig.pick')),
      h('div', { class: 'cp-filter-grid' },
        h('div', { class: 'field' }, h('label', { for: ids.p }, t('cp.col.process')),
          h('select', {
            id: ids.p, name: 'process',
            onchange: (e: Event) => {
              key = (e.target as HTMLSelectElement).value;
              sourceId = targetId = '';
              selection = null;
              void start();
            },
          }, latest.map((d) => h('option', { value: d.key, selected: d.key === key }, d.name || d.key)))),
        h('div', { class: 'field' }, h('label', { for: ids.s }, t('cp.mig.source')),
          versionSelect(ids.s, sourceId, (v) => { sourceId = v; selection = null; void start(); }, 'source')),
        h('div', { class: 'field' }, h('label', { for: ids.t }, t('cp.mig.target')),
          versionSelect(ids.t, targetId, (v) => { targetId = v; void start(); }, 'target'))),
      h('p', { class: 'cp-mig-count', 'data-instances': String(instanceCount) },
        selection ? t('cp.mig.selected', { count: instanceCount, version: versionOf(sourceId) })
          : t('cp.mig.allRunning', { count: instanceCount, version: versionOf(sourceId) }), ' ',
        link(`/cockpit/process-definition/${encodeURIComponent(sourceId)}`, t('cp.mig.openSource'))),
      sourceId === targetId ? h('p', { class: 'alert alert-warn' }, t('cp.mig.sameVersion')) : null);
  };

  const renderMapping = () => {
    const options = (selected: string) => [
      h('option', { value: '', selected: !selected }, t('cp.mig.notMapped')),
      ...targets.map((a) => h('option', { value: a.id, selected: a.id === selected }, `${a.label} (${a.id})`)),
    ];
    const rows = sources.map((a) => {
      const selId = uid('mig-t');
      const fail = failures.get(a.id);
      const target = targetFor.get(a.id) ?? '';
      return h('li', { class: 'cp-mig-row' + (fail ? ' has-error' : ''), 'data-source': a.id },
        h('div', { class: 'cp-mig-source' },
          h('strong', null, a.label), ' ', h('code', { class: 'muted small' }, a.id),
          h('span', { class: 'muted small cp-kind' }, t(`cp.kind.${a.kind}`))),
        h('div', { class: 'cp-mig-arrow', 'aria-hidden': 'true' }, '→'),
        h('div', { class: 'field cp-mig-target' },
          h('label', { for: selId, class: 'visually-hidden' }, t('cp.mig.targetOf', { activity: a.label })),
          h('select', {
            id: selId, 'data-target-of': a.id, 'aria-invalid': fail ? 'true' : undefined,
            onchange: (e: Event) => {
              targetFor.set(a.id, (e.target as HTMLSelectElement).value);
              void validate();
            },
          }, options(target)),
          fail ? h('span', { class: 'field-error', 'data-failure': a.id }, fail.join(' ')) : null));
    });
    const mapped = sources.filter((a) => targetFor.get(a.id)).length;
    clear(mapping,
      h('h2', { id: 'cp-mig-map' }, h('span', { class: 'cp-step' }, '2'), t('cp.mig.mapping')),
      h('p', { class: 'muted' }, t('cp.mig.mappingHint')),
      sources.length ? h('ol', { class: 'cp-mig-rows' }, rows) : empty(t('cp.mig.noActivities')),
      h('p', { role: 'status', class: planValid ? 'cp-ok-text' : 'field-error', 'data-plan-valid': String(planValid) },
        planValid ? t('cp.mig.planValid', { mapped, total: sources.length }) : t('cp.mig.planInvalid', { count: failures.size })),
      h('div', { class: 'cp-row-actions' },
        h('button', { type: 'button', class: 'btn btn-sm', 'data-regenerate': '', onclick: () => void generate() }, t('cp.mig.propose'))));
  };

  const renderCheck = (body: Node | null = null) => {
    clear(check,
      h('h2', { id: 'cp-mig-check' }, h('span', { class: 'cp-step' }, '3'), t('cp.mig.check')),
      h('p', { class: 'muted' }, t('cp.mig.checkHint')),
      h('button', { type: 'button', class: 'btn btn-sm', 'data-check-instances': '', disabled: !planValid || !instanceCount, onclick: () => void checkInstances() }, t('cp.mig.checkRun')),
      body);
  };

  const renderRun = (body: Node | null = null) => {
    clear(runBox,
      h('h2', { id: 'cp-mig-run' }, h('span', { class: 'cp-step' }, '4'), t('cp.mig.run')),
      h('button', {
        type: 'button', class: 'btn btn-primary cp-wrap', 'data-run-migration': '', disabled: !planValid || !instanceCount || sourceId === targetId,
        onclick: () => run(),
      }, t('cp.mig.runButton', { count: instanceCount, from: versionOf(sourceId), to: versionOf(targetId) })),
      body);
  };

  const validate = async () => {
    try {
      const report = await post<{ instructionReports: { instruction: Instruction; failures: string[] }[] }>(`${REST}/migration/validate`, plan());
      failures = new Map(report.instructionReports.map((r) => [r.instruction.sourceActivityIds[0], r.failures]));
      planValid = report.instructionReports.length === 0;
    } catch (e) {
      failures = new Map();
      planValid = false;
      say(errorText(e), 'error');
    }
    renderMapping();
    renderCheck();
    renderRun();
  };

  const generate = async () => {
    clear(mapping, loading());
    try {
      const proposed = await post<Plan>(`${REST}/migration/generate`, { sourceProcessDefinitionId: sourceId, targetProcessDefinitionId: targetId });
      targetFor = new Map(proposed.instructions.map((i) => [i.sourceActivityIds[0], i.targetActivityIds[0]]));
    } catch (e) {
      clear(mapping, errorBox(e));
      return;
    }
    await validate();
  };

  const checkInstances = async () => {
    renderCheck(loading());
    try {
      const a = await post<{ total: number; checked: number; invalid: number; reports: InstanceReport[] }>('/api/migration/instance-reports', { migrationPlan: plan(), ...which() });
      const name = new Map(sources.map((s) => [s.id, s.label]));
      renderCheck(h('div', { class: 'cp-mig-result', 'data-invalid': String(a.invalid) },
        a.checked < a.total ? h('p', { class: 'alert alert-warn' }, t('cp.mig.checkedPart', { checked: a.checked, total: a.total })) : null,
        a.invalid === 0
          ? h('p', { class: 'alert alert-ok' }, t('cp.mig.allValid', { count: a.checked }))
          : h('div', null,
            h('p', { class: 'alert alert-error' }, t('cp.mig.someInvalid', { invalid: a.invalid, checked: a.checked })),
            // Why, grouped (activity and failure, over the instances named), then the instances.
            h('ul', { class: 'cp-mig-summary' }, [...reasons(a.reports, name)].map(([why, n]) => h('li', null, why, ' ',
              h('span', { class: 'badge badge-danger' }, t('cp.mig.instancesN', { count: n }))))),
            h('details', { class: 'cp-mig-details' }, h('summary', null, t('cp.mig.showInstances', { count: a.reports.length })),
            h('ul', { class: 'cp-mig-reports' }, a.reports.map((r) => h('li', { 'data-report': r.processInstanceId },
              link(`/cockpit/process-instance/${encodeURIComponent(r.processInstanceId)}`, r.processInstanceId),
              r.failures.length ? h('p', { class: 'cp-value' }, r.failures.join(' ')) : null,
              h('ul', null, r.activityInstanceValidationReports.map((ar) => h('li', null,
                h('strong', null, name.get(ar.sourceScopeId) ?? ar.sourceScopeId), ': ', ar.failures.join(' ')))))))),
            a.invalid > a.reports.length ? h('p', { class: 'muted' }, t('cp.mig.moreInvalid', { count: a.invalid - a.reports.length })) : null)));
    } catch (e) {
      renderCheck(errorBox(e));
    }
  };

  const run = () => {
    const count = instanceCount;
    void dialog({
      title: t('cp.mig.confirmTitle'),
      body: h('div', null,
        h('p', { class: 'cp-bulk-count', 'data-bulk-count': String(count) },
          t('cp.mig.confirmText', { count, process: versions[0]?.name || key, from: versionOf(sourceId), to: versionOf(targetId) })),
        h('p', null, t('cp.mig.confirmMapping', { count: plan().instructions.length })),
        h('p', { class: 'muted' }, t('cp.mig.confirmNote'))),
      confirm: t('cp.mig.confirmRun', { count }),
      action: async () => {
        const batch = await post<Batch>(`${REST}/migration/executeAsync`, { migrationPlan: plan(), ...which() });
        sessionStorage.removeItem(MIGRATION_SELECTION);
        follow(batch);
      },
    });
  };

  const follow = (batch: Batch) => {
    const progress = h('div', { class: 'cp-mig-progress', 'aria-live': 'polite' });
    const show = (body: Node) => clear(progress, body);
    show(batchProgress({ totalJobs: batch.totalJobs, completedJobs: 0, failedJobs: 0 }));
    renderRun(h('div', null,
      h('p', null, t('cp.mig.batchStarted', { count: batch.totalJobs }), ' ',
        link(`/cockpit/batches/${encodeURIComponent(batch.id)}`, t('cp.bulk.watch'), { 'data-batch-link': batch.id })),
      progress));
    // It runs once: the button stays off while it runs and after it ended.
    runBox.querySelector<HTMLButtonElement>('[data-run-migration]')!.disabled = true;
    stopFollow?.();
    stopFollow = followBatch(batch.id,
      (s) => {
        show(batchProgress(s));
        if (s.failedJobs && s.remainingJobs === s.failedJobs) {
          progress.append(h('p', { class: 'alert alert-error' }, t('cp.mig.waitsForFailed', { count: s.failedJobs }), ' ',
            link(`/cockpit/batches/${encodeURIComponent(batch.id)}`, t('cp.batch.showFailed', { count: s.failedJobs }))));
        }
      },
      async (b) => {
        const [onTarget, onSource] = await Promise.all([
          get<{ count: number }>(`${REST}/process-instance/count`, { processDefinitionId: targetId }),
          get<{ count: number }>(`${REST}/process-instance/count`, { processDefinitionId: sourceId }),
        ]).catch(() => [{ count: -1 }, { count: -1 }]);
        show(h('div', null,
          batchProgress({ totalJobs: b.totalJobs, completedJobs: b.totalJobs, failedJobs: 0 }),
          h('p', { class: 'alert alert-ok', 'data-migration-done': b.id, role: 'status' },
            t('cp.mig.done', { count: b.totalJobs, to: versionOf(targetId) }), ' ',
            onTarget.count >= 0 ? t('cp.mig.nowRunning', { target: onTarget.count, to: versionOf(targetId), source: onSource.count, from: versionOf(sourceId) }) : '', ' ',
            link(`/cockpit/process-definition/${encodeURIComponent(targetId)}`, t('cp.mig.openTarget')))));
        instanceCount = selection ? 0 : onSource.count;
        renderPick();
      },
      (e) => show(errorBox(e)));
  };

  const start = async () => {
    stopFollow?.();
    clear(mapping, loading());
    clear(check);
    clear(runBox);
    try {
      await loadVersions();
      setUrl();
      if (!sourceId) {
        renderPick();
        clear(mapping, empty(t('cp.mig.noProcess')));
        return;
      }
      const [sx, tx, count] = await Promise.all([
        get<{ bpmn20Xml: string }>(`${REST}/process-definition/${encodeURIComponent(sourceId)}/xml`),
        get<{ bpmn20Xml: string }>(`${REST}/process-definition/${encodeURIComponent(targetId)}/xml`),
        selection?.ids ? Promise.resolve({ count: selection.ids.length })
          : post<{ count: number }>(`${REST}/process-instance/count`, selection?.query ?? { processDefinitionId: sourceId }),
      ]);
      sources = activitiesOf(sx.bpmn20Xml);
      targets = activitiesOf(tx.bpmn20Xml);
      instanceCount = count.count;
      renderPick();
      await generate();
    } catch (e) {
      clear(mapping, errorBox(e));
    }
  };
  if (!latest.length) {
    clear(pick, empty(t('cp.dashboard.noProcesses')));
    return () => undefined;
  }
  await start();
  return () => stopFollow?.();
}
