// Browser test of the Dashboard (/dashboard/): a funnel built by clicking three elements of
// the diagram shows on the diagram the numbers the REST answer has; ten more instances raise
// the first step's count without a reload (the event stream); the CSV export equals REST;
// the heatmap overlay shows REST's counts; every screen at 360/1280 px in Polish and English
// has no sideways scroll and no serious axe violation.
//
//   node dashboard.test.mjs http://127.0.0.1:8080 ADMIN_USER ADMIN_PASSWORD [--shots DIR]
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

// ---------------------------------------------------------------- helpers (as run.mjs's)
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [base, adminUser, adminPassword] = process.argv.slice(2);
const shotsAt = process.argv.indexOf('--shots');
const shotsDir = shotsAt > 0 ? process.argv[shotsAt + 1] : null;
if (!base || !adminUser) {
  console.error('usage: node dashboard.test.mjs BASE_URL ADMIN_USER ADMIN_PASSWORD [--shots DIR]');
  process.exit(2);
}
if (shotsDir) mkdirSync(shotsDir, { recursive: true });
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const run = Date.now().toString(36);
const auth = (user, password) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
async function rest(method, path, body, who = [adminUser, adminPassword]) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: auth(...who), ...(body && !(body instanceof FormData) ? { 'Content-Type': 'application/json' } : {}) },
    body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}
const results = [];
let lastPage = null;
async function scenario(name, fn) {
  const started = Date.now();
  try {
    await fn();
    console.log(`PASS ${name} (${Date.now() - started} ms)`);
    results.push('PASS');
  } catch (e) {
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
    if (shotsDir && lastPage && !lastPage.isClosed()) {
      await lastPage.screenshot({ path: `${shotsDir}/FAIL-dashboard-${results.length + 1}.png`, fullPage: true }).catch(() => {});
    }
    results.push('FAIL');
  }
}
function expect(cond, message) {
  if (!cond) throw new Error(message);
}
async function axeScan(page, screen) {
  await page.addScriptTag({ content: axeSource });
  const out = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = out.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(!bad.length, `axe on ${screen}: ` + JSON.stringify(bad, null, 1));
}
async function noHorizontalScroll(page, screen) {
  const w = await page.evaluate(() => document.scrollingElement.scrollWidth);
  const vw = page.viewportSize().width;
  expect(w <= vw, `${screen} at ${vw} px scrolls sideways: scrollWidth ${w}`);
}
async function shot(page, name) {
  if (shotsDir) await page.screenshot({ path: `${shotsDir}/${name}.png`, fullPage: true });
}
async function newPage(browser, { width = 1280, height = 860, lang = 'en' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: lang === 'pl' ? 'pl-PL' : 'en-GB', bypassCSP: true, acceptDownloads: true });
  await context.addInitScript((l) => { if (!localStorage.getItem('dpc.lang')) localStorage.setItem('dpc.lang', l); }, lang);
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  lastPage = page;
  return page;
}
// Logs in on the login page and lands on the Dashboard with `query` (the login's ?next=).
async function openDashboard(page, user, query) {
  await page.goto(`${base}/?next=${encodeURIComponent(`/dashboard/?${query}`)}`);
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(user);
  await page.locator('form.login-card button[type=submit]').click();
  await page.waitForURL(/\/dashboard\//);
}

// ---------------------------------------------------------------- set-up over REST
// start -> check -> approve -> end, with its diagram; 5 instances, 3 checked, 1 approved.
const key = `web_dash_${run}`;
const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="d_${key}" targetNamespace="http://dpc.test/web">
  <bpmn:process id="${key}" name="Dashboard funnel ${run}" isExecutable="true">
    <bpmn:startEvent id="start" name="Application in"/>
    <bpmn:userTask id="check" name="Check documents"/>
    <bpmn:userTask id="approve" name="Approve"/>
    <bpmn:endEvent id="end" name="Approved"/>
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="check"/>
    <bpmn:sequenceFlow id="f1" sourceRef="check" targetRef="approve"/>
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="end"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="dia"><bpmndi:BPMNPlane id="plane" bpmnElement="${key}">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="100" width="36" height="36"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="check_di" bpmnElement="check"><dc:Bounds x="200" y="78" width="100" height="80"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="approve_di" bpmnElement="approve"><dc:Bounds x="360" y="78" width="100" height="80"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="520" y="100" width="36" height="36"/></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f0_di" bpmnElement="f0"><di:waypoint x="136" y="118"/><di:waypoint x="200" y="118"/></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="300" y="118"/><di:waypoint x="360" y="118"/></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="460" y="118"/><di:waypoint x="520" y="118"/></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

async function start(n) {
  for (let i = 0; i < n; i++) {
    const r = await rest('POST', `/engine-rest/process-definition/key/${key}/start`, {});
    if (r.status !== 200) throw new Error('start failed: ' + r.text);
  }
}
async function completeTasks(taskKey, n) {
  const tasks = (await rest('GET', `/engine-rest/task?processDefinitionKey=${key}&taskDefinitionKey=${taskKey}&maxResults=${n}`)).json;
  for (const t of tasks) await rest('POST', `/engine-rest/task/${t.id}/complete`, { variables: {} });
}
const form = new FormData();
form.append('deployment-name', `dashboard-test-${run}`);
form.append('model', new Blob([xml]), `${key}.bpmn`);
const dep = await rest('POST', '/engine-rest/deployment/create', form);
if (dep.status !== 200) throw new Error('deployment failed: ' + dep.text);
await start(5);
await completeTasks('check', 3);
await completeTasks('approve', 1);

// The funnel as REST answers it for the page's date range (the page's `from` is a local day).
async function restFunnel(page, steps) {
  const from = new URL(page.url()).searchParams.get('from');
  const body = { processDefinitionKey: key, steps };
  if (from) body.from = new Date(`${from}T00:00:00`).toISOString();
  const r = await rest('POST', '/api/analytics/funnel', body);
  expect(r.status === 200, 'REST funnel: ' + r.text);
  return r.json;
}
const badgeCounts = (page) => page.$$eval('.dash-badge', (els) => els.map((e) => ({
  step: e.dataset.step, reached: Number(e.querySelector('.dash-badge-count')?.dataset.reached ?? NaN) })));

// ---------------------------------------------------------------- scenarios
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const steps = ['check', 'approve', 'end'];
let page;

await scenario('dashboard: a funnel built by clicking three diagram elements shows REST\'s numbers on the diagram', async () => {
  page = await newPage(browser);
  await openDashboard(page, 'demo', `process=${key}`);
  await page.locator('#dash-canvas[data-ready=true] .djs-element[data-element-id=check]').waitFor();
  for (const id of steps) {
    await page.locator(`#dash-canvas .djs-element[data-element-id=${id}]`).click();
    await page.locator(`.dash-chip[data-step=${id}]`).waitFor();
  }
  await page.waitForFunction((n) => document.querySelectorAll('.dash-badge .dash-badge-count').length === n, steps.length);
  const shown = await badgeCounts(page);
  const answer = await restFunnel(page, steps);
  expect(answer.started === 5 && answer.steps.map((s) => s.reached).join() === '5,3,1', 'REST funnel is not the generated one: ' + JSON.stringify(answer));
  expect(JSON.stringify(shown) === JSON.stringify(answer.steps.map((s) => ({ step: s.id, reached: s.reached }))),
    `overlay ${JSON.stringify(shown)} != REST ${JSON.stringify(answer.steps)}`);
  const table = await page.$$eval('#dash-table tbody td[data-reached]', (tds) => tds.map((td) => Number(td.dataset.reached)));
  expect(table.join() === '5,3,1', 'table: ' + table.join());
  expect(new URL(page.url()).searchParams.get('steps') === steps.join(','), 'the steps are not in the URL');
  await page.locator('#dash-chart svg').waitFor();
});

await scenario('dashboard: ten new instances raise the first step\'s count without a reload', async () => {
  const t0 = Date.now();
  await start(10);
  await page.waitForFunction(() => document.querySelector('.dash-badge[data-step=check] .dash-badge-count')?.dataset.reached === '15', null, { timeout: 10000 });
  console.log(`  10 starts -> first step shows 15: ${Date.now() - t0} ms`);
  const shown = await badgeCounts(page);
  const answer = await restFunnel(page, steps);
  expect(JSON.stringify(shown) === JSON.stringify(answer.steps.map((s) => ({ step: s.id, reached: s.reached }))),
    `after live update: overlay ${JSON.stringify(shown)} != REST ${JSON.stringify(answer.steps)}`);
});

await scenario('dashboard: the CSV export equals the REST answer', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#dash-csv').click()]);
  const csv = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
  const answer = await restFunnel(page, steps);
  expect(csv[0][0] === 'step' && csv[1][2] === String(answer.started), 'CSV head/started: ' + JSON.stringify(csv.slice(0, 2)));
  answer.steps.forEach((s, k) => {
    const row = csv[k + 2];
    expect(row[0] === s.id && row[2] === String(s.reached) && row[5] === String(s.dropOff) &&
      row[3] === String(s.conversionFromPrevious ?? '') && row[6] === String(s.medianMillisFromPrevious ?? ''),
    `CSV row ${k + 1} ${JSON.stringify(row)} != REST ${JSON.stringify(s)}`);
  });
});

await scenario('dashboard: the heatmap overlay shows REST\'s activity and flow counts', async () => {
  await page.locator('#dash-heat').check();
  await page.locator('.dash-heat-tip[data-activity=check]').waitFor();
  const from = new URL(page.url()).searchParams.get('from');
  const heat = (await rest('GET', `/api/analytics/heatmap?processDefinitionKey=${key}&from=${encodeURIComponent(new Date(`${from}T00:00:00`).toISOString())}`)).json;
  for (const a of heat.activities) {
    const tip = await page.locator(`.dash-heat-tip[data-activity=${a.id}]`).innerText();
    expect(tip.replace(/\s/g, '').startsWith(String(a.count)), `heat ${a.id}: "${tip}" vs ${a.count}`);
  }
  for (const f of heat.flows) {
    const tip = await page.locator(`.dash-flow-tip[data-flow=${f.id}]`).innerText();
    expect(tip.trim() === String(f.taken), `flow ${f.id}: "${tip}" vs ${f.taken}`);
  }
  await page.locator('#dash-bottlenecks li[data-activity=check]').waitFor();
  await shot(page, 'dashboard-heatmap-en-1280');
  await page.context().close();
});

await scenario('dashboard: 360 px and 1280 px, Polish and English: no sideways scroll, no serious axe violation', async () => {
  for (const lang of ['en', 'pl']) {
    for (const width of [360, 1280]) {
      const p = await newPage(browser, { width, lang });
      await openDashboard(p, 'demo', `process=${key}&steps=${steps.join(',')}`);
      await p.waitForFunction(() => document.querySelectorAll('.dash-badge .dash-badge-count').length === 3);
      await p.locator('#dash-chart svg').waitFor();
      await noHorizontalScroll(p, 'dashboard');
      await axeScan(p, `dashboard (${lang}, ${width})`);
      if (lang === 'pl') expect((await p.locator('#dash-funnel-title').innerText()) === 'Lejek', 'Polish title missing');
      await shot(p, `dashboard-${lang}-${width}`);
      await p.context().close();
    }
  }
});

await browser.close();
const failed = results.filter((r) => r === 'FAIL').length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(Math.min(failed, 100));
