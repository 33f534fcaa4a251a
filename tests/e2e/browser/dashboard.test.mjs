// Browser test of the Dashboard (/dashboard/): a funnel built by clicking three elements of
// the diagram shows on the diagram the numbers the REST answer has; ten more instances raise
// the first step's count without a reload (the event stream); the CSV export equals REST;
// the heatmap overlay shows REST's counts; every screen at 360/1280 px in Polish and English
// has no sideways scroll and no serious axe violation.
//
//   node dashboard.test.mjs http://127.0.0.1:8080 ADMIN_USER ADMIN_PASSWORD [--shots DIR]  (see lib.mjs)
import { readFileSync } from 'node:fs';
import { axeScan, base, deploy, expect, finish, launchBrowser, newPage, noHorizontalScroll, rest, run, scenario, shot } from './lib.mjs';

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
await deploy(`dashboard-test-${run}`, { model: [`${key}.bpmn`, xml] });
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
const browser = await launchBrowser();
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

await scenario('dashboard: a clerk without Application access to "dashboard" is told so', async () => {
  const p = await newPage(browser);
  await openDashboard(p, 'anna', `process=${key}`);
  await p.locator('.dash-no-access').waitFor();
  expect(!(await p.locator('#dash-canvas').count()), 'the dashboard was shown anyway');
  await p.context().close();
});

await finish(browser);
