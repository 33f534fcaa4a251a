// @samples — this script runs against a dpc that deployed bpmn-samples/ (web_browser_test reads
// this marker): the public application forms of the samples, as a bank's customer uses them.
//
//   A customer follows an offer's link to /forms/cash-loan-application on a phone (360 px,
//   Polish): amount and term are pre-filled, the form goes step by step, a wrong PESEL comes
//   back from the server and is shown beside the field, fixed, sent (with a scan of the ID
//   card: a text file named .pdf is refused beside the field, a PNG named .pdf is taken as the
//   PNG it is); the application number is
//   shown, the process instance exists with the typed variables (checked over REST as an
//   admin), and the status page names the steps as a customer would.
//   Another customer saves a term-deposit application half-filled (English, desktop), opens its
//   link in a new browser and finishes it, switching to Polish on the way.
// axe-core finds no serious violation on any page; no page scrolls sideways at 360 px.
import {
  base, run, rest, scenario, expect, axeScan, noHorizontalScroll, shot, newPage, launchBrowser, finish,
} from './lib.mjs';

const browser = await launchBrowser();
// A PNG (its first bytes are what the server checks), and text that only claims to be a PDF.
const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 1)]);
const notPdf = Buffer.from('this is not a PDF');
const surname = `Wiśniewska-${run}`;

// A form-js field (not a group: a group holds its fields' texts) by its label.
const field = (page, label) => page.locator('.fjs-form-field:not(.fjs-form-field-group)', { hasText: label }).first();
const fill = (page, label, value) => field(page, label).locator('input, textarea').first().fill(value);
async function choose(page, label, option) {
  await field(page, label).locator('.fjs-input-group').click();
  await page.locator('.fjs-dropdownlist-item', { hasText: option }).first().click();
  await field(page, label).locator('.fjs-select-display', { hasText: option }).waitFor();
}
// The step title says which step is shown ("Krok 2 z 4: …").
async function atStep(page, n) {
  await page.locator('.pf-step-title', { hasText: new RegExp(`(Krok|Step) ${n} `) }).waitFor();
}
const next = (page) => page.locator('.pf-next').click();
async function checkPage(page, screen, name) {
  await noHorizontalScroll(page, screen);
  await axeScan(page, screen);
  await shot(page, name);
}
async function instanceOf(number) {
  const list = (await rest('GET', `/engine-rest/process-instance?businessKey=${encodeURIComponent(number)}`)).json;
  expect(list?.length === 1, `no instance for ${number}: ${JSON.stringify(list)}`);
  return list[0];
}

let statusLink = null;

await scenario('a customer applies for a cash loan on a phone (Polish): pre-filled, a wrong PESEL shown beside the field, then sent', async () => {
  const page = await newPage(browser, { lang: 'pl', width: 360, height: 780 });
  await page.goto(`${base}/forms/cash-loan-application?amount=20000&months=36&productId=cash-loan-standard`);
  await atStep(page, 1);
  expect(await field(page, 'Kwota kredytu').locator('input').inputValue() === '20000', 'amount not pre-filled');
  expect(await field(page, 'Okres spłaty').locator('input').inputValue() === '36', 'months not pre-filled');
  expect(await page.locator('header .user-button, .app-nav').count() === 0, 'the staff shell is shown to a customer');
  await checkPage(page, 'cash-loan step 1 (pl, 360)', 'forms-cash-loan-step1-pl-360');
  // A step is checked before the next opens.
  await next(page);
  await field(page, 'Na co przeznaczysz').locator('.fjs-form-field-error').waitFor();
  await atStep(page, 1);
  await field(page, 'Na co przeznaczysz').locator('label', { hasText: 'Inny cel' }).click();
  await field(page, 'Podaj cel kredytu').waitFor();  // shown by its FEEL condition
  await field(page, 'Na co przeznaczysz').locator('label', { hasText: 'Samochód' }).click();
  await field(page, 'Podaj cel kredytu').waitFor({ state: 'detached' });
  await next(page);

  await atStep(page, 2);
  await fill(page, 'Imię', 'Maria');
  await fill(page, 'Nazwisko', surname);
  await fill(page, 'PESEL', '44051401358');  // the right shape, a wrong check digit
  await fill(page, 'Adres e-mail', 'maria@example.pl');
  await fill(page, 'Telefon komórkowy', '601 234 567');
  await fill(page, 'Wiek', '42');
  const scan = field(page, 'Skan lub zdjęcie').locator('input[type=file]');
  await scan.setInputFiles({ name: 'dowod.pdf', mimeType: 'application/pdf', buffer: notPdf });
  await checkPage(page, 'cash-loan step 2 (pl, 360)', 'forms-cash-loan-step2-pl-360');
  await next(page);

  await atStep(page, 3);
  await choose(page, 'Źródło dochodu', 'Umowa o pracę');
  await fill(page, 'Pracodawca', 'Huta Łabędy');
  await fill(page, 'Miesięczny dochód netto', '6500');
  await fill(page, 'Numer konta do wypłaty', 'PL61 1090 1014 0000 0712 1981 2874');
  await next(page);

  await atStep(page, 4);
  await field(page, 'Biurze Informacji Kredytowej').locator('input[type=checkbox]').check();
  await field(page, 'Zapoznałem się').locator('input[type=checkbox]').check();
  await checkPage(page, 'cash-loan consents (pl, 360)', 'forms-cash-loan-step4-pl-360');
  await next(page);

  // The server refuses the file by its content: back to its step, the message beside it.
  await atStep(page, 2);
  await field(page, 'Skan lub zdjęcie').locator('.fjs-form-field-error', { hasText: 'nie jest dokumentem PDF' }).waitFor();
  await checkPage(page, 'cash-loan refused file (pl, 360)', 'forms-cash-loan-file-error-pl-360');
  await scan.setInputFiles({ name: 'dowod.pdf', mimeType: 'application/pdf', buffer: png });
  await next(page);
  await atStep(page, 3);
  await next(page);
  await atStep(page, 4);
  await next(page);

  // The server refuses the PESEL: the form goes back to its step and says so beside it.
  await atStep(page, 2);
  await field(page, 'PESEL').locator('.fjs-form-field-error', { hasText: 'PESEL' }).waitFor();
  await page.locator('.error-summary').waitFor();
  expect((await rest('GET', `/engine-rest/process-instance?variables=lastName_eq_${encodeURIComponent(surname)}`)).json.length === 0,
    'a refused application started a process');
  await checkPage(page, 'cash-loan wrong PESEL (pl, 360)', 'forms-cash-loan-pesel-error-pl-360');
  await fill(page, 'PESEL', '44051401359');
  await next(page);
  await atStep(page, 3);
  await next(page);
  await atStep(page, 4);
  await next(page);

  const number = (await page.locator('.pf-number').textContent({ timeout: 60000 })).trim();
  expect(/^W-\d{6}-[0-9A-Z]{6}$/.test(number), 'not an application number: ' + number);
  await checkPage(page, 'confirmation (pl, 360)', 'forms-cash-loan-confirmation-pl-360');
  const instance = await instanceOf(number);
  expect(instance.definitionId.startsWith('cash-loan-onboarding'), 'another process started: ' + instance.definitionId);
  const vars = (await rest('GET', `/engine-rest/process-instance/${instance.id}/variables`)).json;
  expect(vars.amount?.value === 20000 && vars.amount?.type === 'Integer', 'amount: ' + JSON.stringify(vars.amount));
  expect(vars.months?.value === 36, 'months: ' + JSON.stringify(vars.months));
  expect(vars.pesel?.value === '44051401359' && vars.lastName?.value === surname, 'the customer: ' + JSON.stringify(vars));
  expect(vars.productId?.value === 'cash-loan-standard', 'the offer: ' + JSON.stringify(vars.productId));
  expect(vars.consentCreditCheck?.value === true && vars.consentCreditCheck?.type === 'Boolean', 'consent: ' + JSON.stringify(vars.consentCreditCheck));
  expect(!('website' in vars) && !('purposeOther' in vars), 'honeypot or hidden field stored: ' + Object.keys(vars).join(','));
  const file = (await rest('GET', `/engine-rest/process-instance/${instance.id}/variables/idScan?deserializeValue=false`)).json;
  expect(file?.type === 'File' && file.valueInfo?.mimetype === 'image/png' && file.valueInfo?.filename === 'dowod.pdf',
    'the scan is not a File variable of its real type: ' + JSON.stringify(file));

  await page.locator('.pf-status-link').click();
  await page.locator('.pf-timeline').waitFor();
  statusLink = page.url();
  expect(await page.locator('.pf-timeline li[aria-current=step]', { hasText: 'Weryfikacja wniosku' }).count() === 1,
    'the status does not say the application is being checked: ' + await page.locator('main').innerText());
  expect(await page.locator('.pf-timeline li.pf-state-done', { hasText: 'Wniosek przyjęty' }).count() === 1, 'received is not done');
  await checkPage(page, 'status (pl, 360)', 'forms-status-pl-360');
  await page.context().close();
});

await scenario('the status page in English at 1280 px; a wrong token shows nothing', async () => {
  expect(statusLink, 'no status link from the first scenario');
  const page = await newPage(browser, { lang: 'en' });
  await page.goto(statusLink);
  await page.locator('.pf-timeline li[aria-current=step]', { hasText: 'Being checked' }).waitFor();
  await checkPage(page, 'status (en, 1280)', 'forms-status-en-1280');
  const url = new URL(statusLink);
  const token = url.searchParams.get('token');
  url.searchParams.set('token', (token[0] === 'x' ? 'y' : 'x') + token.slice(1));
  await page.goto(url.toString());
  await page.locator('.alert-error', { hasText: 'cannot find this application' }).waitFor();
  expect(await page.locator('.pf-timeline').count() === 0, 'a wrong token shows the steps');
  await page.context().close();
});

await scenario('a term-deposit application is saved half-filled (English, desktop) and finished from its link in a new browser', async () => {
  const page = await newPage(browser, { lang: 'en' });
  await page.goto(`${base}/forms/term-deposit-application?amount=50000&months=12&productId=deposit-12m`);
  await atStep(page, 1);
  expect(await field(page, 'Amount').locator('input').inputValue() === '50000', 'amount not pre-filled');
  await checkPage(page, 'term deposit step 1 (en, 1280)', 'forms-deposit-step1-en-1280');
  await next(page);
  await atStep(page, 2);
  await fill(page, 'First name', 'Anna');
  await fill(page, 'Last name', surname);
  await page.locator('.pf-save').click();
  const link = await page.locator('.pf-resume-link').getAttribute('href');
  expect(/\/forms\/resume\/[A-Za-z0-9_-]{40,}$/.test(link), 'not a resume link: ' + link);
  await checkPage(page, 'draft saved (en, 1280)', 'forms-deposit-draft-saved-en-1280');
  await page.context().close();

  // Another browser: nothing but the link.
  const other = await newPage(browser, { lang: 'en', width: 360, height: 780 });
  await other.goto(link);
  await other.locator('.alert-info', { hasText: 'Welcome back' }).waitFor();
  expect(await field(other, 'Amount').locator('input').inputValue() === '50000', 'the draft lost the amount');
  await checkPage(other, 'resumed draft (en, 360)', 'forms-deposit-resumed-en-360');
  // Polish on the way: the labels change, the answers stay.
  await other.locator('.pf-lang-btn', { hasText: 'Polski' }).click();
  await field(other, 'Kwota lokaty').waitFor();
  expect(await field(other, 'Kwota lokaty').locator('input').inputValue() === '50000', 'switching the language lost the amount');
  await shot(other, 'forms-deposit-resumed-pl-360');
  await next(other);
  await atStep(other, 2);
  expect(await field(other, 'Imię').locator('input').inputValue() === 'Anna', 'the draft lost the first name');
  await fill(other, 'PESEL', '44051401359');
  await fill(other, 'Adres e-mail', 'anna@example.pl');
  await fill(other, 'Telefon komórkowy', '+48 601 234 567');
  await checkPage(other, 'deposit step 2 (pl, 360)', 'forms-deposit-step2-pl-360');
  await next(other);
  await atStep(other, 3);
  await fill(other, 'Rachunek, na który', 'PL61109010140000071219812874');
  await field(other, 'regulaminem lokaty').locator('input[type=checkbox]').check();
  await next(other);
  const number = (await other.locator('.pf-number').textContent({ timeout: 60000 })).trim();
  const instance = await instanceOf(number);
  expect(instance.definitionId.startsWith('term-deposit-opening'), 'another process started: ' + instance.definitionId);
  const vars = (await rest('GET', `/engine-rest/process-instance/${instance.id}/variables`)).json;
  expect(vars.amount?.value === 50000 && vars.months?.value === 12 && vars.firstName?.value === 'Anna', 'deposit: ' + JSON.stringify(vars));
  expect(vars.productId?.value === 'deposit-12m', 'the offer was lost with the draft: ' + JSON.stringify(vars.productId));
  await checkPage(other, 'confirmation (pl, 360)', 'forms-deposit-confirmation-pl-360');
  await other.context().close();
});

await finish(browser);
