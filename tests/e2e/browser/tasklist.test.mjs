// The Tasklist and the shell (login, launcher, language) in headless Chromium; see lib.mjs.
// Set-up goes over REST with the admin's Basic credentials (deploys small processes and starts
// their instances); the browser logs in as the demo clerk anna (groups sales, loan-officers,
// card-products). Scenarios that need endpoints not built yet print SKIP while those answer 404.
import {
  base, run, auth, rest, model, scenario, expect, axeScan, noHorizontalScroll, shot, newPage, login, loginTo,
  launchBrowser, finish,
} from './lib.mjs';

async function setUp() {
  const form = new FormData();
  form.append('deployment-name', `web-test-${run}`);
  form.append('loan', new Blob([model('web_loan_check', 'Loan check (web test)', [
    { id: 'check_documents', name: `Check documents ${run}`, group: 'loan-officers' },
    { id: 'approve', name: `Approve ${run}`, group: 'credit-committee' },
  ])]), 'web_loan_check.bpmn');
  form.append('risk', new Blob([model('web_risk_review', 'Risk review (web test)', [
    { id: 'risk_review', name: `Risk review ${run}`, group: 'underwriters' },
  ])]), 'web_risk_review.bpmn');
  // A Camunda Form (form-js) deployed with its process: the server validates what it sends back.
  form.append('formcheck', new Blob([model('web_form_check', 'Form check (web test)', [
    { id: 'review_form', name: `Review form ${run}`, group: 'loan-officers', formRef: 'web-test-form' },
  ])]), 'web_form_check.bpmn');
  form.append('webform', new Blob([JSON.stringify({
    type: 'default', id: 'web-test-form', schemaVersion: 16, components: [
      { type: 'number', id: 'Field_amount', key: 'checkedAmount', label: 'Checked amount',
        properties: { 'label.pl': 'Sprawdzona kwota' }, validate: { required: true, min: 1000 } },
      { type: 'checkbox', id: 'Field_ok', key: 'documentsComplete', label: 'Documents complete',
        properties: { 'label.pl': 'Dokumenty kompletne' } },
    ] })]), 'web-test.form');
  const dep = await rest('POST', '/engine-rest/deployment/create', form);
  if (dep.status !== 200) throw new Error('deployment failed: ' + dep.text);
  for (let i = 1; i <= 3; i++) {
    const r = await rest('POST', '/engine-rest/process-definition/key/web_loan_check/start', {
      businessKey: `WEB-${run}-${i}`, variables: { amount: { value: i * 10000, type: 'Long' } },
    });
    if (r.status !== 200) throw new Error('start failed: ' + r.text);
  }
  for (let i = 1; i <= 2; i++) await rest('POST', '/engine-rest/process-definition/key/web_risk_review/start', {});
  const fc = await rest('POST', '/engine-rest/process-definition/key/web_form_check/start', { businessKey: `WEB-${run}-form` });
  if (fc.status !== 200) throw new Error('start failed: ' + fc.text);
}


// ---------------------------------------------------------------- the scenarios
await setUp();
const browser = await launchBrowser();
const taskName = `Check documents ${run}`;
let listTimeMs = null;
let approvedAfterGenericForm = null; // the next task of the case the generic form completed

await scenario('login page: labelled form, no serious axe violation, no sideways scroll at 360 px', async () => {
  for (const lang of ['en', 'pl']) {
    for (const width of [360, 1280]) {
      const page = await newPage(browser, { width, lang });
      await page.goto(base + '/');
      await page.locator('#username').waitFor();
      expect(await page.locator('label[for=username]').count() === 1, 'user name has no label');
      await noHorizontalScroll(page, 'login');
      if (width === 1280) await axeScan(page, `login (${lang})`);
      await shot(page, `login-${lang}-${width}`);
      await page.context().close();
    }
  }
});

await scenario('wrong password: the login page says so and stays', async () => {
  const page = await newPage(browser);
  await login(page, 'anna', 'wrong');
  await page.locator('.alert-error').waitFor({ state: 'visible' });
  expect((await page.locator('.alert-error').innerText()).includes('not correct'), 'no message for a wrong password');
  await page.context().close();
});

await scenario('clerk logs in and lands in the Tasklist; sees only her groups\' tasks', async () => {
  const page = await newPage(browser);
  const t0 = Date.now();
  await loginTo(page, 'anna', '/tasklist/');
  await page.waitForURL(/\/tasklist\//);
  // Every task a candidate of anna's groups (the built-in "My group tasks" or the server's filter).
  const group = page.locator('.filter-link', { hasText: /group tasks/i });
  await group.click();
  await page.locator('.task-item', { hasText: taskName }).first().waitFor();
  listTimeMs = Date.now() - t0;
  const names = await page.locator('.task-item .task-name').allInnerTexts();
  expect(names.filter((n) => n === taskName).length === 3, `expected anna's 3 "${taskName}" tasks, saw ${JSON.stringify(names)}`);
  expect(!names.some((n) => n.startsWith('Risk review')), `anna sees the underwriters' tasks: ${JSON.stringify(names)}`);
  // The same answer over REST, as anna.
  const viaRest = await rest('GET', `/engine-rest/task?nameLike=${encodeURIComponent('%' + run + '%')}`, undefined, ['anna', 'anna']);
  const restNames = viaRest.json.map((t) => t.name);
  expect(restNames.filter((n) => n === taskName).length === 3 && !restNames.some((n) => n.startsWith('Risk review')),
    'REST disagrees: ' + JSON.stringify(restNames));
  await page.context().close();
});

await scenario('claim a task, complete it with the generic variables form; the next step belongs to another group', async () => {
  const page = await newPage(browser);
  await loginTo(page, 'anna', '/tasklist/');
  await page.waitForURL(/\/tasklist\//);
  await page.locator('#search').fill(taskName);
  await page.locator('.tl-search button[type=submit]').click();
  await page.locator('.task-item', { hasText: taskName }).first().click();
  await page.waitForURL(/\/tasklist\/task\//);
  const taskId = decodeURIComponent(page.url().match(/\/task\/([^/?]+)/)[1]);
  await page.locator('[data-action=claim]').click();
  await page.locator('.task-facts dd', { hasText: 'anna' }).waitFor();
  expect((await rest('GET', `/engine-rest/task/${taskId}`)).json.assignee === 'anna', 'the claim did not reach the server');
  // A wrong value first: "Whole number" with letters is refused beside the field, nothing sent.
  const complete = page.locator('[data-action=complete]');
  await complete.waitFor();
  await page.locator('[data-action=add-variable]').click();
  const rows = page.locator('.vars-row');
  const row = rows.last();
  await row.locator('[data-role=var-name]').fill('checkedAmount');
  await row.locator('select').selectOption('Long');
  await row.locator('[data-role=var-value]').fill('12x');
  await complete.click();
  await row.locator('.field-error').waitFor({ state: 'visible' });
  expect((await rest('GET', `/engine-rest/task/${taskId}`)).status === 200, 'a refused form completed the task');
  await row.locator('[data-role=var-value]').fill('12000');
  await page.locator('[data-action=add-variable]').click();
  const ok = rows.last();
  await ok.locator('[data-role=var-name]').fill('documentsComplete');
  await ok.locator('select').selectOption('Boolean');
  await ok.locator('[data-role=var-value]').fill('true');
  await complete.click();
  await page.locator('.tl-flash .alert-ok').waitFor();
  const gone = await rest('GET', `/engine-rest/task/${taskId}`);
  expect(gone.status === 404, 'the task is still open: ' + gone.text);
  const next = await rest('GET', `/engine-rest/task?name=${encodeURIComponent('Approve ' + run)}`);
  expect(next.json.length === 1, 'no "Approve" task after completing: ' + next.text);
  const vars = await rest('GET', `/engine-rest/process-instance/${next.json[0].processInstanceId}/variables`);
  expect(vars.json.checkedAmount?.value === 12000 && vars.json.documentsComplete?.value === true, 'variables not stored: ' + vars.text);
  approvedAfterGenericForm = next.json[0];
  // anna (not in credit-committee) does not see the next step.
  const annas = await rest('GET', `/engine-rest/task?name=${encodeURIComponent('Approve ' + run)}`, undefined, ['anna', 'anna']);
  expect(annas.json.length === 0, 'anna sees the committee\'s task');
  await page.context().close();
});

await scenario('Polish UI shows Polish text, dates in Polish', async () => {
  const page = await newPage(browser, { lang: 'pl' });
  await loginTo(page, 'anna', '/tasklist/');
  await page.waitForURL(/\/tasklist\//);
  await page.locator('.task-item').first().waitFor();
  expect(await page.evaluate(() => document.documentElement.lang) === 'pl', 'html lang is not pl');
  const text = await page.evaluate(() => document.body.textContent);
  for (const word of ['Filtry', 'Uruchom proces', 'Szukaj']) expect(text.includes(word), `no "${word}" in the Polish UI`);
  expect(!/\bFilters\b|Start a process/.test(text), 'English text in the Polish UI');
  expect(/utworzone/.test(text), 'task dates not in Polish');
  // The switch in the header: English now, and remembered for the next page.
  await Promise.all([page.waitForEvent('load'), page.locator('#lang-switch').selectOption('en')]);
  await page.locator('.tl-filters h2', { hasText: 'Filters' }).waitFor();
  expect(await page.evaluate(() => localStorage.getItem('dpc.lang')) === 'en', 'language not remembered');
  await page.goto(base + '/');
  await page.locator('.launcher h1', { hasText: 'Welcome' }).waitFor();
  await page.context().close();
});

await scenario('a user without Application access to the Tasklist: the launcher and the Tasklist say so', async () => {
  const id = `nobody${run}`.slice(0, 30);
  const created = await rest('POST', '/engine-rest/user/create', {
    profile: { id, firstName: 'Ewa', lastName: 'Zielinska', email: `${id}@example.test` },
    credentials: { password: 'Quiet-Harbour-71!' },
  });
  expect(created.status === 204 || created.status === 200, 'user not created: ' + created.text);
  const me = await rest('GET', '/api/auth/me', undefined, [id, 'Quiet-Harbour-71!']);
  expect(JSON.stringify(me.json.apps) === '[]', 'apps of a user without grants: ' + me.text);
  const page = await newPage(browser);
  await login(page, id, 'Quiet-Harbour-71!');
  await page.locator('.launcher', { hasText: 'no access' }).waitFor();
  expect(await page.locator('.app-nav').count() === 0, 'the switcher shows apps');
  await page.goto(base + '/tasklist/');
  await page.locator('.alert-warn', { hasText: 'no access to the Tasklist' }).waitFor();
  await page.context().close();
});

await scenario('every screen at 360 px and 1280 px, Polish and English: no sideways scroll, no serious axe violation', async () => {
  for (const lang of ['en', 'pl']) {
    for (const width of [360, 1280]) {
      const page = await newPage(browser, { width, lang });
      await loginTo(page, 'anna', '/tasklist/');
      await page.waitForURL(/\/tasklist\//);
      await page.locator('.task-item').first().waitFor();
      await noHorizontalScroll(page, 'tasklist');
      await axeScan(page, `tasklist list (${lang}, ${width})`);
      await shot(page, `tasklist-list-${lang}-${width}`);
      await page.locator('.task-item', { hasText: taskName }).first().click();
      await page.locator('.task-detail h2').waitFor();
      await page.locator('.tab-panel form, .tab-panel .alert').first().waitFor();
      await noHorizontalScroll(page, 'task detail');
      await axeScan(page, `task detail (${lang}, ${width})`);
      await shot(page, `task-detail-${lang}-${width}`);
      await page.locator('#tab-history').click();
      await page.locator('.history-block h3').first().waitFor();
      await page.locator('.diagram svg, .diagram .alert, .diagram p:not(:has(.spinner))').first().waitFor({ timeout: 15000 });
      await noHorizontalScroll(page, 'task history');
      await shot(page, `task-history-${lang}-${width}`);
      // The launcher (/ when logged in).
      await page.goto(base + '/');
      await page.locator('.launcher h1').waitFor();
      await noHorizontalScroll(page, 'launcher');
      await axeScan(page, `launcher (${lang}, ${width})`);
      await shot(page, `launcher-${lang}-${width}`);
      await page.context().close();
    }
  }
});

await scenario('logout ends the session and shows the login page', async () => {
  const page = await newPage(browser);
  await loginTo(page, 'anna', '/tasklist/');
  await page.waitForURL(/\/tasklist\//);
  await page.locator('.user-button').click();
  await page.locator('#user-menu button').click();
  await page.locator('#username').waitFor();
  await page.goto(base + '/tasklist/');
  await page.waitForURL(/\/\?next=/);
  await page.context().close();
});

await scenario('the Tasklist loads little JavaScript at first (diagram and form libraries later)', async () => {
  const page = await newPage(browser);
  await loginTo(page, 'anna', '/tasklist/');
  await page.waitForURL(/\/tasklist\//);
  await page.locator('.task-item').first().waitFor();
  const scripts = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'))
    .map((e) => ({ name: e.name, size: e.encodedBodySize })));
  const total = scripts.reduce((s, x) => s + x.size, 0);
  console.log(`  initial Tasklist JavaScript over the wire: ${(total / 1024).toFixed(1)} KiB in ${scripts.length} files`);
  expect(total < 250 * 1024, `initial JavaScript ${total} bytes`);
  expect(!scripts.some((s) => /NavigatedViewer|form-js|index\.es/.test(s.name)), 'diagram or form library loaded up front');
  // Navigation to the list shown, logged in (the page marks the moment it has drawn the list).
  const times = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(base + '/tasklist/');
    await page.waitForFunction(() => document.body.dataset.listShown);
    times.push(Number(await page.evaluate(() => document.body.dataset.listShown)));
  }
  times.sort((a, b) => a - b);
  console.log(`  navigation -> task list shown (5 loads): median ${times[2].toFixed(0)} ms, max ${times[4].toFixed(0)} ms`);
  await page.context().close();
});

await scenario('start a process from the Tasklist with a business key (generic start form)', async () => {
  const page = await newPage(browser);
  await loginTo(page, 'anna', '/tasklist/');
  await page.waitForURL(/\/tasklist\//);
  await page.locator('.start-button').click();
  await page.locator('.def-item', { hasText: 'Loan check (web test)' }).first().waitFor();
  await shot(page, 'start-dialog-en-1280');
  await page.locator('.def-item', { hasText: 'Loan check (web test)' }).click();
  const key = `WEB-${run}-started`;
  await page.locator('dialog input').first().fill(key);
  await page.locator('dialog button[type=submit]').click();
  await page.locator('dialog .alert-ok').waitFor();
  await axeScan(page, 'start dialog');
  const started = await rest('GET', `/engine-rest/process-instance?businessKey=${key}`);
  expect(started.json.length === 1, 'no instance with the business key: ' + started.text);
  await page.context().close();
});

// A deployed Camunda Form (form-js) in Polish: a wrong value gets the field's message and
// completes nothing; a right one completes the task (the server validates it again).
await scenario('Camunda Form: Polish label, a wrong value gets the field\'s message, then complete', async () => {
  const page = await newPage(browser, { lang: 'pl' });
  const formTask = `Review form ${run}`;
  await loginTo(page, 'anna', '/tasklist/');
  await page.waitForURL(/\/tasklist\//);
  await page.locator('#search').fill(formTask);
  await page.locator('.tl-search button[type=submit]').click();
  await page.locator('.task-item', { hasText: formTask }).first().click();
  const taskId = decodeURIComponent((await page.waitForURL(/\/task\//), page.url()).match(/\/task\/([^/?]+)/)[1]);
  await page.locator('[data-action=claim]').click();
  await page.locator('.task-facts dd', { hasText: 'anna' }).waitFor();
  const field = page.locator('.fjs-form-field', { hasText: 'Sprawdzona kwota' });
  await field.waitFor();
  await field.locator('input').fill('500');
  await page.locator('.task-form button[type=submit]').click();
  await field.locator('.fjs-form-field-error').first().waitFor();
  // form-js's own message, in Polish from the message files.
  await field.locator('.fjs-form-field-error', { hasText: 'co najmniej 1000' }).waitFor();
  expect((await rest('GET', `/engine-rest/task/${taskId}`)).status === 200, 'the task ended despite the wrong value');
  // The server refuses the same value on its own (a browser that skipped form-js's check).
  const direct = await rest('POST', `/engine-rest/task/${taskId}/submit-form`,
    { variables: { checkedAmount: { value: 500, type: 'Long' } } }, ['anna', 'anna']);
  expect(direct.status === 400 && direct.json?.fieldErrors?.[0]?.field === 'checkedAmount', 'server accepted 500: ' + direct.text);
  await axeScan(page, 'Camunda Form with an error');
  await shot(page, 'task-form-errors-pl-1280');
  await field.locator('input').fill('5000');
  await page.locator('.task-form button[type=submit]').click();
  await page.locator('.tl-flash .alert-ok').waitFor();
  const gone = await rest('GET', `/engine-rest/task/${taskId}`);
  expect(gone.status === 404, 'not completed: ' + gone.text);
  await page.context().close();
});

// ---- contract endpoints (other branches): skipped while the server answers 404
await scenario('filters from the server: default filters with counts', async () => {
  const page = await newPage(browser);
  await loginTo(page, 'anna', '/tasklist/');
  await page.waitForURL(/\/tasklist\//);
  await page.locator('.filter-link', { hasText: 'My tasks' }).waitFor();
  await page.locator('.filter-link', { hasText: 'Unassigned' }).waitFor();
  await page.context().close();
}, '/engine-rest/filter?resourceType=Task');

await scenario('a second browser sees a new task appear without reloading', async () => {
  const page = await newPage(browser);
  await loginTo(page, 'anna', '/tasklist/');
  await page.waitForURL(/\/tasklist\//);
  await page.locator('.filter-link', { hasText: /group tasks/i }).click();
  await page.locator('.task-item').first().waitFor();
  const before = await page.locator('.task-item .task-name', { hasText: taskName }).count();
  const started = Date.now();
  await rest('POST', '/engine-rest/process-definition/key/web_loan_check/start', { businessKey: `WEB-${run}-live` });
  await page.waitForFunction(([name, n]) => [...document.querySelectorAll('.task-item .task-name')].filter((e) => e.textContent === name).length > n, [taskName, before], { timeout: 5000 });
  console.log(`  task created -> visible in the other browser: ${Date.now() - started} ms`);
  await page.context().close();
}, '/api/events');

await scenario('history tab marks the taken path and lists the variable change', async () => {
  const page = await newPage(browser);
  await login(page, 'demo');
  // The login's own navigation first: the launcher (demo may open several apps) or the Tasklist.
  await page.locator('.launcher, main.tl').first().waitFor();
  const approve = approvedAfterGenericForm;
  expect(approve, 'the generic-form scenario did not leave its next task');
  await page.goto(`${base}/tasklist/task/${approve.id}`);
  await page.locator('#tab-history').click();
  await page.locator('.diagram svg[data-element-id]').waitFor({ timeout: 15000 });
  await page.locator('.dpc-taken').first().waitFor({ state: 'attached' });  // an SVG group: attached, its path drawn
  await page.locator('.history-block table', { hasText: 'documentsComplete' }).waitFor();
  await page.context().close();
}, async () => {
  const approve = (await rest('GET', `/engine-rest/task?name=${encodeURIComponent('Approve ' + run)}`)).json[0];
  return `/api/history/process-instance/${approve?.processInstanceId}/sequence-flows`;
});

if (listTimeMs !== null) console.log(`  login page opened -> logged in -> task list shown: ${listTimeMs} ms`);
await finish(browser);
