// End-to-end: dialogue outcomes in the browser. A policy maker groups a
// response to the demo's closed consultation into a new theme, records a
// decision that changes a roadmap item and publishes the outcome; the
// member of the public who wrote the response follows it from their
// comment to the decision and the item.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { base, start, stop, openPage, openPageWithCode, hydrated, signIn } from './support.mjs';

before(() => start());
after(stop);

const CONSULTATION = 'How registering IT and cyber security professionals will work';
const RESPONSE = 'Will the register be public';
const DECISION = 'Publish the register, with each professional\'s name and employer';
const ITEM = 'More professionals qualified and registered';

test('a policy maker tags, decides and publishes; the commenter follows their comment to the item', async () => {
  const priya = await openPageWithCode('policy@roundtable.example');

  // The consultation's analysis: one response is in no theme yet.
  await priya.click('text=Analysis');
  await priya.click(`text=${CONSULTATION}`);
  await priya.waitForSelector('[data-testid="analysis-summary"]');
  await hydrated(priya);
  assert.match(await priya.textContent('[data-testid="analysis-summary"]'), /8 comments, 1 not yet in a theme/);
  await priya.check('#filter-untagged');
  await priya.click('text=Show comments');
  await priya.waitForURL(/untagged=1/);
  await priya.waitForSelector(`[data-testid="analysis-comments"] >> text=${RESPONSE}`);
  assert.equal(await priya.locator('[data-testid="analysis-comments"] li[data-comment]').count(), 1);

  // A new theme, then the response tagged with it from the list.
  await priya.click('text=Add a theme');
  await priya.fill('#theme-name', 'A public register');
  await priya.click('[data-testid="add-theme"]');
  await priya.waitForSelector('#tag-theme >> option:has-text("A public register")', { state: 'attached' });
  await priya.locator('li[data-comment]', { hasText: RESPONSE }).locator('input[type="checkbox"]').check();
  await priya.selectOption('#tag-theme', { label: 'A public register' });
  await priya.click('[data-testid="tag-add"]');
  await priya.waitForSelector('[data-testid="no-comments"]');
  assert.match(await priya.textContent('[data-testid="analysis-summary"]'), /8 comments, 0 not yet in a theme/);

  // On the theme's page: a decision that changes a roadmap item, and the quote.
  await priya.click('[data-testid="themes"] >> text=A public register');
  await priya.waitForSelector('[data-testid="record-decision"]', { state: 'attached' });
  await hydrated(priya);
  await priya.click('text=Record a decision on this theme');
  await priya.fill('#decision-decision', DECISION);
  await priya.fill('#decision-reason', 'People asked to be able to check who looks after their records.');
  await priya.fill('#decision-action_owner', 'BCS registration team');
  await priya.fill('#decision-due_on', '2027-06-30');
  await priya.getByLabel(ITEM, { exact: true }).check();
  await priya.click('[data-testid="record-decision"]');
  await priya.waitForSelector(`[data-testid="decision"] >> text=${DECISION}`);
  await priya.locator('.rt-quote-choice', { hasText: RESPONSE }).locator('input').check();
  await priya.click('[data-testid="save-quotes"]');
  await priya.waitForFunction(() => document.querySelector('.rt-quote-choice input')?.checked);

  // The outcome page, published again with a new summary.
  await priya.click('text=See the outcome page');
  await priya.waitForSelector('[data-testid="publish-outcome"]');
  await hydrated(priya);
  await priya.fill('#outcome-summary', 'We asked how registration should work. We heard about fees, qualifications and a public register.');
  await priya.click('[data-testid="publish-outcome"]');
  await priya.waitForSelector('text=We heard about fees, qualifications and a public register.');
  assert.match(await priya.textContent('main'), new RegExp(DECISION));
  assert.deepEqual(priya.problems, []);
  await priya.context().close();

  // Pat opens the consultation, finds their response and follows it.
  const pat = await openPage();
  await signIn(pat, 'pat@example.org');
  await pat.goto(`${base}/consultations`);
  await pat.click(`text=${CONSULTATION}`);
  const comment = pat.locator('[data-testid="comment"]', { hasText: RESPONSE });
  await comment.waitFor();
  await hydrated(pat);
  await comment.locator('[data-testid="comment-outcome"]').click();
  await pat.waitForSelector('[data-testid="traced-theme"]');
  assert.match(await pat.textContent('[data-testid="traced-theme"]'), /A public register/);
  assert.match(await pat.textContent('main'), new RegExp(DECISION));
  await pat.click(`main >> text=${ITEM}`);
  await pat.waitForSelector(`h1:has-text("${ITEM}")`);
  assert.deepEqual(pat.problems, []);
  await pat.context().close();
});

test('the dashboard and the gap register read with JavaScript off', async () => {
  const page = await openPageWithCode('policy@roundtable.example', { javaScriptEnabled: false });
  await page.goto(`${base}/dashboard`);
  assert.ok(await page.locator('svg[role="img"]').count() >= 3, 'charts drawn on the server');
  assert.match(await page.textContent('[data-testid="figure-themes"]'), /Registration fees/);
  await page.goto(`${base}/gaps`);
  assert.ok(await page.locator('[data-testid="gap"]').count() >= 1, 'items in the gap register');
  await page.context().close();
});

test('a policy maker ticks the themes of one comment from the discussion', async () => {
  const priya = await openPageWithCode('policy@roundtable.example');
  await priya.goto(`${base}/consultations`);
  await priya.click(`text=${CONSULTATION}`);
  const comment = priya.locator('[data-testid="comment"]', { hasText: RESPONSE });
  await comment.waitFor();
  await hydrated(priya);
  await comment.locator('[data-testid="comment-themes"]').click();
  await priya.waitForSelector('[data-testid="comment-themes-form"]');
  await hydrated(priya);
  assert.ok(await priya.getByLabel('A public register', { exact: true }).isChecked(), 'the theme from the list is ticked');
  await priya.getByLabel('Registration fees', { exact: true }).check();
  await priya.click('[data-testid="save-comment-themes"]');
  await priya.waitForSelector('[data-testid="traced-theme"] >> text=Registration fees');
  await priya.reload();
  await priya.waitForSelector('[data-testid="comment-themes-form"]');
  assert.ok(await priya.getByLabel('Registration fees', { exact: true }).isChecked(), 'kept after a reload');
  assert.deepEqual(priya.problems, []);
  await priya.context().close();
});
