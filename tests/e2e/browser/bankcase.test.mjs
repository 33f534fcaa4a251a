// @samples — this script runs against a dpc that deployed bpmn-samples/ (web_browser_test reads
// this marker): the whole cash-loan case of `dpc serve --demo`, as bank staff work it, in Polish.
//
//   anna (sales clerk) starts an application from the Tasklist with the deployed start form,
//   the credit-bureau worker (this script, over REST) answers the external task, the DMN
//   table scores it MEDIUM, piotr (risk) underwrites it, and piotr as the branch manager
//   named in the application approves it; the instance ends at "Loan approved".
//
// Every form is the sample's own form-js file, in Polish (labels from properties["label.pl"]).
import {
  base, run, rest, scenario, expect, axeScan, noHorizontalScroll, shot, newPage, login, loginTo, launchBrowser, finish,
} from './lib.mjs';

const browser = await launchBrowser();
const surname = `Zielińska-${run}`;
let instanceId = null;

// A form-js field by its (Polish) label.
const field = (page, label) => page.locator('.fjs-form-field', { hasText: label }).first();
async function choose(page, label, option) {
  await field(page, label).locator('.fjs-input-group').click();
  await page.locator('.fjs-dropdownlist-item', { hasText: option }).first().click();
  await field(page, label).locator('.fjs-select-display', { hasText: option }).waitFor();  // taken
}
// The one open task of the case at `activity`, waited for (the engine works asynchronously).
async function taskAt(activity) {
  for (let i = 0; i < 100; i++) {
    const r = await rest('GET', `/engine-rest/task?processInstanceId=${instanceId}&taskDefinitionKey=${activity}`);
    if (r.json?.length === 1) return r.json[0];
    await new Promise((ok) => setTimeout(ok, 200));
  }
  throw new Error(`no open task at ${activity} for instance ${instanceId}`);
}
async function openAndClaim(page, user, task) {
  await loginTo(page, user, '/tasklist/');
  await page.waitForURL(/\/tasklist\//);
  await page.goto(`${base}/tasklist/task/${encodeURIComponent(task.id)}`);
  await page.locator('[data-action=claim]').click();
  await page.locator('.task-facts dd', { hasText: user }).waitFor();
}
// Waits for `ok` (a generous minute: ctest runs other suites beside this one on two cores); if
// it never shows, fails with what the screen says instead (a field's message, an error).
async function expectShown(page, ok, where) {
  try {
    await page.locator(ok).first().waitFor({ timeout: 60000 });
  } catch {
    throw new Error(`${ok} not shown; the screen says: ` + (await page.locator(where).first().innerText().catch(() => '?')).slice(0, 1500));
  }
}
async function submitTask(page, taskId) {
  await page.locator('.task-form button[type=submit]').click();
  await expectShown(page, '.tl-flash .alert-ok', 'main');
  expect((await rest('GET', `/engine-rest/task/${taskId}`)).status === 404, 'the task is still open');
}

await scenario('a clerk starts a cash-loan application with the sample\'s start form (Polish)', async () => {
  const page = await newPage(browser, { lang: 'pl' });
  await loginTo(page, 'anna', '/tasklist/');
  await page.waitForURL(/\/tasklist\//);
  await page.locator('.start-button').click();
  await page.locator('.def-item', { hasText: 'Cash loan onboarding' }).click();
  await field(page, 'Imię').waitFor();
  await field(page, 'Imię').locator('input').fill('Ewa');
  await field(page, 'Nazwisko').locator('input').fill(surname);
  await field(page, 'PESEL').locator('input').fill('85010112345');
  await field(page, 'Wiek').locator('input').fill('41');
  await field(page, 'Adres e-mail').locator('input').fill('ewa@example.pl');
  await choose(page, 'Zatrudnienie', 'Umowa o pracę');
  await field(page, 'Pracodawca').locator('input').fill('Huta Łabędy');
  await field(page, 'Miesięczny dochód netto').locator('input').fill('2500');
  await field(page, 'Wnioskowana kwota').locator('input').fill('15000');
  await field(page, 'Okres kredytowania').locator('input').fill('36');
  await choose(page, 'Cel kredytu', 'Remont mieszkania');
  await field(page, 'Dyrektor oddziału').locator('input').fill('piotr');
  // Without the consent the form refuses, beside the checkbox, and starts nothing.
  await page.locator('dialog button[type=submit]').click();
  await field(page, 'Wyrażam zgodę').locator('.fjs-form-field-error').waitFor();
  expect((await rest('GET', '/engine-rest/process-instance?processDefinitionKey=cash-loan-onboarding')).json.length === 0,
    'an application started without consent');
  await field(page, 'Wyrażam zgodę').locator('input[type=checkbox]').check();
  await page.locator('dialog input').first().fill(`WNIOSEK-${run}`);
  await shot(page, 'bankcase-start-form-pl-1280');
  await page.locator('dialog button[type=submit]').click();
  await expectShown(page, 'dialog .alert-ok', 'dialog');
  const started = await rest('GET', `/engine-rest/process-instance?businessKey=WNIOSEK-${run}`);
  expect(started.json?.length === 1, 'no instance: ' + started.text);
  instanceId = started.json[0].id;
  const vars = (await rest('GET', `/engine-rest/process-instance/${instanceId}/variables`)).json;
  expect(vars.amount?.value === 15000 && vars.lastName?.value === surname && vars.consentCreditCheck?.value === true,
    'application variables not stored: ' + JSON.stringify(vars));
  await page.context().close();
});

await scenario('the clerk reviews the application (identity verified, income confirmed)', async () => {
  const task = await taskAt('review_application');
  const page = await newPage(browser, { lang: 'pl', width: 360, height: 780 });
  await openAndClaim(page, 'anna', task);
  await field(page, 'Tożsamość zweryfikowana').locator('input[type=checkbox]').check();
  await field(page, 'Zweryfikowany miesięczny dochód').locator('input').fill('2500');
  await noHorizontalScroll(page, 'review form');
  await axeScan(page, 'review form');
  await shot(page, 'bankcase-review-pl-360');
  await submitTask(page, task.id);
  await page.context().close();
});

await scenario('the credit-bureau worker answers; the scoring table sends the case to underwriting', async () => {
  let locked = [];
  for (let i = 0; i < 100 && !locked.length; i++) {
    const r = await rest('POST', '/engine-rest/external-task/fetchAndLock', {
      workerId: `bureau-${run}`, maxTasks: 1, topics: [{ topicName: 'credit-check', lockDuration: 60000, businessKey: `WNIOSEK-${run}` }],
    });
    locked = r.json ?? [];
    if (!locked.length) await new Promise((ok) => setTimeout(ok, 200));
  }
  expect(locked.length === 1, 'no credit-check external task');
  const done = await rest('POST', `/engine-rest/external-task/${locked[0].id}/complete`, {
    workerId: `bureau-${run}`, variables: { bureauStatus: { value: 'CLEAN', type: 'String' } },
  });
  expect(done.status === 204, 'complete failed: ' + done.text);
  await taskAt('manual_underwriting');
  const scoring = (await rest('GET', `/engine-rest/process-instance/${instanceId}/variables/scoring`)).json;
  expect(JSON.stringify(scoring?.value ?? '').includes('620'), 'expected the MEDIUM score 620: ' + JSON.stringify(scoring));
});

await scenario('risk underwrites (a short justification is refused first) and approves as branch manager', async () => {
  const underwriting = await taskAt('manual_underwriting');
  // anna (not an underwriter) does not see it.
  expect((await rest('GET', `/engine-rest/task?processInstanceId=${instanceId}`, undefined, ['anna', 'anna'])).json.length === 0,
    'the clerk sees the underwriting task');
  const page = await newPage(browser, { lang: 'pl' });
  await openAndClaim(page, 'piotr', underwriting);
  await choose(page, 'Rekomendacja', 'Zatwierdzić');
  await field(page, 'Uzasadnienie').locator('textarea').fill('za krótko');
  await page.locator('.task-form button[type=submit]').click();
  await field(page, 'Uzasadnienie').locator('.fjs-form-field-error').waitFor();
  expect((await rest('GET', `/engine-rest/task/${underwriting.id}`)).status === 200, 'a refused form completed the task');
  await field(page, 'Uzasadnienie').locator('textarea').fill('Stabilne zatrudnienie, niska kwota względem dochodu.');
  await submitTask(page, underwriting.id);

  const approval = await taskAt('approve_loan');
  await page.goto(`${base}/tasklist/task/${encodeURIComponent(approval.id)}`);
  await page.locator('[data-action=claim]').click();
  await page.locator('.task-facts dd', { hasText: 'piotr' }).waitFor();
  await field(page, 'Zatwierdzam kredyt').locator('input[type=checkbox]').check();
  await shot(page, 'bankcase-approve-pl-1280');
  await submitTask(page, approval.id);

  let ended = null;
  for (let i = 0; i < 50 && !ended?.endTime; i++) {
    ended = (await rest('GET', `/engine-rest/history/process-instance/${instanceId}`)).json;
    if (!ended?.endTime) await new Promise((ok) => setTimeout(ok, 200));
  }
  expect(ended?.endTime && ended.state === 'COMPLETED', 'the case did not end: ' + JSON.stringify(ended));
  const endEvent = (await rest('GET', `/engine-rest/history/activity-instance?processInstanceId=${instanceId}&activityId=end_loan_approved`)).json;
  expect(endEvent?.length === 1, 'the case did not end at "Loan approved": ' + JSON.stringify(endEvent));
  const contract = (await rest('GET', `/engine-rest/history/variable-instance?processInstanceId=${instanceId}&variableName=contractAmount`)).json;
  expect(contract?.[0]?.value === 15000, 'contractAmount not prepared: ' + JSON.stringify(contract));
  await page.context().close();
});

await finish(browser);
