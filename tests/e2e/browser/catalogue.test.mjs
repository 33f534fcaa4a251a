// @samples
// The catalogue console in headless Chromium; see lib.mjs. The demo catalogue (bpmn-samples/
// catalogue/demo-catalogue.json, loaded by --demo) gives the dictionaries. The demo
// administrator (maker) defines a product type with a feature tree in the schema editor,
// creates a product of it (a wrong value shows the field's message as it is typed; a FEEL rule
// is checked by the server), writes its content in Polish and English, and submits it for
// review; publishing it as the same user shows the server's 403; a second user, created here
// through REST with catalogue rights (the maker-checker), publishes it, and it is then in the
// POST /api/catalogue/offers answer and on the offer check screen. A stale "new version" shows
// the server's 409; two versions are compared field by field; the audit trail names the
// checker. Files upload with a preview. Every screen at 360 and 1280 px in Polish and English:
// no serious axe violation, no sideways scroll, screenshots.
import { createHash } from 'node:crypto';
import {
  base, run, rest, scenario, expect, axeScan, noHorizontalScroll, shot, newPage, login, launchBrowser, finish,
} from './lib.mjs';

const typeKey = `deposit-${run}`;
const productKey = `web-deposit-${run}`;
const checker = `checker-${run}`;
const checkerPassword = 'quiet meadow 4711';

// The checker: a catalogue editor (group catalogue-editors, migration 0017's grant) who may open
// the console (Application "catalogue").
{
  const created = await rest('POST', '/engine-rest/user/create', {
    profile: { id: checker, firstName: 'Cora', lastName: 'Checker', email: `${checker}@bank.example` },
    credentials: { password: checkerPassword },
  });
  if (created.status !== 204 && created.status !== 200) throw new Error('user: ' + created.text);
  const member = await rest('PUT', `/engine-rest/group/catalogue-editors/members/${checker}`);
  if (member.status !== 204 && member.status !== 200) throw new Error('membership: ' + member.text);
  const grant = await rest('POST', '/engine-rest/authorization/create', {
    type: 1, permissions: ['ACCESS'], userId: checker, groupId: null, resourceType: 0, resourceId: 'catalogue',
  });
  if (grant.status !== 200) throw new Error('authorization: ' + grant.text);
}

const browser = await launchBrowser();

// Opens a screen and waits until it has drawn (a change of the hash alone keeps the old
// screen on the page for a moment).
async function open(page, hash) {
  await page.evaluate(() => { if (document.body) document.body.dataset.route = ''; }).catch(() => {});
  await page.goto(base + '/catalogue/' + hash);
  await page.locator(`body[data-route="${hash}"]`).waitFor();
}

async function asDemo(opts) {
  const page = await newPage(browser, opts);
  await login(page, 'demo', 'demo');
  await page.locator('.launcher').waitFor();
  return page;
}

const fieldError = (page, path) => page.locator(`[data-path="${path}"] > .field-error`);

await scenario('the demo catalogue editors (anna, maria) may open the console', async () => {
  for (const user of ['anna', 'maria']) {
    const me = await rest('GET', '/api/auth/me', undefined, [user, user]);
    expect(me.status === 200 && me.json.apps.includes('catalogue'), `${user}: ` + me.text);
  }
});

await scenario('a product type with a feature tree is defined in the schema editor', async () => {
  const page = await asDemo({ width: 1280, lang: 'en' });
  // The launcher offers the console.
  await page.locator('a.app-card[href="/catalogue/"], a[href="/catalogue/"]').first().waitFor();
  await open(page, '#/types/new');
  await page.locator('#type-key').fill(typeKey);
  await page.locator('[name="name.pl"]').fill('Lokata testowa');
  await page.locator('[name="name.en"]').fill('Test deposit');
  const top = page.locator('.cat-tree > .cat-level > .cat-actions');
  // A top-level text feature with a format.
  await top.locator('[data-add=feature]').click();
  await page.locator('[name="schema.features[0].key"]').fill('productCode');
  await page.locator('[name="schema.features[0].labels.pl"]').fill('Kod produktu');
  await page.locator('[name="schema.features[0].labels.en"]').fill('Product code');
  await page.locator('[name="schema.features[0].type"]').selectOption('text');
  await page.locator('[name="schema.features[0].required"]').check();
  await page.locator('[name="schema.features[0].pattern"]').fill('[A-Z]{2}-\\d{3}');
  // A group "interest" with a percentage (at most 10), a dictionary feature and a table.
  await top.locator('[data-add=group]').click();
  await page.locator('[name="schema.groups[0].key"]').fill('interest');
  await page.locator('[name="schema.groups[0].labels.pl"]').fill('Oprocentowanie');
  await page.locator('[name="schema.groups[0].labels.en"]').fill('Interest');
  const group = page.locator('fieldset[data-path="schema.groups[0]"] > .cat-level > .cat-actions');
  await group.locator('[data-add=feature]').click();
  await page.locator('[name="schema.groups[0].features[0].key"]').fill('rate');
  await page.locator('[name="schema.groups[0].features[0].labels.pl"]').fill('Oprocentowanie roczne');
  await page.locator('[name="schema.groups[0].features[0].labels.en"]').fill('Annual rate');
  await page.locator('[name="schema.groups[0].features[0].type"]').selectOption('percentage');
  await page.locator('[name="schema.groups[0].features[0].required"]').check();
  await page.locator('[name="schema.groups[0].features[0].max"]').fill('10');
  await group.locator('[data-add=feature]').click();
  await page.locator('[name="schema.groups[0].features[1].key"]').fill('capitalisation');
  await page.locator('[name="schema.groups[0].features[1].labels.en"]').fill('Capitalisation');
  await page.locator('[name="schema.groups[0].features[1].type"]').selectOption('dictionary');
  await page.locator('[name="schema.groups[0].features[1].dictionary"]').selectOption('interestCapitalisation');
  await page.locator('[name="schema.groups[0].features[1].default"]').selectOption('atMaturity');
  await group.locator('[data-add=feature]').click();
  await page.locator('[name="schema.groups[0].features[2].key"]').fill('tiers');
  await page.locator('[name="schema.groups[0].features[2].labels.en"]').fill('Rate by amount');
  await page.locator('[name="schema.groups[0].features[2].type"]').selectOption('table');
  await page.locator('[name="schema.groups[0].features[2].columns[0].key"]').fill('from');
  await page.locator('[name="schema.groups[0].features[2].columns[0].labels.en"]').fill('From (PLN)');
  // A minimum above the maximum is marked as it is typed.
  await page.locator('[name="schema.groups[0].features[0].min"]').fill('20');
  await fieldError(page, 'schema.groups[0].features[0].min').waitFor();
  await page.locator('[name="schema.groups[0].features[0].min"]').fill('0');
  expect(await fieldError(page, 'schema.groups[0].features[0].min').isHidden(), 'the min/max message stays');
  // The form preview shows the generated product form.
  await page.locator('[role=tab][data-tab=preview]').click();
  await page.locator('[data-tab=preview][aria-selected=true]').waitFor();
  await page.locator('[role=tabpanel][data-panel=preview] [data-path="features.interest.rate"]').waitFor();
  await page.locator('[role=tab][data-tab=schema]').click();
  await page.locator('#save-type').click();
  await page.waitForURL((u) => u.hash === `#/types/${typeKey}`);
  await page.locator('.cat-msg .alert-ok').waitFor();
  const saved = await rest('GET', `/api/catalogue/product-types/${typeKey}`);
  expect(saved.status === 200, 'type: ' + saved.text);
  const s = saved.json.schema;
  expect(s.features[0].key === 'productCode' && s.features[0].pattern === '[A-Z]{2}-\\d{3}' && s.features[0].required === true, 'feature: ' + JSON.stringify(s.features));
  const g = s.groups[0];
  expect(g.key === 'interest' && g.labels.en === 'Interest', 'group: ' + JSON.stringify(g));
  expect(g.features[0].type === 'percentage' && g.features[0].max === 10 && g.features[0].min === 0, 'rate: ' + JSON.stringify(g.features[0]));
  expect(g.features[1].dictionary === 'interestCapitalisation' && g.features[1].default === 'atMaturity', 'dictionary feature: ' + JSON.stringify(g.features[1]));
  expect(g.features[2].type === 'table' && g.features[2].columns[0].key === 'from', 'table: ' + JSON.stringify(g.features[2]));
  await page.context().close();
});

await scenario('a product of the new type: a wrong value shows its message as typed, FEEL is checked, content in Polish and English', async () => {
  const page = await asDemo({ width: 1280, lang: 'en' });
  await open(page, `#/products/new?type=${typeKey}`);
  expect(await page.locator('#np-type').inputValue() === typeKey, 'the type is not preselected');
  await page.locator('#np-key').fill(productKey);
  await page.locator('form.cat-form button[type=submit]').click();
  await page.locator('[name="name.en"]').fill('Test deposit 5%');
  await page.locator('[name="name.pl"]').fill('Lokata testowa 5%');
  await page.locator('[role=tab][data-tab=features]').click();
  const rate = page.locator('[data-path="features.interest.rate"] input');
  await rate.fill('12');
  const rateError = fieldError(page, 'features.interest.rate');
  await rateError.waitFor();
  expect((await rateError.textContent()).includes('at most 10'), 'message: ' + await rateError.textContent());
  expect(await rate.getAttribute('aria-invalid') === 'true', 'the field is not marked invalid');
  const code = page.locator('[data-path="features.productCode"] input');
  await code.fill('ab123');
  await fieldError(page, 'features.productCode').waitFor();
  // Saving with wrong values: the summary names them, nothing is created.
  await page.locator('#save').click();
  await page.locator('.error-summary').waitFor();
  expect((await rest('GET', `/api/catalogue/products/${productKey}`)).status === 404, 'a product was created with wrong values');
  await rate.fill('3,5');  // a Polish decimal comma is a number too
  expect(await rateError.isHidden(), 'the rate message stays after a right value');
  await code.fill('TD-001');
  // A table row.
  await page.locator('[data-path="features.interest.tiers"] button', { hasText: 'Add a row' }).click();
  await page.locator('[data-path="features.interest.tiers[0].from"] input').fill('1000');
  // An eligibility rule: the server checks the FEEL as it is typed.
  await page.locator('[role=tab][data-tab=eligibility]').click();
  await page.locator('#add-rule').click();
  await page.locator('[name="rule-key-0"]').fill('adult');
  await page.locator('[name="rule-condition-0"]').fill('customer.age >=');
  await page.locator('[data-path="eligibility[0].condition"].has-error').waitFor();
  await page.locator('[name="rule-condition-0"]').fill('customer.age = null or customer.age >= 18');
  await page.locator('[data-path="eligibility[0].condition"] [data-feel=valid]').waitFor();
  await page.locator('[name="eligibility[0].reason.en"]').fill('For adults.');
  // Content in Polish and English; the preview is a sandboxed frame.
  await page.locator('[role=tab][data-tab=content]').click();
  await page.locator('#content-lang').selectOption('pl');
  await page.locator('#content-title').fill('Lokata z gwarancją');
  await page.locator('#content-html').fill('<p>Zysk <strong>5%</strong></p><script>alert(1)</script>');
  await page.locator('#content-lang').selectOption('en');
  await page.locator('#content-title').fill('A guaranteed deposit');
  await page.locator('#content-summary').fill('Earn 5% a year.');
  const frame = page.locator('iframe.cat-preview');
  expect(await frame.getAttribute('sandbox') === '', 'the preview is not sandboxed');
  expect((await frame.getAttribute('srcdoc')).includes('A guaranteed deposit'), 'the preview does not show the title');
  await page.locator('#save').click();
  await page.waitForURL((u) => u.hash === `#/products/${productKey}`);
  await page.locator('.cat-msg .alert-ok').waitFor();
  const p = await rest('GET', `/api/catalogue/products/${productKey}`);
  expect(p.status === 200 && p.json.lifecycleStatus === 'In design', 'product: ' + p.text);
  expect(p.json.features.interest.rate === 3.5 && p.json.features.productCode === 'TD-001', 'features: ' + JSON.stringify(p.json.features));
  expect(p.json.features.interest.capitalisation === 'atMaturity', 'the default was not filled: ' + JSON.stringify(p.json.features));
  expect(p.json.features.interest.tiers[0].from === 1000, 'table row: ' + JSON.stringify(p.json.features.interest));
  expect(p.json.eligibility[0].condition === 'customer.age = null or customer.age >= 18', 'rule: ' + JSON.stringify(p.json.eligibility));
  expect(p.json.content.pl.default.title === 'Lokata z gwarancją' && p.json.content.en.default.title === 'A guaranteed deposit', 'content: ' + JSON.stringify(p.json.content));
  expect(!p.json.content.pl.default.html.includes('script') && p.json.content.pl.default.html.includes('<strong>5%</strong>'), 'html not cleaned: ' + p.json.content.pl.default.html);

  // Edit the English content again on the saved draft; the Polish one stays.
  await page.locator('[role=tab][data-tab=content]').click();
  await page.locator('#content-lang').selectOption('en');
  expect(await page.locator('#content-title').inputValue() === 'A guaranteed deposit', 'the English title did not load');
  await page.locator('#content-title').fill('A guaranteed deposit, 5%');
  await page.locator('#save').click();
  await page.locator('.cat-msg .alert-ok', { hasText: 'Version 1 saved' }).waitFor();
  const p2 = await rest('GET', `/api/catalogue/products/${productKey}`);
  expect(p2.json.content.en.default.title === 'A guaranteed deposit, 5%' && p2.json.content.pl.default.title === 'Lokata z gwarancją', 'content after edit: ' + JSON.stringify(p2.json.content));
  await page.context().close();
});

await scenario('maker-checker: the maker submits and cannot publish (403 shown); another user publishes; the offer is there', async () => {
  const page = await asDemo({ width: 1280, lang: 'en' });
  await open(page, `#/products/${productKey}`);
  await page.locator('[data-action=submit]').click();
  await page.locator('.cat-lc-status [data-status="In test"]').waitFor();
  await page.locator('.cat-msg .alert-ok').waitFor();
  await page.locator('[data-action=publish]').click();
  const refused = page.locator('.cat-msg [data-error=forbidden]');
  await refused.waitFor();
  expect((await refused.textContent()).includes('maker-checker'), 'message: ' + await refused.textContent());
  expect((await rest('GET', `/api/catalogue/products/${productKey}`)).json.lifecycleStatus === 'In test', 'the maker published');
  await page.context().close();

  const other = await newPage(browser, { width: 1280, lang: 'en' });
  await login(other, checker, checkerPassword);
  // With the console as the only app, the launcher opens it at once.
  await other.locator('.launcher, .cat-nav').first().waitFor();
  await open(other, `#/products/${productKey}`);
  await other.locator('.cat-lc-status [data-status="In test"]').waitFor();
  await other.locator('[data-action=publish]').click();
  await other.locator('.cat-lc-status [data-status=Active]').waitFor();
  const p = await rest('GET', `/api/catalogue/products/${productKey}`);
  expect(p.json.lifecycleStatus === 'Active' && p.json.publishedBy === checker && p.json.submittedBy === 'demo', 'after publish: ' + p.text);

  const offers = await rest('POST', '/api/catalogue/offers', { channel: 'online', language: 'en', customer: { age: 40, segment: 'mass' } });
  expect(offers.status === 200, 'offers: ' + offers.text);
  const mine = offers.json.offers.find((o) => o.product === productKey);
  expect(mine && mine.content.title === 'A guaranteed deposit, 5%', 'not offered: ' + JSON.stringify(offers.json.excluded.find((o) => o.product === productKey) ?? offers.json.offers.map((o) => o.product)));
  // The same on the console's offer check; a customer under 18 is left out with the rule's reason.
  await open(other, '#/offers');
  await other.locator('#check-offers').click();
  await other.locator(`[data-offer="${productKey}"]`).waitFor();
  await other.locator('#of-age').fill('16');
  await other.locator('#check-offers').click();
  const left = other.locator(`[data-excluded="${productKey}"]`);
  await left.waitFor();
  expect((await left.textContent()).includes('For adults.'), 'reason: ' + await left.textContent());
  await other.context().close();
});

await scenario('a stale "new version" shows the 409; two versions compared field by field; the audit trail names the checker', async () => {
  const page = await asDemo({ width: 1280, lang: 'en' });
  await open(page, `#/products/${productKey}`);
  await page.locator('[data-action=new-version]').waitFor();
  // Meanwhile someone else starts version 2.
  const v2 = await rest('POST', `/api/catalogue/products/${productKey}/versions`, {});
  expect(v2.status === 201 && v2.json.version === 2, 'version 2: ' + v2.text);
  await page.locator('[data-action=new-version]').click();
  const conflict = page.locator('.cat-msg [data-error=conflict]');
  await conflict.waitFor();
  expect((await conflict.textContent()).includes('In design'), 'message: ' + await conflict.textContent());
  // Version 2: change the rate, save, compare with version 1.
  await open(page, `#/products/${productKey}/2`);
  await page.locator('[role=tab][data-tab=features]').click();
  await page.locator('[data-path="features.interest.rate"] input').fill('4.25');
  await page.locator('#save').click();
  await page.locator('.cat-msg .alert-ok', { hasText: 'Version 2 saved' }).waitFor();
  await page.locator('[role=tab][data-tab=versions]').click();
  await page.locator('#versions-table').waitFor();
  await page.locator('#cmp-from').selectOption('1');
  await page.locator('#cmp-to').selectOption('2');
  await page.locator('#compare').click();
  const row = page.locator('#compare-table tr', { hasText: 'Annual rate' });
  await row.waitFor();
  expect((await row.locator('del').textContent()) === '3.5' && (await row.locator('ins').textContent()) === '4.25', 'compare row: ' + await row.textContent());
  await page.locator('[role=tab][data-tab=audit]').click();
  const published = page.locator('#audit-table tr', { hasText: 'Published' });
  await published.first().waitFor();
  expect((await published.first().textContent()).includes(checker), 'audit: ' + await published.first().textContent());
  await page.context().close();
});

// A 1×1 PNG and a tiny PDF.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const pdf = Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF ${run}\n`);

await scenario('files upload with a preview: an image as a thumbnail, a PDF as a link', async () => {
  const page = await asDemo({ width: 1280, lang: 'en' });
  await open(page, '#/assets');
  await page.locator('#asset-file').setInputFiles([
    { name: `logo-${run}.png`, mimeType: 'image/png', buffer: png },
    { name: `terms-${run}.pdf`, mimeType: 'application/pdf', buffer: pdf },
  ]);
  await page.locator('#upload').click();
  await page.locator('.cat-msg .alert-ok').waitFor();
  const list = await rest('GET', '/api/catalogue/assets');
  // The same bytes are one asset whatever their name: found by their hash.
  const img = list.json.find((a) => a.sha256 === createHash('sha256').update(png).digest('hex'));
  const doc = list.json.find((a) => a.fileName === `terms-${run}.pdf`);
  expect(img && img.contentType === 'image/png' && doc && doc.contentType === 'application/pdf', 'assets: ' + list.text);
  const thumb = page.locator(`[data-sha="${img.sha256}"] img`);
  await thumb.waitFor();
  expect(await thumb.evaluate((i) => i.complete && i.naturalWidth === 1), 'the thumbnail did not load');
  await page.locator(`[data-sha="${doc.sha256}"] a.cat-file[href="/cdn/${doc.sha256}"]`).waitFor();
  await page.context().close();
});

await scenario('an SMS template in Polish and English: the live preview counts UCS-2 for Polish letters, GSM-7 without', async () => {
  const key = `sms-${run}`;
  const page = await asDemo({ width: 1280, lang: 'en' });
  await open(page, '#/templates/new');
  await page.locator('#tpl-key').fill(key);
  await page.locator('#tpl-chan').selectOption('sms');
  await page.locator('[name="name.pl"]').fill('Potwierdzenie wniosku');
  await page.locator('[name="name.en"]').fill('Application confirmation');
  await page.locator('#tpl-lang').selectOption('pl');
  await page.locator('[name="content.pl.text"]').fill('Dzień dobry {{customer.firstName}}, wniosek przyjęty.');
  await page.locator('#sms-stats [data-encoding="UCS-2"]').waitFor();
  expect(await page.locator('#sms-stats [data-segments]').getAttribute('data-segments') === '1', 'segments (pl)');
  expect((await page.locator('.cat-bubble').textContent()).includes('Dzień dobry Anna'), 'the sample data is not filled in');
  await page.locator('#tpl-lang').selectOption('en');
  await page.locator('[name="content.en.text"]').fill('Hello {{customer.firstName}}, we have your application.');
  await page.locator('#sms-stats [data-encoding="GSM-7"]').waitFor();
  // A variable the sample data lacks: the preview says which.
  await page.locator('[name="content.en.text"]').fill('Hello {{customer.lastName}}');
  await page.locator('[data-preview-error]', { hasText: 'customer.lastName' }).waitFor();
  await page.locator('[name="content.en.text"]').fill('Hello {{customer.firstName}}, we have your application.');
  await page.locator('#sms-stats [data-encoding="GSM-7"]').waitFor();
  await page.locator('#save').click();
  await page.waitForURL((u) => u.hash === `#/templates/${key}`);
  const tpl = await rest('GET', `/api/catalogue/templates/${key}`);
  expect(tpl.status === 200 && tpl.json.channel === 'sms' && tpl.json.content.pl.text.startsWith('Dzień dobry') && tpl.json.content.en.text.startsWith('Hello'), 'template: ' + tpl.text);
  await page.context().close();
}, '/api/catalogue/templates');

await scenario('every screen at 360 and 1280 px, Polish and English: no serious axe violation, no sideways scroll', async () => {
  const screens = [
    ['products', '#/products', '#products-table'], ['product', `#/products/${productKey}/2`, '.cat-lifecycle'],
    ['product-features', `#/products/${productKey}/2?tab=features`, '[data-path="features.interest.rate"]'],
    ['product-content', `#/products/${productKey}/2?tab=content`, 'iframe.cat-preview'],
    ['product-new', '#/products/new', '#np-type'], ['types', '#/types', '#types-table'],
    ['type', `#/types/${typeKey}`, '.cat-tree'], ['type-demo', '#/types/cash-loan', '.cat-tree'],
    ['dictionaries', '#/dictionaries', '#dictionaries-table'], ['dictionary', '#/dictionaries/segment', '#entries'],
    ['promotions', '#/promotions', '#promotions-table'], ['promotion', '#/promotions/spring-loan', '.cat-lifecycle'],
    ['assets', '#/assets', '#assets li'], ['channels', '#/channels', '#matrix'], ['offers', '#/offers', '#check-offers'],
    ['demo-product', '#/products/cash-loan?tab=features', '[data-path="features.interest.bySegment"]'],
    ['templates', '#/templates', '.cat-head'],
  ];
  for (const lang of ['en', 'pl']) {
    for (const width of [360, 1280]) {
      const page = await asDemo({ width, lang });
      for (const [name, hash, ready] of screens) {
        await open(page, hash);
        await page.locator(ready).first().waitFor();
        await page.waitForTimeout(150);
        if (lang === 'pl') {
          const tab = await page.locator('.cat-nav a.active').textContent();
          expect(!/Products|Product types|Dictionaries|Promotions|Files|Channels|Templates/.test(tab), `${name}: English in Polish: ${tab}`);
        }
        await noHorizontalScroll(page, `${name} (${lang})`);
        // axe on every screen in English at 1280 px; the product screens also at 360 px and in
        // Polish (the structure is the same in both languages; the scans are what takes time).
        if ((lang === 'en' && width === 1280) || name.startsWith('product')) await axeScan(page, `${name} (${lang}, ${width})`);
        await shot(page, `catalogue-${name}-${lang}-${width}`);
      }
      await page.context().close();
    }
  }
});

await finish(browser);
