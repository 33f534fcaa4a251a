// System: the nodes of the cluster from their heartbeats (alive, last seen, version, busy job
// executor threads), the database pool of this node and the migrations applied. /api/system.
import { get, isMissing } from '../shared/api';
import { clear, h } from '../shared/dom';
import { fmtDateTime, fmtNumber, fmtRelative, t } from '../shared/i18n';
import { messageLine, section } from './ui';

interface Node { nodeId: string; host: string; version: string; startedAt: string; lastSeen: string; alive: boolean; jobThreadsBusy: number; jobThreads: number; self: boolean }
interface Migration { version: number; name: string; appliedAt: string | null }
interface SystemInfo {
  nodes: Node[];
  pool: { size: number; inUse: number };
  migrations: { applied: Migration[]; expected: number };
}

export async function renderSystem(into: HTMLElement): Promise<void> {
  const msg = messageLine();
  let info: SystemInfo;
  try {
    info = await get<SystemInfo>('/api/system');
  } catch (e) {
    clear(into, h('h2', null, t('admin.tab.system')), msg.el);
    if (isMissing(e)) msg.error(t('admin.system.missing'));
    else msg.error(e);
    return;
  }
  const nodes = h('div', { class: 'adm-scroll' }, h('table', { class: 'adm-table', id: 'nodes' },
    h('caption', { class: 'visually-hidden' }, t('admin.system.nodes')),
    h('thead', null, h('tr', null, ['node', 'host', 'state', 'lastSeen', 'started', 'version', 'threads'].map((k) => h('th', { scope: 'col' }, t(`admin.system.${k}`))))),
    h('tbody', null, info.nodes.map((n) => h('tr', null,
      h('td', { class: 'adm-break' }, n.nodeId, n.self ? h('span', { class: 'badge badge-accent adm-self' }, t('admin.system.self')) : null),
      h('td', { class: 'adm-break' }, n.host),
      h('td', null, h('span', { class: `badge ${n.alive ? 'badge-ok' : 'badge-danger'}` }, t(n.alive ? 'admin.system.alive' : 'admin.system.gone'))),
      h('td', null, h('time', { datetime: n.lastSeen, title: fmtDateTime(n.lastSeen) }, fmtRelative(n.lastSeen))),
      h('td', null, fmtDateTime(n.startedAt)),
      h('td', null, n.version),
      h('td', null, `${fmtNumber(n.jobThreadsBusy)} / ${fmtNumber(n.jobThreads)}`))))));
  const used = info.pool.size ? Math.round((100 * info.pool.inUse) / info.pool.size) : 0;
  const pool = h('div', null,
    h('p', null, t('admin.system.poolUse', { inUse: info.pool.inUse, size: info.pool.size })),
    h('progress', { max: String(info.pool.size || 1), value: String(info.pool.inUse), 'aria-label': t('admin.system.pool'), class: 'adm-progress' }, `${used}%`));
  const applied = info.migrations.applied;
  const migrations = h('div', null,
    h('p', null, h('span', { class: `badge ${applied.length >= info.migrations.expected ? 'badge-ok' : 'badge-warn'}` },
      t('admin.system.migrationsState', { applied: applied.length, expected: info.migrations.expected }))),
    h('details', null, h('summary', null, t('admin.system.migrationList')),
      h('ul', { class: 'adm-migrations' }, applied.map((m) => h('li', null,
        h('code', null, String(m.version).padStart(4, '0')), ' ', m.name, m.appliedAt ? h('span', { class: 'muted small' }, ' · ' + fmtDateTime(m.appliedAt)) : null)))));
  clear(into,
    h('div', { class: 'adm-head' }, h('h2', null, t('admin.tab.system')),
      h('button', { type: 'button', class: 'btn', onclick: () => void renderSystem(into) }, t('admin.system.refresh'))),
    msg.el,
    section(t('admin.system.nodes'), nodes),
    h('div', { class: 'adm-grid' }, section(t('admin.system.pool'), pool), section(t('admin.system.migrations'), migrations)));
}
