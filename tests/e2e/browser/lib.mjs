// The shared part of the browser tests: arguments, REST set-up helpers, a scenario runner that
// prints PASS / FAIL / SKIP, and page helpers (log in, axe scan, no sideways scroll, screenshots).
// Each app has its own script, `<app>.test.mjs`, which web_browser_test runs against a dpc of its
// own started with --demo:
//
//   node <app>.test.mjs http://127.0.0.1:8080 ADMIN_USER ADMIN_PASSWORD [--shots DIR]
//
// A script imports what it needs, runs `await scenario(...)` for each case, and ends with
// `await finish(browser)`, which prints "N passed, M failed, K skipped" and exits with the number
// of failures.
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const [base, adminUser, adminPassword] = process.argv.slice(2);
const shotsAt = process.argv.indexOf('--shots');
export const shotsDir = shotsAt > 0 ? process.argv[shotsAt + 1] : null;
if (!base || !adminUser) {
  console.error('usage: node <app>.test.mjs BASE_URL ADMIN_USER ADMIN_PASSWORD [--shots DIR]');
  process.exit(2);
}
if (shotsDir) mkdirSync(shotsDir, { recursive: true });
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** A tag unique to this run, for names that must not clash with an earlier run's. */
export const run = Date.now().toString(36);

// ---------------------------------------------------------------- REST helpers (set-up)
export const auth = (user, password) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
export async function rest(method, path, body, who = [adminUser, adminPassword], headers = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: auth(...who), ...(body && !(body instanceof FormData) ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

/** A BPMN model with a diagram: start, the user tasks in a row ({id, name, group, formRef?}), end. */
export const model = (id, name, tasks) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_${id}" targetNamespace="http://dpc.test/web">
  <bpmn:process id="${id}" name="${name}" isExecutable="true" camunda:historyTimeToLive="30" camunda:isStartableInTasklist="true">
    <bpmn:startEvent id="start" name="Application in"/>
    ${tasks.map((t, i) => `<bpmn:userTask id="${t.id}" name="${t.name}" camunda:candidateGroups="${t.group}"${t.formRef ? ` camunda:formRef="${t.formRef}" camunda:formRefBinding="deployment"` : ''}/>`).join('\n    ')}
    <bpmn:endEvent id="end" name="Done"/>
    ${['start', ...tasks.map((t) => t.id), 'end'].slice(0, -1).map((from, i, all) => `<bpmn:sequenceFlow id="f${i}" sourceRef="${from}" targetRef="${i + 1 < all.length ? all[i + 1] : 'end'}"/>`).join('\n    ')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="dia_${id}"><bpmndi:BPMNPlane id="plane_${id}" bpmnElement="${id}">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="100" width="36" height="36"/></bpmndi:BPMNShape>
    ${tasks.map((t, i) => `<bpmndi:BPMNShape id="${t.id}_di" bpmnElement="${t.id}"><dc:Bounds x="${190 + i * 160}" y="78" width="100" height="80"/></bpmndi:BPMNShape>`).join('\n    ')}
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="${190 + tasks.length * 160}" y="100" width="36" height="36"/></bpmndi:BPMNShape>
    ${['start', ...tasks.map((t) => t.id)].map((from, i) => {
      const x1 = i === 0 ? 136 : 190 + (i - 1) * 160 + 100;
      const x2 = 190 + i * 160;
      return `<bpmndi:BPMNEdge id="f${i}_di" bpmnElement="f${i}"><di:waypoint x="${x1}" y="118"/><di:waypoint x="${x2}" y="118"/></bpmndi:BPMNEdge>`;
    }).join('\n    ')}
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

/** Deploys files ({name: [fileName, text]}) in one deployment; throws unless it worked. */
export async function deploy(name, files) {
  const form = new FormData();
  form.append('deployment-name', name);
  for (const [key, [fileName, text]] of Object.entries(files)) form.append(key, new Blob([text]), fileName);
  const dep = await rest('POST', '/engine-rest/deployment/create', form);
  if (dep.status !== 200) throw new Error('deployment failed: ' + dep.text);
  return dep.json;
}

// ---------------------------------------------------------------- scenario runner
export const results = [];
let lastPage = null;
/** Runs one scenario; `needs` (a path, or a function giving one) skips it while that answers 404/405. */
export async function scenario(name, fn, needs) {
  if (needs) {
    if (typeof needs === 'function') needs = await needs();
    // Only the status: a streaming endpoint (/api/events) never ends its body, so it is not read.
    const ctrl = new AbortController();
    const probe = await fetch(base + needs, { headers: { Authorization: auth('demo', 'demo') }, signal: ctrl.signal });
    ctrl.abort();
    if (probe.status === 404 || probe.status === 405) {
      console.log(`SKIP ${name} (needs ${needs}: answers ${probe.status})`);
      results.push({ name, status: 'SKIP' });
      return;
    }
  }
  const started = Date.now();
  try {
    await fn();
    console.log(`PASS ${name} (${Date.now() - started} ms)`);
    results.push({ name, status: 'PASS' });
  } catch (e) {
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
    if (shotsDir && lastPage && !lastPage.isClosed()) {
      await lastPage.screenshot({ path: `${shotsDir}/FAIL-${results.length + 1}.png`, fullPage: true }).catch(() => {});
    }
    results.push({ name, status: 'FAIL' });
  }
}
export function expect(cond, message) {
  if (!cond) throw new Error(message);
}

export async function axeScan(page, screen) {
  await page.addScriptTag({ content: axeSource });
  const out = await page.evaluate(async () => {
    // The diagram's SVG is drawn by bpmn-js; its contrast is the library's (excluded).
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = out.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(!bad.length, `axe on ${screen}: ` + JSON.stringify(bad, null, 1));
  return out;
}

export async function noHorizontalScroll(page, screen) {
  const w = await page.evaluate(() => document.scrollingElement.scrollWidth);
  const vw = page.viewportSize().width;
  expect(w <= vw, `${screen} at ${vw} px scrolls sideways: scrollWidth ${w}`);
}

export async function shot(page, name) {
  if (!shotsDir) return;
  await page.screenshot({ path: `${shotsDir}/${name}.png`, fullPage: true });
}

export async function newPage(browser, { width = 1280, height = 860, lang = 'en' } = {}) {
  // bypassCSP: only so that axe-core can be injected; dpc's CSP forbids inline scripts.
  const context = await browser.newContext({ viewport: { width, height }, locale: lang === 'pl' ? 'pl-PL' : 'en-GB', bypassCSP: true });
  await context.addInitScript((l) => { if (!localStorage.getItem('dpc.lang')) localStorage.setItem('dpc.lang', l); }, lang);
  const page = await context.newPage();
  page.setDefaultTimeout(20000);  // ctest runs other suites beside this one on 2 cores
  lastPage = page;
  return page;
}

export async function login(page, user, password = user, next = '') {
  await page.goto(base + '/' + (next ? '?next=' + encodeURIComponent(next) : ''));
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(password);
  await page.locator('form.login-card button[type=submit]').click();
}

/** Logs in and opens `path` (a user with several apps lands on the launcher otherwise). */
export const loginTo = (page, user, path) => login(page, user, user, path);

export async function launchBrowser() {
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** Closes the browser, prints the summary line and exits with the number of failures. */
export async function finish(browser) {
  await browser.close();
  const failed = results.filter((r) => r.status === 'FAIL').length;
  console.log(`${results.filter((r) => r.status === 'PASS').length} passed, ${failed} failed, ${results.filter((r) => r.status === 'SKIP').length} skipped`);
  process.exit(Math.min(failed, 100));
}
