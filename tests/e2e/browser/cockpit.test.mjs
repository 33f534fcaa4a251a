// Browser tests of the Cockpit (/cockpit/): a real headless Chromium against a dpc started with
// --demo, logged in as the demo admin. Set-up over REST deploys two small processes: one whose
// external task fails into an incident, one with three user tasks.
//
//   node cockpit.test.mjs http://127.0.0.1:8080 ADMIN_USER ADMIN_PASSWORD [--shots DIR]   (see lib.mjs)
//
// Scenarios: an incident appears as a badge on the diagram; retrying it from the instance view
// makes it go; a variable edited with a value of the wrong type gets a message and nothing
// changes; a token moves with a modification; an instance is cancelled with a reason; batch
// operations started from the instance list (suspend the ticked ones, delete all matching with
// a reason), the batches screen (failed jobs, retry, suspend, delete), and 200 instances
// migrated from version 1 to 2 through the migration screen. Every screen is scanned with axe
// and shot at 360 and 1280 px in Polish and English.
import {
  base, adminUser, adminPassword, run, rest, scenario, expect, axeScan, noHorizontalScroll, shot, newPage,
  login as openLogin, launchBrowser, finish,
} from './lib.mjs';

// Logs in and waits for the shell (the login's own navigation ends before the next goto).
async function login(page, user, password = user) {
  await openLogin(page, user, password);
  await page.locator('.user-button').waitFor();
}

// ---------------------------------------------------------------- set-up
const DI = (shapes, edges) => `<bpmndi:BPMNDiagram id="dia"><bpmndi:BPMNPlane id="plane" bpmnElement="PROC">${shapes}${edges}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>`;
function linear(id, name, nodes) {
  // nodes: [{id, xml}] between a start and an end event, laid out left to right.
  const all = [{ id: 'start', xml: '<bpmn:startEvent id="start" name="Start"/>', event: true }, ...nodes,
    { id: 'end', xml: '<bpmn:endEvent id="end" name="End"/>', event: true }];
  const x = (i) => 100 + i * 160;
  const shapes = all.map((n, i) => n.event
    ? `<bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"><dc:Bounds x="${x(i) + 32}" y="100" width="36" height="36"/></bpmndi:BPMNShape>`
    : `<bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"><dc:Bounds x="${x(i)}" y="78" width="100" height="80"/></bpmndi:BPMNShape>`).join('');
  const flows = all.slice(1).map((n, i) => `<bpmn:sequenceFlow id="f${i}" sourceRef="${all[i].id}" targetRef="${n.id}"/>`).join('');
  const edges = all.slice(1).map((n, i) => `<bpmndi:BPMNEdge id="f${i}_di" bpmnElement="f${i}"><di:waypoint x="${all[i].event ? x(i) + 68 : x(i) + 100}" y="118"/><di:waypoint x="${n.event ? x(i + 1) + 32 : x(i + 1)}" y="118"/></bpmndi:BPMNEdge>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_${id}" targetNamespace="http://dpc.test/cockpit">
  <bpmn:process id="${id}" name="${name}" isExecutable="true" camunda:historyTimeToLive="30">
    ${all.map((n) => n.xml).join('\n    ')}
    ${flows}
  </bpmn:process>
  ${DI(shapes, edges).replace('PROC', id)}
</bpmn:definitions>`;
}

const topic = `cp-score-${run}`;
async function setUp() {
  const form = new FormData();
  form.append('deployment-name', `cockpit-test-${run}`);
  form.append('a', new Blob([linear('cp_scoring', `Scoring ${run}`, [
    { id: 'score', xml: `<bpmn:serviceTask id="score" name="Score the client" camunda:type="external" camunda:topic="${topic}"/>` },
    { id: 'review', xml: '<bpmn:userTask id="review" name="Review the score"/>' },
  ])]), 'cp_scoring.bpmn');
  form.append('b', new Blob([linear('cp_flow', `Three steps ${run}`, [
    { id: 'step_a', xml: '<bpmn:userTask id="step_a" name="Step A"/>' },
    { id: 'step_b', xml: '<bpmn:userTask id="step_b" name="Step B"/>' },
    { id: 'step_c', xml: '<bpmn:userTask id="step_c" name="Step C"/>' },
  ])]), 'cp_flow.bpmn');
  form.append('c', new Blob([`<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d_cp_limit" name="Limits" namespace="http://dpc.test/cockpit">
  <decision id="cp_limit" name="Credit limit ${run}">
    <decisionTable id="t_cp_limit" hitPolicy="FIRST">
      <input id="in_income" label="Income"><inputExpression id="ie_income" typeRef="number"><text>income</text></inputExpression></input>
      <output id="out_limit" label="Limit" name="limit" typeRef="number"/>
      <rule id="r_high"><inputEntry id="r1i"><text>&gt;= 5000</text></inputEntry><outputEntry id="r1o"><text>20000</text></outputEntry></rule>
      <rule id="r_low"><inputEntry id="r2i"><text>&lt; 5000</text></inputEntry><outputEntry id="r2o"><text>5000</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`]), 'cp_limit.dmn');
  const dep = await rest('POST', '/engine-rest/deployment/create', form);
  if (dep.status !== 200) throw new Error('deployment failed: ' + dep.text);
  const scoring = await rest('POST', '/engine-rest/process-definition/key/cp_scoring/start', { businessKey: `CP-${run}-score` });
  if (scoring.status !== 200) throw new Error('start failed: ' + scoring.text);
  // The worker takes the task and fails for good: retries 0 make an incident.
  const locked = await rest('POST', '/engine-rest/external-task/fetchAndLock', { workerId: 'cp-test', maxTasks: 5, topics: [{ topicName: topic, lockDuration: 60000 }] });
  if (locked.status !== 200 || !locked.json.length) throw new Error('fetchAndLock: ' + locked.text);
  const fail = await rest('POST', `/engine-rest/external-task/${locked.json[0].id}/failure`, {
    workerId: 'cp-test', errorMessage: 'Credit bureau timed out', errorDetails: 'java.net.SocketTimeoutException: bureau\n\tat Bureau.call(Bureau.java:42)', retries: 0, retryTimeout: 0,
  });
  if (fail.status !== 204) throw new Error('failure: ' + fail.text);
  const evaluated = await rest('POST', '/engine-rest/decision-definition/key/cp_limit/evaluate', { variables: { income: { value: 6000, type: 'Integer' } } });
  if (evaluated.status !== 200) throw new Error('evaluate: ' + evaluated.text);
  const flows = [];
  for (let i = 1; i <= 3; i++) {
    const r = await rest('POST', '/engine-rest/process-definition/key/cp_flow/start', {
      businessKey: `CP-${run}-${i}`, variables: { amount: { value: i * 1000, type: 'Long' }, client: { value: `Client ${i}`, type: 'String' } },
    });
    if (r.status !== 200) throw new Error('start failed: ' + r.text);
    flows.push(r.json.id);
  }
  return { scoring: scoring.json, flows, scoringDef: scoring.json.definitionId, flowDef: (await rest('GET', `/engine-rest/process-instance/${flows[0]}`)).json.definitionId };
}

// ---------------------------------------------------------------- scenarios
const data = await setUp();
const browser = await launchBrowser();

await scenario('dashboard lists the processes with their incident counts (pl, en, 360, 1280)', async () => {
  for (const lang of ['en', 'pl']) {
    for (const width of [1280, 360]) {
      const page = await newPage(browser, { width, lang });
      await login(page, adminUser, adminPassword);
      await page.goto(base + '/cockpit/');
      await page.locator('a[data-key=cp_scoring]').waitFor();
      // All versions of cp_scoring count (a rerun against the same server adds a version).
      const stats = (await rest('GET', '/engine-rest/process-definition/statistics?incidents=true')).json
        .filter((s) => s.definition.key === 'cp_scoring');
      const open = stats.reduce((n, s) => n + s.incidents.reduce((m, i) => m + i.incidentCount, 0), 0);
      expect(await page.locator('[data-incidents=cp_scoring]').innerText() === String(open), `incident count is not ${open}`);
      await noHorizontalScroll(page, 'dashboard');
      if (width === 1280) await axeScan(page, `dashboard (${lang})`);
      await shot(page, `cockpit-dashboard-${lang}-${width}`);
      await page.context().close();
    }
  }
});

await scenario('an incident appears as a badge on the diagram; the instance list filters by the clicked activity', async () => {
  for (const lang of ['en', 'pl']) {
    for (const width of [1280, 360]) {
      const page = await newPage(browser, { width, lang });
      await login(page, adminUser, adminPassword);
      await page.goto(`${base}/cockpit/process-definition/${encodeURIComponent(data.scoringDef)}`);
      const badge = page.locator('.cp-badge-incident[data-activity=score]');
      await badge.waitFor();
      expect(await badge.innerText() === '1', 'incident badge shows ' + await badge.innerText());
      await page.locator(`[data-instance="${data.scoring.id}"]`).waitFor();
      if (width === 1280 && lang === 'en') {
        // Clicking another activity empties the list; clicking the failing one brings the instance back.
        await page.locator('g[data-element-id=review]').click();
        await page.locator('.empty').waitFor();
        expect(page.url().includes('activity=review'), 'no activity filter in the URL: ' + page.url());
        await page.locator('g[data-element-id=score]').click();
        await page.locator(`[data-instance="${data.scoring.id}"]`).waitFor();
        await axeScan(page, 'process definition');
        // The history counts: the start event ran once and finished.
        await page.locator('input[name=badge-view][value=history]').check();
        await page.locator('.cp-badge-done[data-activity=start]').waitFor();
        expect(await page.locator('.cp-badge-incident').count() === 0, 'history view still shows open incidents');
        await shot(page, 'cockpit-definition-history-en-1280');
        await page.locator('input[name=badge-view][value=running]').check();
        await page.locator('.cp-badge-incident[data-activity=score]').waitFor();
      }
      await noHorizontalScroll(page, 'process definition');
      await shot(page, `cockpit-definition-${lang}-${width}`);
      await page.context().close();
    }
  }
});

await scenario('the instance list filters by a variable value; a malformed condition gets a message', async () => {
  const page = await newPage(browser);
  await login(page, adminUser, adminPassword);
  await page.goto(`${base}/cockpit/process-definition/${encodeURIComponent(data.flowDef)}`);
  await page.locator(`[data-instance="${data.flows[0]}"]`).waitFor();
  await page.locator('input[name=variable]').fill('amount >= 3000');
  await page.locator('form.cp-filters button[type=submit]').click();
  await page.locator(`[data-instance="${data.flows[0]}"]`).waitFor({ state: 'detached' });
  await page.locator(`[data-instance="${data.flows[2]}"]`).waitFor();
  expect(await page.locator('[data-instance]').count() === 1, 'more than the one instance with amount 3000');
  await page.locator('input[name=variable]').fill('amount ~ 3');
  await page.locator('form.cp-filters button[type=submit]').click();
  await page.locator('.alert-error', { hasText: 'amount ~ 3' }).waitFor();
  await page.context().close();
});

await scenario('retry the incident from the instance view and see it gone', async () => {
  const page = await newPage(browser);
  await login(page, adminUser, adminPassword);
  await page.goto(`${base}/cockpit/process-instance/${data.scoring.id}?tab=incidents`);
  const item = page.locator('.cp-incident');
  await item.waitFor();
  expect((await item.innerText()).includes('Credit bureau timed out'), 'no incident message');
  await item.locator('button[aria-expanded]').click();
  await page.locator('.cp-stack', { hasText: 'SocketTimeoutException' }).waitFor();
  await page.locator('.cp-badge-incident[data-activity=score]').waitFor();
  await axeScan(page, 'instance incidents');
  await shot(page, 'cockpit-instance-incident-en-1280');
  // The jobs and external tasks tab lists the failed task with its topic and no retries left.
  await page.locator('#cp-tab-work').click();
  await page.locator('.cp-table code', { hasText: topic }).waitFor();
  await axeScan(page, 'instance jobs and external tasks');
  await page.locator('#cp-tab-incidents').click();
  await item.locator('[data-retry]').click();
  await page.locator('.cp-flash .alert-ok').waitFor();
  await page.locator('.cp-incident').waitFor({ state: 'detached' });
  await page.locator('.cp-badge-incident').waitFor({ state: 'detached' });
  const left = await rest('GET', `/engine-rest/incident?processInstanceId=${data.scoring.id}`);
  expect(left.json.length === 0, 'incident still open: ' + left.text);
  const task = await rest('GET', `/engine-rest/external-task?processInstanceId=${data.scoring.id}`);
  expect(task.json[0]?.retries === 1, 'retries not set: ' + task.text);
  await page.context().close();
});

await scenario('a variable edited with a wrong type gets a message and nothing changes', async () => {
  for (const lang of ['en', 'pl']) {
    const page = await newPage(browser, { lang });
    await login(page, adminUser, adminPassword);
    await page.goto(`${base}/cockpit/process-instance/${data.flows[0]}?tab=variables`);
    await page.locator('[data-var=amount]').waitFor();
    const before = (await rest('GET', `/engine-rest/process-instance/${data.flows[0]}/variables/amount`)).json;
    await page.locator('[data-edit=amount]').click();
    const dlg = page.locator('dialog.cp-dialog');
    await dlg.locator('select[name=type]').selectOption('Long');
    await dlg.locator('input[name=value]').fill('twelve');
    await dlg.locator('[data-confirm]').click();
    const msg = dlg.locator('.field-error');
    await msg.waitFor();
    const text = await msg.innerText();
    expect(text.includes('twelve') && text.includes('Long'), 'message: ' + text);
    if (lang === 'pl') expect(text.includes('Nic nie zmieniono'), 'not Polish: ' + text);
    await axeScan(page, `variable dialog (${lang})`);
    await shot(page, `cockpit-variable-error-${lang}-1280`);
    const v = await rest('GET', `/engine-rest/process-instance/${data.flows[0]}/variables/amount`);
    expect(v.json.value === before.value && v.json.type === 'Long', 'variable changed: ' + v.text);
    // The right value saves.
    if (lang === 'en') {
      await dlg.locator('input[name=value]').fill('2500');
      await dlg.locator('[data-confirm]').click();
      await page.locator('[data-var=amount]', { hasText: '2500' }).waitFor();
      const after = await rest('GET', `/engine-rest/process-instance/${data.flows[0]}/variables/amount`);
      expect(after.json.value === 2500, 'not saved: ' + after.text);
    }
    await page.context().close();
  }
});

await scenario('move a token with a modification (cancel Step A, start before Step C)', async () => {
  const id = data.flows[1];
  for (const width of [360, 1280]) {
    const page = await newPage(browser, { width, lang: width === 360 ? 'pl' : 'en' });
    await login(page, adminUser, adminPassword);
    await page.goto(`${base}/cockpit/process-instance/${id}`);
    await page.locator('.cp-badge-running[data-activity=step_a]').waitFor();
    await noHorizontalScroll(page, 'process instance');
    await shot(page, `cockpit-instance-${width === 360 ? 'pl' : 'en'}-${width}`);
    if (width === 360) {
      await page.context().close();
      continue;
    }
    await page.locator('g[data-element-id=step_a]').click();
    await page.locator('[data-mod=cancel]').click();
    await page.locator('g[data-element-id=step_c]').click();
    await page.locator('[data-mod=startBeforeActivity]').click();
    expect(await page.locator('[data-instruction]').count() === 2, 'instructions not listed');
    await page.locator('[data-run-modification]').click();
    const dlg = page.locator('dialog.cp-dialog');
    expect((await dlg.innerText()).includes('Step C'), 'the dialog does not list the instructions');
    await axeScan(page, 'modification dialog');
    await shot(page, 'cockpit-modification-en-1280');
    await dlg.locator('[data-confirm]').click();
    await page.locator('.cp-badge-running[data-activity=step_c]').waitFor();
    await page.locator('.cp-badge-running[data-activity=step_a]').waitFor({ state: 'detached' });
    const tasks = await rest('GET', `/engine-rest/task?processInstanceId=${id}`);
    expect(tasks.json.length === 1 && tasks.json[0].taskDefinitionKey === 'step_c', 'tasks after: ' + tasks.text);
    await page.context().close();
  }
});

await scenario('cancel an instance with a reason after confirmation', async () => {
  const id = data.flows[2];
  const page = await newPage(browser, { lang: 'pl' });
  await login(page, adminUser, adminPassword);
  await page.goto(`${base}/cockpit/process-instance/${id}`);
  await page.locator('[data-action=cancel]').click();
  const dlg = page.locator('dialog.cp-dialog');
  await dlg.locator('[data-confirm]').click();  // no reason yet: refused
  await dlg.locator('.alert-error').waitFor();
  expect((await rest('GET', `/engine-rest/process-instance/${id}`)).status === 200, 'cancelled without a reason');
  await dlg.locator('textarea').fill('Klient wycofał wniosek');
  await shot(page, 'cockpit-cancel-pl-1280');
  await dlg.locator('[data-confirm]').click();
  await page.locator('[data-state=EXTERNALLY_TERMINATED]').waitFor();
  const h = await rest('GET', `/engine-rest/history/process-instance/${id}`);
  expect(h.json.state === 'EXTERNALLY_TERMINATED' && h.json.deleteReason === 'Klient wycofał wniosek', 'history: ' + h.text);
  await axeScan(page, 'finished instance');
  await page.context().close();
});

await scenario('history, decisions and deployments screens (pl, en, 360, 1280)', async () => {
  for (const lang of ['en', 'pl']) {
    for (const width of [1280, 360]) {
      const page = await newPage(browser, { width, lang });
      await login(page, adminUser, adminPassword);
      for (const [path, ready, name] of [
        ['/cockpit/history', '.cp-table', 'history'],
        ['/cockpit/decisions', '.cp-table a', 'decisions'],
        ['/cockpit/deployments', '.cp-deployment', 'deployments'],
      ]) {
        await page.goto(base + path);
        await page.locator(ready).first().waitFor();
        await noHorizontalScroll(page, name);
        if (width === 1280) await axeScan(page, `${name} (${lang})`);
        await shot(page, `cockpit-${name}-${lang}-${width}`);
      }
      await page.locator('.cp-tabs a', { hasText: lang === 'pl' ? 'Decyzje' : 'Decisions' }).click();
      await page.locator('.cp-table a', { hasText: `Credit limit ${run}` }).first().click();
      await page.locator('.cp-dmn table, .cp-dmn .tjs-table').first().waitFor({ timeout: 20000 });
      await page.locator('.cp-kv', { hasText: '20000' }).first().waitFor();
      // The newest evaluation's matched rule (income 6000 -> rule r_high) is highlighted.
      const matched = await page.locator('.cp-dmn td.cp-matched').evaluateAll((cells) => [...new Set(cells.map((c) => c.dataset.rowId))]);
      expect(matched.length === 1 && matched[0] === 'r_high', 'matched rule cells: ' + JSON.stringify(matched));
      await noHorizontalScroll(page, 'decision');
      await shot(page, `cockpit-decision-${lang}-${width}`);
      await page.context().close();
    }
  }
});

// ---------------------------------------------------------------- batches and migration
async function deployOne(name, fileName, xml) {
  const form = new FormData();
  form.append('deployment-name', name);
  form.append('a', new Blob([xml]), fileName);
  const dep = await rest('POST', '/engine-rest/deployment/create', form);
  if (dep.status !== 200) throw new Error('deployment failed: ' + dep.text);
  return Object.values(dep.json.deployedProcessDefinitions)[0].id;
}
async function startMany(definitionId, n, prefix) {
  const ids = [];
  for (let i = 0; i < n; i += 20) {
    const chunk = await Promise.all(Array.from({ length: Math.min(20, n - i) }, (_, k) =>
      rest('POST', `/engine-rest/process-definition/${definitionId}/start`, { businessKey: `${prefix}-${i + k + 1}` })));
    for (const r of chunk) {
      if (r.status !== 200) throw new Error('start failed: ' + r.text);
      ids.push(r.json.id);
    }
  }
  return ids;
}
// Waits until the batch has ended (REST), up to `ms`.
async function batchEnded(id, ms = 120000) {
  for (const until = Date.now() + ms; Date.now() < until;) {
    const b = await rest('GET', `/engine-rest/history/batch/${id}`);
    if (b.status === 200 && b.json.endTime) return b.json;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`batch ${id} did not end`);
}

const bulkDef = await deployOne(`cockpit-bulk-${run}`, 'cp_bulk.bpmn', linear('cp_bulk', `Bulk ${run}`, [
  { id: 'wait', xml: '<bpmn:userTask id="wait" name="Wait for the client"/>' },
]));
const bulkIds = await startMany(bulkDef, 6, `BULK-${run}`);

await scenario('batch operations from the instance list: suspend two ticked instances, delete all matching with a reason', async () => {
  const page = await newPage(browser, { width: 1280, lang: 'en' });
  await login(page, adminUser, adminPassword);
  await page.goto(`${base}/cockpit/process-definition/${encodeURIComponent(bulkDef)}`);
  await page.locator(`[data-select="${bulkIds[0]}"]`).check();
  await page.locator(`[data-select="${bulkIds[1]}"]`).check();
  await page.locator('input[name=bulk-scope][value=selected]:checked').waitFor();
  await page.locator('[data-bulk=suspend]').click();
  const dlg = page.locator('dialog.cp-dialog');
  expect(await dlg.locator('[data-bulk-count]').getAttribute('data-bulk-count') === '2', 'the dialog does not say 2 instances: ' + await dlg.innerText());
  await axeScan(page, 'bulk suspend dialog');
  await shot(page, 'cockpit-bulk-suspend-en-1280');
  await dlg.locator('[data-confirm]').click();
  const link = page.locator('.cp-flash [data-batch-link]');
  const batchId = await link.getAttribute('data-batch-link');
  // The batches screen follows it until it is in the finished list.
  await link.click();
  await page.locator(`[data-ended="${batchId}"]`).waitFor({ timeout: 60000 });
  for (const [i, id] of bulkIds.entries()) {
    const pi = await rest('GET', `/engine-rest/process-instance/${id}`);
    expect(pi.json.suspended === (i < 2), `instance ${i} suspended: ${pi.json.suspended}`);
  }
  // All matching the filter "suspended": a reason is required, then both are deleted.
  await page.goto(`${base}/cockpit/process-definition/${encodeURIComponent(bulkDef)}?state=suspended`);
  await page.locator(`[data-select="${bulkIds[0]}"]`).waitFor();
  await page.locator('input[name=bulk-scope][value=matching]').check();
  await page.locator('[data-bulk=delete]').click();
  expect(await dlg.locator('[data-bulk-count]').getAttribute('data-bulk-count') === '2', 'delete dialog count: ' + await dlg.innerText());
  await dlg.locator('[data-confirm]').click();
  await dlg.locator('.field-error', { hasText: /reason/i }).waitFor();
  expect((await rest('GET', `/engine-rest/process-instance/count?processDefinitionId=${bulkDef}`)).json.count === 6, 'deleted without a reason');
  await dlg.locator('textarea[name=reason]').fill('Duplicate applications');
  await dlg.locator('[data-confirm]').click();
  const second = await page.locator('.cp-flash [data-batch-link]').getAttribute('data-batch-link');
  await batchEnded(second);
  for (const id of bulkIds.slice(0, 2)) {
    const hi = await rest('GET', `/engine-rest/history/process-instance/${id}`);
    expect(hi.json.state === 'EXTERNALLY_TERMINATED' && hi.json.deleteReason === 'Duplicate applications', 'history: ' + hi.text);
  }
  expect((await rest('GET', `/engine-rest/process-instance/count?processDefinitionId=${bulkDef}`)).json.count === 4, 'other instances were touched');
  await page.context().close();
});

await scenario('history shows per-activity durations (median, average) on the diagram and in a table', async () => {
  for (const id of bulkIds.slice(3, 5)) {
    const task = (await rest('GET', `/engine-rest/task?processInstanceId=${id}`)).json[0];
    const done = await rest('POST', `/engine-rest/task/${task.id}/complete`, { variables: {} });
    expect(done.status === 204, 'complete: ' + done.text);
  }
  const heat = (await rest('GET', `/api/analytics/heatmap?processDefinitionKey=cp_bulk&version=${(await rest('GET', `/engine-rest/process-definition/${bulkDef}`)).json.version}`)).json;
  const wait = heat.activities.find((a) => a.id === 'wait');
  expect(wait && wait.completed === 2 && wait.avgMillis !== null, 'heatmap: ' + JSON.stringify(wait));
  for (const [lang, width] of [['en', 1280], ['pl', 360]]) {
    const page = await newPage(browser, { width, lang });
    await login(page, adminUser, adminPassword);
    await page.goto(`${base}/cockpit/process-definition/${encodeURIComponent(bulkDef)}?view=history`);
    await page.locator('.cp-badge-duration[data-activity=wait]').waitFor();
    await page.locator('[data-median=wait]').waitFor();
    expect((await page.locator('[data-avg=wait]').innerText()).trim() !== '', 'no average shown');
    await noHorizontalScroll(page, 'definition history with durations');
    if (width === 1280) await axeScan(page, 'durations');
    await shot(page, `cockpit-durations-${lang}-${width}`);
    await page.context().close();
  }
});

// The batch the URL names shows its failed jobs at once; any other opens them on a click.
async function openFailed(card) {
  const button = card.locator('[data-show-failed]');
  if (await button.getAttribute('aria-expanded') !== 'true') await button.click();
}

await scenario('the batches screen: progress, failed jobs with their error, retry, suspend and delete (pl, en, 360, 1280)', async () => {
  // A deletion batch with one id that does not exist: that item fails three times and waits.
  const made = await rest('POST', '/engine-rest/process-instance/delete', { processInstanceIds: [bulkIds[2], `missing-${run}`], deleteReason: 'test' });
  expect(made.status === 200, 'batch: ' + made.text);
  const id = made.json.id;
  for (const until = Date.now() + 60000; ;) {
    const s = (await rest('GET', `/engine-rest/batch/statistics?batchId=${id}`)).json;
    if (s[0]?.failedJobs === 1) break;
    if (Date.now() > until) throw new Error('the item did not fail: ' + JSON.stringify(s));
    await new Promise((r) => setTimeout(r, 250));
  }
  for (const lang of ['en', 'pl']) {
    for (const width of [1280, 360]) {
      const page = await newPage(browser, { width, lang });
      await login(page, adminUser, adminPassword);
      await page.goto(`${base}/cockpit/batches/${id}`);
      const card = page.locator(`[data-batch="${id}"]`);
      await card.locator('[data-progress="1/2"]').waitFor();
      await openFailed(card);
      await card.locator('.cp-batch-failed td', { hasText: `missing-${run}` }).waitFor();
      await noHorizontalScroll(page, 'batches');
      if (width === 1280) await axeScan(page, `batches (${lang})`);
      await shot(page, `cockpit-batches-${lang}-${width}`);
      await page.context().close();
    }
  }
  const page = await newPage(browser, { width: 1280, lang: 'en' });
  await login(page, adminUser, adminPassword);
  await page.goto(`${base}/cockpit/batches/${id}`);
  const card = page.locator(`[data-batch="${id}"]`);
  await card.locator('[data-batch-action=suspend]').click();
  await card.locator('[data-batch-action=activate]').waitFor();
  expect((await rest('GET', `/engine-rest/batch/${id}`)).json.suspended === true, 'batch not suspended');
  await card.locator('[data-batch-action=activate]').click();
  await card.locator('[data-batch-action=suspend]').waitFor();
  // Retrying the failed job makes it run (and fail) again: its retries are no longer 0 at once.
  await openFailed(card);
  await card.locator('[data-retry-failed]').click();
  await page.locator('.cp-flash .alert-ok').waitFor();
  await card.locator('[data-batch-action=delete]').click();
  await page.locator('dialog.cp-dialog [data-confirm]').click();
  await card.waitFor({ state: 'detached' });
  expect((await rest('GET', `/engine-rest/batch/${id}`)).status === 404, 'the batch is still running');
  expect((await rest('GET', `/engine-rest/history/batch/${id}`)).json.endTime, 'the deleted batch is not kept, ended, in history');
  await page.locator(`[data-ended="${id}"]`).waitFor();
  await page.context().close();
});

const migV1 = await deployOne(`cockpit-mig-1-${run}`, 'cp_mig.bpmn', linear('cp_mig', `Loan file ${run}`, [
  { id: 'check', xml: '<bpmn:userTask id="check" name="Check documents"/>' },
  { id: 'approve', xml: '<bpmn:userTask id="approve" name="Approve"/>' },
]));
const migV2 = await deployOne(`cockpit-mig-2-${run}`, 'cp_mig.bpmn', linear('cp_mig', `Loan file ${run}`, [
  { id: 'check', xml: '<bpmn:userTask id="check" name="Check documents"/>' },
  { id: 'score', xml: `<bpmn:serviceTask id="score" name="Score" camunda:type="external" camunda:topic="cp-mig-${run}"/>` },
  { id: 'approve', xml: '<bpmn:userTask id="approve" name="Approve"/>' },
]));
const migIds = await startMany(migV1, 200, `MIG-${run}`);

await scenario('migrate 200 instances from version 1 to 2 through the migration screen and watch the batch finish', async () => {
  for (const [lang, width] of [['pl', 360], ['en', 360], ['pl', 1280]]) {
    const page = await newPage(browser, { width, lang });
    await login(page, adminUser, adminPassword);
    await page.goto(`${base}/cockpit/migration?source=${encodeURIComponent(migV1)}&target=${encodeURIComponent(migV2)}`);
    await page.locator('[data-plan-valid=true]').waitFor();
    await noHorizontalScroll(page, 'migration');
    if (width === 1280) await axeScan(page, `migration (${lang})`);
    await shot(page, `cockpit-migration-${lang}-${width}`);
    await page.context().close();
  }
  const page = await newPage(browser, { width: 1280, lang: 'en' });
  await login(page, adminUser, adminPassword);
  // From the definition's instance list: Migrate… opens the screen for its version.
  await page.goto(`${base}/cockpit/process-definition/${encodeURIComponent(migV1)}`);
  await page.locator('[data-bulk=migrate]').click();
  await page.locator('[data-plan-valid=true]').waitFor();
  expect(await page.locator('.cp-mig-count').getAttribute('data-instances') === '200', 'not 200 instances: ' + await page.locator('.cp-mig-count').innerText());
  expect(await page.locator('[name=target] option:checked').innerText() === 'version ' + (await rest('GET', `/engine-rest/process-definition/${migV2}`)).json.version, 'the target is not the newest version');
  // A user task mapped to a service task: the row says why, and running is not offered.
  await page.locator('[data-target-of=check]').selectOption('score');
  await page.locator('[data-failure=check]').waitFor();
  expect(await page.locator('[data-run-migration]').isDisabled(), 'an invalid plan can be run');
  // Not mapped at all: the plan is valid, but every instance (all wait in check) is reported.
  await page.locator('[data-target-of=check]').selectOption('');
  await page.locator('[data-plan-valid=true]').waitFor();
  await page.locator('[data-check-instances]').click();
  await page.locator('.cp-mig-result[data-invalid="200"]').waitFor();
  // Why, grouped: the activity and the failure, over the 100 instances named.
  await page.locator('.cp-mig-summary li', { hasText: 'Check documents' }).filter({ hasText: '100' }).waitFor();
  // The first 100 are named, each with the activity its token waits in.
  expect(await page.locator('.cp-mig-reports > li[data-report]').count() === 100, 'not 100 instances named');
  expect((await page.locator('.cp-mig-reports > li[data-report]').first().textContent()).includes('Check documents'), 'the report does not name the activity');
  await axeScan(page, 'migration with invalid instances');
  await shot(page, 'cockpit-migration-invalid-en-1280');
  await page.locator('[data-target-of=check]').selectOption('check');
  await page.locator('.cp-mig-result').waitFor({ state: 'detached' });  // a changed plan drops the old check
  await page.locator('[data-plan-valid=true]').waitFor();
  await page.locator('[data-check-instances]').click();
  await page.locator('.cp-mig-result[data-invalid="0"]').waitFor();
  await page.locator('[data-run-migration]').click();
  const dlg = page.locator('dialog.cp-dialog');
  expect(await dlg.locator('[data-bulk-count]').getAttribute('data-bulk-count') === '200', 'confirmation count: ' + await dlg.innerText());
  await dlg.locator('[data-confirm]').click();
  await page.locator('.cp-progress').waitFor();
  await page.locator('[data-migration-done]').waitFor({ timeout: 180000 });
  expect(await page.locator('[data-run-migration]').isDisabled(), 'the migration can be run a second time');
  await shot(page, 'cockpit-migration-done-en-1280');
  const onV2 = await rest('GET', `/engine-rest/process-instance/count?processDefinitionId=${migV2}`);
  const onV1 = await rest('GET', `/engine-rest/process-instance/count?processDefinitionId=${migV1}`);
  expect(onV2.json.count === 200 && onV1.json.count === 0, `after: v2 ${onV2.text}, v1 ${onV1.text}`);
  const task = await rest('GET', `/engine-rest/task?processInstanceId=${migIds[0]}`);
  expect(task.json[0]?.processDefinitionId === migV2 && task.json[0]?.taskDefinitionKey === 'check', 'task after: ' + task.text);
  await page.context().close();
});

await finish(browser);
