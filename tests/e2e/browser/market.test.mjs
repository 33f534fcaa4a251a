// @samples (the demo catalogue of bpmn-samples/catalogue)
// Browser test of the Market's public pages (/market), as a customer on a 360 px phone: browse
// a category to a product, run the loan simulator on the product page (the result swapped in
// by the page's script) and follow "Apply" (the link's target: the /forms page is the forms
// app's), compare two deposits, see personal offers; then every page at 360 and 1280 px in
// Polish and English has no sideways scroll and no serious axe violation (screenshots with
// --shots). No login anywhere: these are public pages.
//
//   node market.test.mjs http://127.0.0.1:8080 ADMIN_USER ADMIN_PASSWORD [--shots DIR]  (see lib.mjs)
import { axeScan, base, expect, finish, launchBrowser, newPage, noHorizontalScroll, scenario, shot } from './lib.mjs';

const browser = await launchBrowser();
const phone = { width: 360, height: 780 };

await scenario('market: a customer browses from the categories to a deposit at 360 px', async () => {
  const page = await newPage(browser, { ...phone, lang: 'en' });
  await page.goto(`${base}/market`);
  expect(await page.locator('html').getAttribute('lang') === 'en', 'English by the browser\'s language');
  await noHorizontalScroll(page, 'market home');
  await axeScan(page, 'market home');
  await page.getByRole('link', { name: 'Deposit product', exact: true }).click();
  await page.waitForURL(/\/market\/categories\/deposit/);
  await page.locator('h1', { hasText: 'Deposit product' }).waitFor();
  await noHorizontalScroll(page, 'deposit category');
  await axeScan(page, 'deposit category');
  await page.getByRole('link', { name: '5.2% deposit for 12 months' }).click();
  await page.waitForURL(/\/market\/products\/term-deposit/);
  expect(await page.locator('h1').innerText() === '5.2% deposit for 12 months', 'the product page');
  expect(await page.locator('table.prices').innerText().then((t) => t.includes('5.2% a year')), 'the interest in the fees table');
  await noHorizontalScroll(page, 'deposit product');
  await axeScan(page, 'deposit product');
  // The language switch keeps the page.
  await page.getByRole('link', { name: 'Polski' }).click();
  await page.waitForURL(/lang=pl/);
  expect(await page.locator('h1').innerText() === 'Lokata 5,2% na 12 miesięcy', 'the same product in Polish');
  await page.context().close();
});

await scenario('market: the loan simulator on the product page, then Apply carries its values', async () => {
  const page = await newPage(browser, { ...phone, lang: 'pl' });
  await page.goto(`${base}/market/products/cash-loan`);
  await page.getByLabel('Kwota kredytu (zł)').fill('15000');
  await page.getByLabel('Okres (miesiące)').fill('24');
  await page.getByRole('button', { name: 'Policz' }).click();
  await page.locator('#result-title').waitFor();
  // Swapped in by the script: the address says what was simulated.
  expect(page.url().includes('amount=15000') && page.url().includes('months=24'), 'the URL keeps the values: ' + page.url());
  const summary = await page.locator('#simulator dl.summary-list').innerText();
  expect(/RRSO\s+\d+,\d{1,2}%/.test(summary), 'the APR is shown: ' + summary);
  // The schedule opens and stacks into rows: nothing scrolls sideways.
  await page.locator('details.schedule summary').click();
  expect(await page.locator('details.schedule tbody tr').count() === 24, '24 instalments');
  await noHorizontalScroll(page, 'loan schedule');
  await axeScan(page, 'loan product with result');
  await shot(page, 'market-loan-result-360-pl');
  const apply = page.locator('#apply');
  const href = await apply.getAttribute('href');
  expect(href === '/forms/cash-loan-application?productId=cash-loan&amount=15000&months=24&lang=pl', 'Apply link: ' + href);
  await apply.click();
  await page.waitForURL((u) => u.pathname === '/forms/cash-loan-application');
  const target = new URL(page.url());
  expect(target.searchParams.get('productId') === 'cash-loan' && target.searchParams.get('amount') === '15000'
    && target.searchParams.get('months') === '24' && target.searchParams.get('lang') === 'pl', 'followed Apply to ' + page.url());
  await page.context().close();
});

await scenario('market: a wrong amount shows beside its field and in the summary', async () => {
  const page = await newPage(browser, { ...phone, lang: 'en' });
  await page.goto(`${base}/market/products/cash-loan`);
  await page.getByLabel('Loan amount (PLN)').fill('50');
  await page.getByRole('button', { name: 'Calculate' }).click();
  await page.locator('.error-summary').waitFor();
  expect(await page.locator('#amount').getAttribute('aria-invalid') === 'true', 'the field is marked');
  expect((await page.locator('#amount-error').innerText()).includes('1,000'), 'the message names the range');
  await axeScan(page, 'loan product with an error');
  await page.context().close();
});

await scenario('market: two deposits compared side by side, differences marked, stacked on a phone', async () => {
  const page = await newPage(browser, { ...phone, lang: 'en' });
  await page.goto(`${base}/market/categories/deposit`);
  await page.getByRole('checkbox', { name: /Compare\W+Term deposit/ }).check();
  await page.getByRole('checkbox', { name: /Compare\W+Savings account/ }).check();
  await page.getByRole('button', { name: 'Compare selected' }).click();
  await page.waitForURL(/\/market\/compare/);
  const rate = page.locator('tr', { has: page.locator('th', { hasText: 'Annual interest rate' }) });
  expect(await rate.getAttribute('class') === 'differs', 'the rate row is marked as different');
  expect((await rate.innerText()).includes('5.2%') && (await rate.innerText()).includes('3.5%'), 'both rates: ' + await rate.innerText());
  const bfg = page.locator('tr', { has: page.locator('th', { hasText: 'Deposit guarantee (BFG)' }) });
  expect(await bfg.getAttribute('class') === null, 'the same guarantee is not marked');
  await noHorizontalScroll(page, 'comparison');
  await axeScan(page, 'comparison');
  await page.context().close();
});

await scenario('market: personal offers list what the visitor can get and why not the rest', async () => {
  const page = await newPage(browser, { ...phone, lang: 'en' });
  await page.goto(`${base}/market/offers`);
  await page.getByLabel('Age (years)').fill('30');
  await page.getByLabel('Monthly net income (PLN)').fill('2000');
  await page.getByRole('button', { name: 'Show the offers' }).click();
  await page.locator('#eligible-title').waitFor();
  const available = await page.locator('section[aria-labelledby=eligible-title]').innerText();
  expect(available.includes('5.2% deposit for 12 months'), 'the deposit is available');
  const not = await page.locator('section[aria-labelledby=not-eligible-title]').innerText();
  expect(not.includes('A net income of at least PLN 2,500 is required.'), 'the loan with its reason: ' + not);
  await noHorizontalScroll(page, 'personal offers');
  await axeScan(page, 'personal offers');
  await page.context().close();
});

// Every page, phone and desktop, Polish and English.
const pages = [
  ['home', '/market'],
  ['category', '/market/categories/deposit'],
  ['loan', '/market/products/cash-loan?amount=20000&months=12&instalments=decreasing'],
  ['deposit', '/market/products/term-deposit?amount=10000&months=12'],
  ['account', '/market/products/current-account'],
  ['compare', '/market/compare?products=term-deposit&products=savings-account'],
  ['compare-loan-card', '/market/compare?products=cash-loan&products=credit-card&products=account-package'],
  ['offers', '/market/offers?age=30&income=2000&segment=youth'],
  ['calculator', '/market/cash-loan?amount=10000&months=6&annualRate=9.99&upfrontFee=0&monthlyFee=0'],
  ['not-found', '/market/products/no-such'],
];
for (const lang of ['pl', 'en']) {
  for (const width of [360, 1280]) {
    await scenario(`market: every page at ${width} px in ${lang}: no sideways scroll, no serious axe violation`, async () => {
      const page = await newPage(browser, { width, height: width === 360 ? 780 : 860, lang });
      for (const [name, path] of pages) {
        const res = await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(res.status() === (name === 'not-found' ? 404 : 200), `${name}: status ${res.status()}`);
        if (name === 'loan') await page.locator('details.schedule summary').click();
        await noHorizontalScroll(page, `${name} (${lang})`);
        await axeScan(page, `${name} at ${width} px (${lang})`);
        await shot(page, `market-${name}-${width}-${lang}`);
      }
      await page.context().close();
    });
  }
}

await finish(browser);
