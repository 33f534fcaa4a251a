// The Admin app in headless Chromium; see lib.mjs. The demo administrator (demo, in
// camunda-admin) creates a user and a group, puts the user in the group and grants the group
// READ on one of two process definitions and ACCESS to the Cockpit; the new user then sees only
// that process over REST and in the Cockpit (where the login takes them). Also: the administrator cannot
// remove themself from camunda-admin (the server's message is shown), the System screen
// lists this node, and every screen at 360 and 1280 px in Polish and English (axe, no
// sideways scroll, screenshots).
import {
  base, run, rest, model, deploy, scenario, expect, axeScan, noHorizontalScroll, shot, newPage, login,
  launchBrowser, finish,
} from './lib.mjs';

const seen = `adm_seen_${run}`;
const hidden = `adm_hidden_${run}`;
const userId = `web-${run}`;
const groupId = `webgrp-${run}`;
const password = 'steady harbour 4711';

await deploy(`admin-test-${run}`, {
  a: [`${seen}.bpmn`, model(seen, 'Seen by the group', [{ id: 't', name: 'T', group: groupId }])],
  b: [`${hidden}.bpmn`, model(hidden, 'Hidden from the group', [{ id: 't', name: 'T', group: groupId }])],
});

const browser = await launchBrowser();

// Logs in as the demo administrator and waits for the launcher (the session is set then).
async function loginAdmin(page) {
  await login(page, 'demo', 'demo');
  await page.locator('.launcher').waitFor();
}

async function openAdmin(page, hash = '') {
  await page.goto(base + '/admin/' + hash);
  await page.locator('.adm-tabs').waitFor();
}

await scenario('admin creates a user and a group, adds the membership, grants READ on one process; the user sees only it', async () => {
  const page = await newPage(browser, { width: 1280, lang: 'en' });
  await loginAdmin(page);
  await openAdmin(page, '#/users/new');
  const form = page.locator('form.adm-form');
  await form.locator('[name=id]').fill(userId);
  await form.locator('[name=firstName]').fill('Web');
  await form.locator('[name=lastName]').fill('Tester');
  await form.locator('[name=email]').fill(`${userId}@bank.example`);
  // A password against the policy: the rule is marked and nothing is created.
  await form.locator('[name=password]').fill('short');
  await form.locator('[name=repeat]').fill('short');
  await form.locator('button[type=submit]').click();
  await page.locator('.adm-policy li.bad').first().waitFor();
  await page.locator('.adm-msg .alert-error').waitFor();
  expect((await rest('GET', `/engine-rest/user/${userId}/profile`)).status === 404, 'a user was created with a bad password');
  await form.locator('[name=password]').fill(password);
  await form.locator('[name=repeat]').fill(password);
  await form.locator('button[type=submit]').click();
  await page.waitForURL((u) => u.hash === `#/users/${userId}`);
  await page.locator('.adm-head h2', { hasText: userId }).waitFor();

  await openAdmin(page, '#/groups/new');
  const gform = page.locator('form.adm-form');
  await gform.locator('[name=id]').fill(groupId);
  await gform.locator('[name=name]').fill('Web test team');
  await gform.locator('button[type=submit]').click();
  await page.waitForURL((u) => u.hash === `#/groups/${groupId}`);

  await openAdmin(page, `#/users/${userId}`);
  await page.locator('#add-group').selectOption(groupId);
  await page.locator('form:has(#add-group) button[type=submit]').click();
  await page.locator('.adm-chips a', { hasText: 'Web test team' }).waitFor();
  const members = await rest('GET', `/engine-rest/user?memberOfGroup=${groupId}`);
  expect(members.json.length === 1 && members.json[0].id === userId, 'membership not stored: ' + members.text);

  await openAdmin(page, '#/authorizations');
  const aform = page.locator('#auth-form');
  await aform.locator('[name=type]').selectOption('1');
  await aform.locator('[name=subject]').selectOption('group');
  await aform.locator('[name=who]').fill(groupId);
  await aform.locator('[name=resourceType]').selectOption('6');
  await aform.locator('[name=resourceId]').fill(seen);
  await aform.locator('input[name=perm][value=READ]').check();
  await aform.locator('button[type=submit]').click();
  await page.locator('.adm-msg .alert-ok').waitFor();
  // The list, filtered by Process definition, shows the new row.
  await page.locator('#auth-filter').selectOption('6');
  await page.locator('#auth-table td', { hasText: seen }).waitFor();

  // And the Cockpit application to the same group.
  await aform.locator('[name=type]').selectOption('1');
  await aform.locator('[name=subject]').selectOption('group');
  await aform.locator('[name=who]').fill(groupId);
  await aform.locator('[name=resourceType]').selectOption('0');
  await aform.locator('[name=resourceId]').fill('cockpit');
  await aform.locator('input[name=perm][value=ACCESS]').check();
  await aform.locator('button[type=submit]').click();
  await page.locator('#auth-filter').selectOption('0');
  await page.locator('#auth-table td', { hasText: 'cockpit' }).waitFor();

  const mine = await rest('GET', '/engine-rest/process-definition', undefined, [userId, password]);
  expect(mine.status === 200, 'process-definition as the new user: ' + mine.text);
  const keys = [...new Set(mine.json.map((d) => d.key))];
  expect(keys.length === 1 && keys[0] === seen, 'the new user sees ' + JSON.stringify(keys));
  const all = await rest('GET', '/engine-rest/process-definition');
  expect(all.json.some((d) => d.key === hidden), 'the admin does not see the hidden process');
  await page.context().close();

  // The new user signs in and, the Cockpit being the one app they may open, lands in it; it
  // lists only that process, and the other one's page answers that they may not see it.
  for (const [lang, width] of [['en', 1280], ['pl', 360]]) {
    const own = await newPage(browser, { width, lang });
    await login(own, userId, password);
    await own.waitForURL((u) => u.pathname === '/cockpit/');
    await own.locator(`a[data-key=${seen}]`).waitFor();
    expect(await own.locator(`a[data-key=${hidden}]`).count() === 0, 'the restricted user sees the hidden process in the Cockpit');
    expect(await own.locator('.cp-table a[data-key]').count() === 1, 'the restricted user sees more than one process');
    await noHorizontalScroll(own, 'restricted Cockpit');
    await shot(own, `admin-restricted-cockpit-${lang}-${width}`);
    const hiddenId = all.json.find((d) => d.key === hidden).id;
    await own.goto(`${base}/cockpit/process-definition/${encodeURIComponent(hiddenId)}`);
    await own.locator('.cp-head .alert-error').waitFor();
    await own.context().close();
  }
});

await scenario('the administrator cannot remove themself from camunda-admin: the server says why, nothing changes', async () => {
  const page = await newPage(browser, { width: 1280, lang: 'en' });
  await loginAdmin(page);
  await openAdmin(page, '#/users/demo');
  const chip = page.locator('.adm-chips li', { has: page.locator('a[href="#/groups/camunda-admin"]') });
  await chip.locator('button').click();
  const alert = page.locator('.adm-msg .alert-error');
  await alert.waitFor();
  expect((await alert.textContent()).includes('lock yourself out'), 'message: ' + await alert.textContent());
  const groups = await rest('GET', '/engine-rest/group?member=demo');
  expect(groups.json.some((g) => g.id === 'camunda-admin'), 'demo left camunda-admin');
  await page.context().close();
});

await scenario('every Admin screen at 360 and 1280 px, Polish and English: labelled, no serious axe violation, no sideways scroll', async () => {
  const screens = [['users', '#/users'], ['user', `#/users/${userId}`], ['user-new', '#/users/new'], ['groups', '#/groups'],
    ['group', `#/groups/${groupId}`], ['authorizations', '#/authorizations'], ['system', '#/system']];
  for (const lang of ['en', 'pl']) {
    for (const width of [360, 1280]) {
      const page = await newPage(browser, { width, lang });
      await loginAdmin(page);
      for (const [name, hash] of screens) {
        await openAdmin(page, hash);
        await page.locator('.adm-content h2').first().waitFor();
        await page.waitForTimeout(150);  // lists fill after their requests
        if (name === 'system') await page.locator('#nodes td').first().waitFor();
        if (lang === 'pl') {
          const tab = await page.locator('.adm-tabs a.active').textContent();
          expect(!/Users|Groups|Authorizations/.test(tab), `${name}: English tab in Polish: ${tab}`);
        }
        await noHorizontalScroll(page, `${name} (${lang})`);
        if (name === 'authorizations' && width === 360) {
          // Cards on a phone: the list does not scroll sideways inside its box either.
          await page.locator('#auth-table td').first().waitFor();
          const inner = await page.locator('.adm-cards-wrap').evaluate((e) => e.scrollWidth - e.clientWidth);
          expect(inner <= 0, `the authorizations list scrolls sideways by ${inner} px at 360`);
        }
        if (width === 1280) await axeScan(page, `${name} (${lang})`);
        await shot(page, `admin-${name}-${lang}-${width}`);
      }
      await page.context().close();
    }
  }
});

await scenario('System lists this node as alive with the pool and migrations', async () => {
  const sys = await rest('GET', '/api/system');
  expect(sys.status === 200, '/api/system: ' + sys.text);
  const page = await newPage(browser, { width: 1280, lang: 'en' });
  await loginAdmin(page);
  await openAdmin(page, '#/system');
  await page.locator('#nodes td', { hasText: sys.json.nodeId }).waitFor();
  await page.locator('#nodes .badge-ok').first().waitFor();
  await page.context().close();
}, '/api/system');

await finish(browser);
