// The interface in Welsh and English in the browser (issue 11): a Welsh
// browser's first visit, hydrating in Welsh; the switch in the header that
// keeps the reader on their page, with and without JavaScript; the NHS.UK
// typeface; and pages that reflow at 320 CSS pixels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, start, stop, openPage, openPageWithCode, hydrated } from './support.mjs';

before(() => start());
after(stop);

const skipLink = (page) => page.locator('.nhsuk-skip-link').textContent();

test('a Welsh browser gets the interface in Welsh, hydrated in Welsh, and switches to English on the same page', async () => {
  const page = await openPage({ locale: 'cy-GB' });
  await page.goto(`${base}/`);
  await hydrated(page);
  assert.equal(await page.locator('h1').textContent(), 'Map trywydd y Glasbrint');
  // To an item in the browser (no reload): its facts in Welsh.
  await page.click('a[href="/items/1"]');
  await page.waitForURL(`${base}/items/1`);
  await page.locator('dt', { hasText: 'Dyddiad targed' }).waitFor();
  await page.goto(`${base}/items/1`);
  await hydrated(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'cy');
  assert.equal(await skipLink(page), "Neidio i'r prif gynnwys");
  assert.equal(await page.locator('dt').first().textContent(), 'Statws');
  assert.match(await page.title(), / – Roundtable$/);
  const toEnglish = page.locator('[data-testid="language-switch"]');
  assert.equal(await toEnglish.textContent(), 'English');
  assert.equal(await toEnglish.getAttribute('lang'), 'en');
  await toEnglish.click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(page.url(), `${base}/items/1`);
  await hydrated(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await skipLink(page), 'Skip to main content');
  // Remembered: the next page is in English too, whatever the browser says.
  await page.goto(`${base}/consultations`);
  await hydrated(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  // A page reached in the browser (no reload) switches back to itself.
  await page.click('a[href="/gaps"]');
  await page.waitForURL(`${base}/gaps`);
  await page.locator('[data-testid="language-switch"][href="/language/cy?back=/gaps"]').click();
  await page.waitForFunction(() => document.documentElement.lang === 'cy');
  assert.equal(page.url(), `${base}/gaps`);
  await hydrated(page);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('with JavaScript off, the switch works the same', async () => {
  const page = await openPage({ javaScriptEnabled: false });
  await page.goto(`${base}/consultations`);
  assert.equal(await skipLink(page), 'Skip to main content');
  await page.locator('[data-testid="language-switch"]').click();
  await page.waitForURL(`${base}/consultations`);
  assert.equal(await page.getAttribute('html', 'lang'), 'cy');
  assert.equal(await skipLink(page), "Neidio i'r prif gynnwys");
  await page.context().close();
});

test('text is set in the NHS.UK typeface stack, a sans-serif', async () => {
  const page = await openPage();
  await page.goto(`${base}/`);
  for (const selector of ['body', 'h1', 'p', '.nhsuk-header__service-name']) {
    const family = await page.locator(selector).first().evaluate((e) => getComputedStyle(e).fontFamily);
    assert.match(family, /^"Frutiger W01", arial, sans-serif$/i, `${selector}: ${family}`);
  }
  await page.context().close();
});

test('the audit log reflows at 320 CSS pixels: no sideways scrolling', async () => {
  const page = await openPageWithCode('admin@roundtable.example');
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(`${base}/admin/audit`);
  await hydrated(page);
  assert.ok(await page.locator('.rt-detail').count() > 0, 'the log has entries with details');
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= width, `the page is ${scroll} px wide in a ${width} px window`);
  await page.context().close();
});
