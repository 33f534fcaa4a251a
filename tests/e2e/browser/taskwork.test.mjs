// A task's work beyond its form, in the Tasklist, as bank staff do it: a due date set on the
// task (the list then marks it overdue), a task delegated to a colleague who resolves it and
// hands it back, a document attached, downloaded and deleted, and a comment. Each step is
// checked over REST as the admin. anna (loan-officers) works; maria (back office) is delegated to;
// a trainee who is only a candidate sees no hand-over controls and the server refuses them.
import {
  base, run, rest, model, deploy, scenario, expect, axeScan, noHorizontalScroll, shot, newPage, login, loginTo,
  launchBrowser, finish,
} from './lib.mjs';

await deploy(`web-taskwork-${run}`, {
  work: ['web_taskwork.bpmn', model('web_taskwork', 'Task work (web test)', [
    { id: 'prepare_contract', name: `Prepare contract ${run}`, group: 'loan-officers' },
  ])],
});
async function newTask(n) {
  const r = await rest('POST', '/engine-rest/process-definition/key/web_taskwork/start', { businessKey: `TW-${run}-${n}` });
  expect(r.status === 200, 'start failed: ' + r.text);
  const tasks = (await rest('GET', `/engine-rest/task?processInstanceId=${r.json.id}`)).json;
  expect(tasks.length === 1, 'no task: ' + JSON.stringify(tasks));
  return tasks[0].id;
}
const task = async (id) => (await rest('GET', `/engine-rest/task/${id}`)).json;

const browser = await launchBrowser();

/** Opens the task's page as `user` and claims it when nobody has. */
async function openTask(user, id, opts = {}) {
  const page = await newPage(browser, opts);
  await loginTo(page, user, `/tasklist/task/${encodeURIComponent(id)}`);
  await page.locator('#task-title').waitFor();
  return page;
}
async function claim(page, user) {
  await page.locator('[data-action=claim]').click();
  await page.locator('.task-facts dd', { hasText: user }).waitFor();
}
const pad = (n) => String(n).padStart(2, '0');
const localInput = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

await scenario('a due date set on the task reaches the server and the list marks the task overdue', async () => {
  const id = await newTask(1);
  const page = await openTask('anna', id);
  await claim(page, 'anna');
  await page.locator('details.task-manage summary').click();
  const due = new Date(Date.now() - 26 * 3600 * 1000); // yesterday: overdue
  due.setSeconds(0, 0);
  await page.locator('.task-dates input[type=datetime-local]').first().fill(localInput(due));
  await page.locator('.task-dates input[type=number]').fill('80');
  await page.locator('.task-dates button[type=submit]').click();
  await page.locator('.tl-detail .messages .alert-ok').waitFor();
  const t = await task(id);
  expect(t.due && Math.abs(new Date(t.due).getTime() - due.getTime()) < 1000, `due on the server: ${t.due}, typed ${due.toISOString()}`);
  expect(t.priority === 80, 'priority not saved: ' + t.priority);
  // In "My tasks" (beside the task at desktop width) it is marked overdue.
  await page.locator('.filter-link', { hasText: 'My tasks' }).click();
  await page.locator('.task-item', { hasText: `Prepare contract ${run}` }).locator('.badge-danger').first().waitFor();
  await noHorizontalScroll(page, 'task with a due date (en, 1280)');
  await axeScan(page, 'task with a due date (en, 1280)');
  await shot(page, 'taskwork-due-en-1280');
  await page.context().close();
});

await scenario('anna delegates the task to maria; maria resolves it (Polish, phone) and it comes back to anna', async () => {
  const id = await newTask(2);
  const page = await openTask('anna', id);
  await claim(page, 'anna');
  await page.locator('details.task-manage summary').click();
  await page.locator('.hand-over input').fill('maria');
  await page.locator('[data-action=delegate]').click();
  await page.locator('.task-facts dd', { hasText: 'maria' }).first().waitFor();
  let t = await task(id);
  expect(t.assignee === 'maria' && t.owner === 'anna' && t.delegationState === 'PENDING', 'after delegating: ' + JSON.stringify(t));
  await page.context().close();

  const other = await openTask('maria', id, { lang: 'pl', width: 360, height: 780 });
  // A delegated task is resolved, not completed: the button says so.
  const resolve = other.locator('[data-action=resolve]');
  await resolve.waitFor();
  await noHorizontalScroll(other, 'delegated task (pl, 360)');
  await axeScan(other, 'delegated task (pl, 360)');
  await shot(other, 'taskwork-delegated-pl-360');
  await resolve.click();
  // The task is anna's again and no longer maria's to see: back to her list, with the message.
  await other.locator('.tl-flash .alert-ok').waitFor();
  t = await task(id);
  expect(t.assignee === 'anna' && t.owner === 'anna' && t.delegationState === 'RESOLVED', 'after resolving: ' + JSON.stringify(t));
  await other.context().close();
});

await scenario('a document attached to the task is downloaded as uploaded and deleted; a comment is kept', async () => {
  const id = await newTask(3);
  const page = await openTask('anna', id, { lang: 'pl' });
  await claim(page, 'anna');
  const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(`umowa ${run} `.repeat(200))]);
  await page.locator('#tab-attachments').click();
  await page.locator('.attachment-form input[type=file]').setInputFiles({ name: 'umowa-kredytu.pdf', mimeType: 'application/pdf', buffer: bytes });
  await page.locator('.attachment-form input:not([type=file])').fill('Umowa do podpisu');
  await page.locator('.attachment-form button[type=submit]').click();
  const link = page.locator('.attachment a', { hasText: 'umowa-kredytu.pdf' });
  await link.waitFor();
  const list = (await rest('GET', `/engine-rest/task/${id}/attachment`)).json;
  expect(list.length === 1 && list[0].name === 'umowa-kredytu.pdf' && list[0].description === 'Umowa do podpisu', 'attachments: ' + JSON.stringify(list));
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  expect(Buffer.compare(await readFile(path), bytes) === 0, 'the downloaded document differs from the uploaded one');
  expect(download.suggestedFilename() === 'umowa-kredytu.pdf', 'downloaded as ' + download.suggestedFilename());
  await noHorizontalScroll(page, 'attachments (pl, 1280)');
  await axeScan(page, 'attachments (pl, 1280)');
  await shot(page, 'taskwork-attachments-pl-1280');
  await page.locator('.attachment button.btn-danger').click();
  await page.locator('.tab-panel p.muted').waitFor();
  expect((await rest('GET', `/engine-rest/task/${id}/attachment`)).json.length === 0, 'the attachment was not deleted');

  await page.locator('#tab-comments').click();
  await page.locator('.comment-form textarea').fill(`Klient prosi o kontakt po 16:00 (${run})`);
  await page.locator('.comment-form button[type=submit]').click();
  await page.locator('.comment', { hasText: 'po 16:00' }).waitFor();
  const comments = (await rest('GET', `/engine-rest/task/${id}/comment`)).json;
  expect(comments.length === 1 && comments[0].userId === 'anna', 'comments: ' + JSON.stringify(comments));
  await page.context().close();
});

await scenario('a candidate without the right to hand tasks over sees no hand-over controls, and the server refuses them', async () => {
  const id = await newTask(4);
  const guest = `trainee-${run}`;
  const password = 'quiet meadow 4711';
  const created = await rest('POST', '/engine-rest/user/create', {
    profile: { id: guest, firstName: 'Tomasz', lastName: 'Trainee', email: `${guest}@bank.example` }, credentials: { password },
  });
  expect(created.status === 204 || created.status === 200, 'user: ' + created.text);
  const grant = await rest('POST', '/engine-rest/authorization/create', {
    type: 1, permissions: ['ACCESS'], userId: guest, groupId: null, resourceType: 0, resourceId: 'tasklist',
  });
  expect(grant.status === 200, 'authorization: ' + grant.text);
  const link = await rest('POST', `/engine-rest/task/${id}/identity-links`, { userId: guest, type: 'candidate' });
  expect(link.status === 204, 'candidate: ' + link.text);
  const page = await newPage(browser);
  await login(page, guest, password, `/tasklist/task/${encodeURIComponent(id)}`);
  await page.locator('[data-action=claim]').waitFor();
  expect(await page.locator('details.task-manage').count() === 0, 'hand-over controls shown to a user who may not use them');
  const refused = await rest('POST', `/engine-rest/task/${id}/delegate`, { userId: 'anna' }, [guest, password]);
  expect(refused.status === 403, 'delegating without the right: ' + refused.status);
  await page.context().close();
});

await finish(browser);
