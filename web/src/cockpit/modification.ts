// Process instance modification from the diagram: pick an activity (click it or choose it in
// the list), add "cancel", "start before" or "start after" instructions, review the instruction
// list in a confirmation dialog, then POST /process-instance/{id}/modification.
import { post } from '../shared/api';
import { clear, h, uid } from '../shared/dom';
import { t } from '../shared/i18n';
import { REST } from './model';
import { dialog, say } from './ui';

type Kind = 'cancel' | 'startBeforeActivity' | 'startAfterActivity';
interface Instruction {
  type: Kind;
  activityId: string;
}

export interface ModificationPanel {
  element: HTMLElement;
  select(activityId: string): void;
}

export function modificationPanel(instanceId: string, names: Map<string, { name: string; type: string }>, done: () => void): ModificationPanel {
  const list: Instruction[] = [];
  const selectId = uid('m');
  const activities = [...names.entries()].filter(([, v]) => !['Process', 'Participant', 'Lane', 'TextAnnotation', 'Association', 'DataObjectReference', 'DataStoreReference'].includes(v.type))
    .sort((a, b) => (a[1].name || a[0]).localeCompare(b[1].name || b[0]));
  const select = h('select', { id: selectId, name: 'activity', class: 'input input-sm' },
    h('option', { value: '' }, t('cp.mod.choose')),
    activities.map(([id, v]) => h('option', { value: id }, `${v.name || id}`)));
  const label = (id: string) => names.get(id)?.name || id;
  const listBox = h('ol', { class: 'cp-instructions', 'aria-live': 'polite' });
  const runBtn = h('button', { type: 'button', class: 'btn btn-primary btn-sm', 'data-run-modification': '', disabled: true, onclick: () => review() }, t('cp.mod.review'));
  const render = () => {
    clear(listBox, list.map((ins, n) => h('li', { 'data-instruction': ins.type },
      t(`cp.mod.${ins.type}`, { activity: label(ins.activityId) }), ' ',
      h('button', { type: 'button', class: 'btn-link', 'aria-label': t('cp.mod.remove', { n: n + 1 }), onclick: () => { list.splice(n, 1); render(); } }, '×'))));
    runBtn.disabled = list.length === 0;
  };
  const add = (type: Kind) => {
    if (!select.value) {
      select.focus();
      return;
    }
    list.push({ type, activityId: select.value });
    render();
  };
  const review = () => void dialog({
    title: t('cp.mod.confirmTitle'),
    body: h('div', null, h('p', null, t('cp.mod.confirmText')),
      h('ol', { class: 'cp-instructions' }, list.map((ins) => h('li', null, t(`cp.mod.${ins.type}`, { activity: label(ins.activityId) }))))),
    confirm: t('cp.mod.run'),
    action: async () => {
      await post(`${REST}/process-instance/${encodeURIComponent(instanceId)}/modification`, {
        skipCustomListeners: false,
        skipIoMappings: false,
        instructions: list.map((i) => ({ type: i.type, activityId: i.activityId })),
      });
      list.length = 0;
      render();
      say(t('cp.mod.done'));
      done();
    },
  });
  const element = h('section', { class: 'panel cp-mod', 'aria-labelledby': `${selectId}-t` },
    h('h2', { id: `${selectId}-t` }, t('cp.mod.title')),
    h('p', { class: 'muted small' }, t('cp.mod.hint')),
    h('div', { class: 'cp-mod-row' },
      h('label', { for: selectId }, t('cp.mod.activity')), select,
      h('button', { type: 'button', class: 'btn btn-sm', 'data-mod': 'cancel', onclick: () => add('cancel') }, t('cp.mod.addCancel')),
      h('button', { type: 'button', class: 'btn btn-sm', 'data-mod': 'startBeforeActivity', onclick: () => add('startBeforeActivity') }, t('cp.mod.addBefore')),
      h('button', { type: 'button', class: 'btn btn-sm', 'data-mod': 'startAfterActivity', onclick: () => add('startAfterActivity') }, t('cp.mod.addAfter'))),
    listBox,
    h('div', { class: 'cp-row-actions' }, runBtn));
  render();
  return {
    element,
    select(activityId) {
      if ([...select.options].some((o) => o.value === activityId)) select.value = activityId;
      select.focus();
    },
  };
}
