// Batch operations started from a definition's instance list: on the instances ticked in the
// list, or on every instance the filter matches. Each operation (set job retries, suspend,
// activate, delete with a reason) asks for confirmation saying how many instances it touches,
// then starts a batch and links to its progress on the batches screen. "Migrate" opens the
// migration screen with the same instances.
import { post } from '../shared/api';
import { clear, h, uid } from '../shared/dom';
import { t } from '../shared/i18n';
import { batchType, type Batch } from './batches';
import { REST } from './model';
import { dialog, errorText, link, say, ShownError } from './ui';

/** The instances an operation applies to: ids, or a processInstanceQuery; and how many. */
export interface Scope {
  ids?: string[];
  query?: Record<string, unknown>;
  count: number;
  capped?: boolean; // the ids are the first of more
}

export interface BulkOptions {
  definitionId: string;
  processLabel: string; // "Loan application, version 2"
  selected: Set<string>;
  pageIds: string[];
  total: number; // instances the filter matches (as listed)
  matching: () => Promise<Scope>;
  changed: () => void; // the selection changed (redraw the checkboxes)
}

/** Where migration.ts finds the instances chosen in the list. */
export const MIGRATION_SELECTION = 'dpc.cockpit.migrationSelection';

type Op = 'retries' | 'suspend' | 'activate' | 'delete';

export function bulkBar(o: BulkOptions): HTMLElement {
  const ids = { all: uid('bulk'), sel: uid('bulk'), match: uid('bulk') };
  let useSelection = o.selected.size > 0;
  const onPage = o.pageIds.filter((id) => o.selected.has(id)).length;
  const pageBox = h('input', {
    id: ids.all, type: 'checkbox', 'data-select-page': '',
    checked: onPage > 0 && onPage === o.pageIds.length,
    onchange: (e: Event) => {
      const on = (e.target as HTMLInputElement).checked;
      for (const id of o.pageIds) if (on) o.selected.add(id); else o.selected.delete(id);
      o.changed();
    },
  });
  pageBox.indeterminate = onPage > 0 && onPage < o.pageIds.length;

  const scope = async (): Promise<Scope> => useSelection ? { ids: [...o.selected], count: o.selected.size } : o.matching();
  const button = (op: Op | 'migrate', danger = false) => h('button', {
    type: 'button', class: `btn btn-sm${danger ? ' btn-danger' : ''}`, 'data-bulk': op,
    onclick: () => void (op === 'migrate' ? migrate() : confirm(op)),
  }, t(`cp.bulk.${op}`));

  // The migration screen takes the same instances: the ticked ones, or the filter's query
  // (none when the filters are empty: then it is every running instance of the version).
  const migrate = async () => {
    let s: Scope;
    try {
      s = await scope();
    } catch (e) {
      say(errorText(e), 'error');
      return;
    }
    const chosen = !!s.ids || Object.keys(s.query ?? {}).some((k) => k !== 'processDefinitionId');
    if (chosen) sessionStorage.setItem(MIGRATION_SELECTION, JSON.stringify({ source: o.definitionId, ids: s.ids, query: s.query }));
    else sessionStorage.removeItem(MIGRATION_SELECTION);
    const href = `/cockpit/migration?source=${encodeURIComponent(o.definitionId)}${chosen ? '&selection=1' : ''}`;
    history.pushState(null, '', href);
    window.dispatchEvent(new PopStateEvent('popstate'));
  };

  const confirm = async (op: Op) => {
    let s: Scope;
    try {
      s = await scope();
    } catch (e) {
      say(errorText(e), 'error');
      return;
    }
    if (!s.count) {
      say(t('cp.bulk.nothing'), 'error');
      return;
    }
    const fid = uid('bulk-f');
    const errId = uid('bulk-e');
    const input = op === 'retries'
      ? h('input', { id: fid, name: 'retries', type: 'number', min: '0', step: '1', value: '1', inputmode: 'numeric', 'aria-describedby': errId })
      : op === 'delete' ? h('textarea', { id: fid, name: 'reason', rows: 3, 'aria-required': 'true', 'aria-describedby': errId }) : null;
    const fieldError = h('span', { id: errId, class: 'field-error', role: 'alert' });
    const field = input ? h('div', { class: 'field' },
      h('label', { for: fid }, t(op === 'retries' ? 'cp.bulk.retriesLabel' : 'cp.inst.reason')), input, fieldError) : null;
    void dialog({
      title: t(`cp.bulk.${op}Title`),
      body: h('div', null,
        h('p', { class: 'cp-bulk-count', 'data-bulk-count': String(s.count) },
          t('cp.bulk.affects', { count: s.count, process: o.processLabel })),
        s.capped ? h('p', { class: 'alert alert-warn' }, t('cp.bulk.capped', { count: s.count })) : null,
        h('p', { class: 'muted' }, t(`cp.bulk.${op}Text`)),
        field),
      confirm: t(`cp.bulk.${op}Confirm`, { count: s.count }),
      danger: op === 'delete',
      action: async () => {
        clear(fieldError);
        const which = s.ids ? { processInstanceIds: s.ids } : { processInstanceQuery: s.query };
        let batch: Batch;
        if (op === 'retries') {
          const v = (input as HTMLInputElement).value.trim();
          if (!/^\d+$/.test(v)) {
            fieldError.textContent = t('cp.bulk.retriesBad', { value: v });
            throw new ShownError();
          }
          batch = await post<Batch>(`${REST}/process-instance/job-retries`,
            s.ids ? { processInstances: s.ids, retries: Number(v) } : { processInstanceQuery: s.query, retries: Number(v) });
        } else if (op === 'delete') {
          const reason = (input as HTMLTextAreaElement).value.trim();
          if (!reason) {
            fieldError.textContent = t('cp.inst.reasonRequired');
            throw new ShownError();
          }
          batch = await post<Batch>(`${REST}/process-instance/delete`, { ...which, deleteReason: reason, skipCustomListeners: false });
        } else {
          batch = await post<Batch>(`${REST}/process-instance/suspended-async`, { ...which, suspended: op === 'suspend' });
        }
        o.selected.clear();
        o.changed();
        say(h('span', null, t('cp.bulk.started', { type: batchType(batch.type), count: batch.totalJobs }), ' ',
          link(`/cockpit/batches/${encodeURIComponent(batch.id)}`, t('cp.bulk.watch'), { 'data-batch-link': batch.id })));
      },
    });
  };

  const scopeChoice = h('fieldset', { class: 'cp-bulk-scope' },
    h('legend', { class: 'visually-hidden' }, t('cp.bulk.scope')),
    h('label', { class: 'cp-check', for: ids.sel },
      h('input', { id: ids.sel, type: 'radio', name: 'bulk-scope', value: 'selected', checked: useSelection, disabled: !o.selected.size, onchange: () => { useSelection = true; } }),
      o.selected.size ? t('cp.bulk.scopeSelected', { count: o.selected.size }) : t('cp.bulk.scopeNone')),
    h('label', { class: 'cp-check', for: ids.match },
      h('input', { id: ids.match, type: 'radio', name: 'bulk-scope', value: 'matching', checked: !useSelection, onchange: () => { useSelection = false; } }),
      t('cp.bulk.scopeMatching', { count: o.total })));

  return h('div', { class: 'cp-bulk', role: 'group', 'aria-label': t('cp.bulk.title') },
    h('div', { class: 'cp-bulk-row' },
      h('label', { class: 'cp-check', for: ids.all }, pageBox, t('cp.bulk.selectPage')),
      o.selected.size ? h('button', { type: 'button', class: 'btn-link', onclick: () => { o.selected.clear(); o.changed(); } }, t('cp.bulk.clear')) : null),
    scopeChoice,
    h('div', { class: 'cp-bulk-row cp-row-actions' },
      button('retries'), button('suspend'), button('activate'), button('migrate'), button('delete', true)));
}
