// The Cockpit: operations staff see the deployed processes and decisions, the running instances
// and their incidents, and repair them. Client routes under /cockpit/ (the server falls back to
// this page): dashboard, process-definition/<id>, process-instance/<id>, history, decisions,
// decision-definition/<id>, deployments, batches[/<id>], migration. Diagram libraries load only on the screens that draw.
import '../shared/styles.css';
import './cockpit.css';
import { me as whoAmI } from '../shared/api';
import { clear, h } from '../shared/dom';
import { addMessages, t } from '../shared/i18n';
import { shell } from '../shared/shell';
import en from './i18n/en.json';
import pl from './i18n/pl.json';
import { flash, link, say } from './ui';

addMessages({ pl, en });

export type Screen = (root: HTMLElement, param: string, query: URLSearchParams) => Promise<(() => void) | void>;

const sections = [
  { id: 'dashboard', path: '/cockpit/' },
  { id: 'history', path: '/cockpit/history' },
  { id: 'decisions', path: '/cockpit/decisions' },
  { id: 'deployments', path: '/cockpit/deployments' },
  { id: 'batches', path: '/cockpit/batches' },
  { id: 'migration', path: '/cockpit/migration' },
];

let main: HTMLElement;
const tabs = h('nav', { class: 'cp-tabs', 'aria-label': t('cp.sections') });
const view = h('div', { class: 'cp-view' });
let teardown: (() => void) | void;
let seq = 0;

async function screenFor(first: string): Promise<Screen> {
  switch (first) {
    case 'process-definition': return (await import('./definition')).definitionScreen;
    case 'process-instance': return (await import('./instance')).instanceScreen;
    case 'history': return (await import('./history')).historyScreen;
    case 'decisions': return (await import('./decisions')).decisionsScreen;
    case 'decision-definition': return (await import('./decisions')).decisionScreen;
    case 'deployments': return (await import('./deployments')).deploymentsScreen;
    case 'batches': return (await import('./batches')).batchesScreen;
    case 'migration': return (await import('./migration')).migrationScreen;
    default: return (await import('./dashboard')).dashboardScreen;
  }
}

function sectionOf(first: string): string {
  if (first === 'decision-definition') return 'decisions';
  if (first === 'process-definition' || first === 'process-instance' || !first) return 'dashboard';
  return first;
}

async function route(): Promise<void> {
  const my = ++seq;
  if (teardown) teardown();
  teardown = undefined;
  const parts = location.pathname.replace(/^\/cockpit\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const first = parts[0] ?? '';
  const current = sectionOf(first);
  clear(tabs, h('ul', null, sections.map((s) => h('li', null,
    link(s.path, t(`cp.section.${s.id}`), { class: s.id === current ? 'active' : '', 'aria-current': s.id === current ? 'page' : undefined })))));
  clear(view);
  const screen = await screenFor(first);
  if (my !== seq) return;
  teardown = await screen(view, parts[1] ?? '', new URLSearchParams(location.search));
}

async function start(): Promise<void> {
  let me;
  try {
    me = await whoAmI();
  } catch {
    return; // the 401 took the browser to the login page
  }
  main = shell({ me, current: 'cockpit', title: t('app.cockpit') });
  main.classList.add('cp-main');
  main.append(tabs, flash, view);
  window.addEventListener('popstate', () => {
    say('');
    void route();
  });
  await route();
}

void start();
