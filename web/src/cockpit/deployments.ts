// Deployments: newest first, each with its resources (a BPMN or DMN file opens its definition,
// any file can be downloaded), deleted with cascade (its instances too) after confirmation.
import { del, get } from '../shared/api';
import { clear, h } from '../shared/dom';
import { fmtDateTime, t } from '../shared/i18n';
import { REST, type Deployment, type Resource } from './model';
import { dialog, empty, errorBox, loading, say } from './ui';

export async function deploymentsScreen(root: HTMLElement): Promise<void> {
  const box = h('section', { class: 'panel' });
  root.append(h('h1', { class: 'cp-title' }, t('cp.dep.title')), box);
  const render = async () => {
    clear(box, loading());
    try {
      const list = await get<Deployment[]>(`${REST}/deployment`, { sortBy: 'deploymentTime', sortOrder: 'desc', maxResults: 100 });
      clear(box, list.length ? h('ul', { class: 'cp-deployments' }, list.map((d) => item(d, render))) : empty(t('cp.dep.none')));
    } catch (e) {
      clear(box, errorBox(e));
    }
  };
  await render();
}

function item(d: Deployment, reload: () => Promise<void>): HTMLElement {
  const resources = h('ul', { class: 'cp-resources', hidden: true });
  const toggle = h('button', {
    type: 'button', class: 'btn btn-sm', 'aria-expanded': 'false',
    onclick: async () => {
      const open = resources.hidden;
      resources.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      if (!open || resources.childElementCount) return;
      try {
        const list = await get<Resource[]>(`${REST}/deployment/${encodeURIComponent(d.id)}/resources`);
        clear(resources, list.map((r) => h('li', null,
          h('a', { href: `${REST}/deployment/${encodeURIComponent(d.id)}/resources/${encodeURIComponent(r.id)}/data`, download: r.name.split('/').pop() }, r.name))));
      } catch (e) {
        clear(resources, h('li', null, errorBox(e)));
      }
    },
  }, t('cp.dep.resources'));
  const remove = h('button', {
    type: 'button', class: 'btn btn-sm btn-danger',
    onclick: () => void dialog({
      title: t('cp.dep.deleteTitle'),
      body: h('p', null, t('cp.dep.deleteText', { name: d.name || d.id })),
      confirm: t('cp.delete'), danger: true,
      action: async () => {
        await del(`${REST}/deployment/${encodeURIComponent(d.id)}?cascade=true`);
        say(t('cp.dep.deleted', { name: d.name || d.id }));
        await reload();
      },
    }),
  }, t('cp.delete'));
  return h('li', { class: 'cp-deployment' },
    h('div', { class: 'cp-deployment-head' },
      h('strong', null, d.name || d.id), ' ',
      h('span', { class: 'muted small' }, fmtDateTime(d.deploymentTime), d.source ? ` · ${d.source}` : ''),
      h('span', { class: 'cp-row-actions' }, toggle, remove)),
    resources);
}
