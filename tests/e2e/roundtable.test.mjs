// End-to-end tests in headless Chromium: reading, signing up and in
// (locally, with a second step, and through institutions' providers),
// discussing, drafting and publishing. Setup and shared steps: support.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  base, start, stop, openPage, hydrated, signIn, totp, DEMO_PASSWORD, DEMO_TOTP_SECRET,
} from './support.mjs';

before(() => start({ withProvider: true }));
after(stop);

test('pages hydrate without console errors', async () => {
  const page = await openPage();
  for (const path of ['/', '/items/1', '/sign-in', '/sign-up']) {
    await page.goto(`${base}${path}`);
    await hydrated(page);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// What a member of the public downloads before a roadmap or item page is
// interactive: the browser bundle's main module and its JavaScript, plus any
// split module the page needed. The drafting, sign-in and administration
// code is split off (app/src/routes.rs) and must stay off these pages.
// Sizes are as sent: the brotli or gzip copy scripts/build made (whichever
// the browser accepts). The target is 400 KB (issue 13); the split reached
// 487 KB gzipped for the release bundle (the tests' bundle, with hydration
// diagnostics, is a little larger), so this budget keeps what the split won
// while the rest of the way is made.
const PUBLIC_BUDGET_COMPRESSED = 520 * 1024;

test('a public page loads little script before it is interactive, and lazy pages their own', async () => {
  for (const path of ['/', '/items/1']) {
    // A new browser context each time: nothing cached.
    const page = await openPage();
    await page.goto(`${base}${path}`);
    await hydrated(page);
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => /\.(wasm|js)(\?|$)/.test(e.name))
      .map((e) => ({ url: e.name, sent: e.encodedBodySize, size: e.decodedBodySize })));
    const urls = scripts.map((s) => s.url);
    assert.ok(urls.some((u) => u.endsWith('.wasm')), `the page loaded its wasm: ${urls}`);
    assert.ok(!urls.some((u) => /split_/.test(u)), `${path} needs no lazy route's code: ${urls}`);
    // What went over the wire: the precompressed copies the server sent.
    const sent = scripts.reduce((n, s) => n + s.sent, 0);
    const size = scripts.reduce((n, s) => n + s.size, 0);
    const encoding = await page.evaluate(async (url) => (await fetch(url)).headers.get('content-encoding'),
      urls.find((u) => u.endsWith('.wasm')));
    console.log(`${path}: ${scripts.length} scripts, ${(size / 1024).toFixed(0)} KB, ${(sent / 1024).toFixed(0)} KB sent (${encoding})`);
    assert.ok(['br', 'gzip'].includes(encoding), `the wasm was sent compressed, not ${encoding}`);
    assert.ok(sent * 2 < size, `compressed: ${sent} of ${size} bytes`);
    assert.ok(sent <= PUBLIC_BUDGET_COMPRESSED, `${path} loads ${(sent / 1024).toFixed(0)} KB compressed`);
    await page.context().close();
  }
  const page = await openPage();
  // A lazy route loads its own module when it is visited.
  await page.goto(`${base}/sign-in`);
  await hydrated(page);
  const split = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => e.name).filter((u) => /split_/.test(u)));
  assert.ok(split.length > 0, 'the sign-in page loaded its split module');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a visitor signs up and is signed in', async () => {
  const page = await openPage();
  await page.goto(`${base}/sign-up`);
  await hydrated(page);
  await page.fill('#display_name', 'Robin Browser');
  await page.fill('#email', 'robin@example.org');
  await page.fill('#password', 'short');
  await page.click('[data-testid="sign-up"]');
  await page.waitForSelector('.nhsuk-error-summary');
  assert.match(await page.textContent('.nhsuk-error-summary'), /at least 12 characters/);
  assert.equal(await page.inputValue('#display_name'), 'Robin Browser', 'text kept after the error');
  await page.fill('#password', 'lantern orbit meadow 42');
  await page.click('[data-testid="sign-up"]');
  await page.waitForSelector('[data-testid="signed-in-as"]');
  assert.match(await page.textContent('[data-testid="signed-in-as"]'), /Robin Browser/);
  // The refused first attempt is a 422 answer, which Chromium logs; nothing else may appear.
  assert.deepEqual(page.problems.filter((p) => !p.includes('status of 422')), []);
  await page.context().close();
});

test('a signed-in user posts a comment without a page reload', async () => {
  const page = await openPage();
  await signIn(page, 'sam@bt.com');
  await page.goto(`${base}/items/2`);
  await hydrated(page);
  await page.evaluate(() => { window.__sameDocument = true; });
  const form = page.locator('[data-testid^="comment-"][data-testid$="-form"]').first();
  await form.locator('textarea').fill('Posted from the hydrated page, no reload.');
  await form.locator('button[type="submit"]').click();
  await page.waitForSelector('text=Posted from the hydrated page, no reload.');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
  assert.equal(await form.locator('textarea').inputValue(), '', 'the form is ready for the next comment');
  const badge = await page.locator('[data-testid="comment"]', { hasText: 'no reload' }).locator('.rt-badge').textContent();
  assert.equal(badge, 'BT');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('with JavaScript off, signing in and posting still work', async () => {
  const page = await openPage({ javaScriptEnabled: false });
  await signIn(page, 'pat@example.org', DEMO_PASSWORD, { js: false });
  await page.goto(`${base}/items/3`);
  const form = page.locator('[data-testid^="comment-"][data-testid$="-form"]').first();
  await form.locator('textarea').fill('');
  await form.locator('button[type="submit"]').click();
  await page.waitForSelector('.nhsuk-error-summary');
  assert.match(await page.textContent('.nhsuk-error-summary'), /Enter your comment/);
  await page.locator('[data-testid^="comment-"][data-testid$="-form"]').first().locator('textarea')
    .fill('Posted with JavaScript turned off.');
  await page.locator('[data-testid^="comment-"][data-testid$="-form"]').first().locator('button[type="submit"]').click();
  await page.waitForSelector('text=Posted with JavaScript turned off.');
  await page.context().close();
});

test('script in a comment never runs in a reader\'s browser', async () => {
  const writer = await openPage();
  await signIn(writer, 'dana@wales.nhs.uk');
  await writer.goto(`${base}/items/4`);
  await hydrated(writer);
  const payloads = [
    '<img src=x onerror="window.__xss=1">',
    '<script>window.__xss=2</script>',
    '[click](javascript:window.__xss=3)',
    '<a href="javascript:window.__xss=4">link</a>',
    '</textarea><img src=x onerror="window.__xss=5">',
  ];
  for (const payload of payloads) {
    const form = writer.locator('[data-testid^="comment-"][data-testid$="-form"]').first();
    await form.locator('textarea').fill(payload);
    await Promise.all([
      writer.waitForResponse((r) => r.url().includes('/api/post_comment')),
      form.locator('button[type="submit"]').click(),
    ]);
  }
  const reader = await openPage();
  await reader.goto(`${base}/items/4`);
  await hydrated(reader);
  for (const link of await reader.locator('.rt-comment__body a').all()) {
    const href = (await link.getAttribute('href')) ?? '';
    assert.ok(!/^\s*javascript:/i.test(href), `javascript: link survived: ${href}`);
    await link.click({ noWaitAfter: true }).catch(() => {});
  }
  assert.equal(await reader.evaluate(() => window.__xss), undefined, 'no payload ran for the reader');
  assert.equal(await writer.evaluate(() => window.__xss), undefined, 'no payload ran for the writer');
  assert.equal(await reader.locator('.rt-comment__body img, .rt-comment__body script').count(), 0);
  assert.deepEqual(reader.problems.filter((p) => !p.includes('Content Security Policy')), []);
  await writer.context().close();
  await reader.context().close();
});

test('a partner signs in through their institution\'s identity provider', async () => {
  const page = await openPage();
  await page.goto(`${base}/sign-in`);
  await hydrated(page);
  await page.click('text=Sign in with your institution');
  await page.waitForSelector('[data-testid="partner-continue"]');
  await page.fill('#email', 'rhys@wales.nhs.uk');
  await page.click('[data-testid="partner-continue"]');
  // At NHS Wales's provider.
  await page.waitForURL(/127\.0\.0\.1:4011\/interaction\//);
  await page.fill('#login', 'rhys@wales.nhs.uk');
  await page.fill('#password', 'provider password');
  await page.click('#submit');
  // Back at Roundtable, signed in as a partner who sees partner-only threads.
  await page.waitForSelector('[data-testid="signed-in-as"]');
  page.problems.length = 0; // what the provider's own pages logged is not ours to judge
  assert.match(await page.textContent('[data-testid="signed-in-as"]'), /Rhys Morgan.*NHS Wales/);
  await page.goto(`${base}/items/1`);
  await hydrated(page);
  assert.equal(await page.locator('text=Partner working notes').count(), 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an administrator signs in with a code from their app and checks a provider', async () => {
  const page = await openPage();
  await page.goto(`${base}/sign-in`);
  await hydrated(page);
  await page.fill('#email', 'admin@roundtable.example');
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('[data-testid="sign-in"]');
  // The password alone is not enough.
  await page.waitForURL(/\/sign-in\/code$/);
  assert.equal(await page.locator('[data-testid="signed-in-as"]').count(), 0);
  await page.fill('#code', totp(DEMO_TOTP_SECRET));
  await page.click('[data-testid="verify-code"]');
  await page.waitForSelector('[data-testid="signed-in-as"]');
  assert.match(await page.textContent('[data-testid="signed-in-as"]'), /Alex Morgan/);

  await page.click('text=Administration');
  await page.waitForSelector('[data-testid="institutions"]');
  await page.click('text=NHS Wales staff sign-in');
  await page.waitForSelector('[data-testid="check-provider"]');
  await page.click('[data-testid="check-provider"]');
  await page.waitForSelector('[data-testid="check-report"]');
  assert.match(await page.textContent('[data-testid="check-report"]'), /can work/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('partners edit a shared draft and compare revisions in the browser', async () => {
  const page = await openPage();
  await signIn(page, 'dana@wales.nhs.uk');
  await page.click('text=Drafts');
  await page.waitForSelector('[data-testid="drafts"]');
  await page.click('text=Board accountability statement');
  await page.waitForSelector('[data-testid="owners"]');
  await hydrated(page);
  assert.match(await page.textContent('[data-testid="owners"]'), /BT, NHS Wales/);
  await page.locator('[data-testid="edit-section"]').first().click();
  await page.waitForSelector('[data-testid="save-section"]');
  await hydrated(page);
  await page.fill('#body', 'Every NHS board names one executive who is **accountable for cyber security**, and publishes the name in its annual report.');
  await page.fill('#message', 'Say where it is published');
  await page.click('[data-testid="save-section"]');
  await page.waitForSelector('text=publishes the name in its annual report');
  assert.match(await page.textContent('[data-testid="latest-revision"]'), /Revision 4: Dana Evans \(NHS Wales\) edited “Purpose”/);
  await page.click('text=History');
  await page.waitForSelector('[data-testid="revisions"]');
  await page.click('[data-testid="compare"]');
  await page.waitForSelector('[data-testid="section-diff"]');
  assert.match(await page.textContent('ins.rt-ins'), /publishes the name in its annual report/);
  // Dana signs off the new revision for NHS Wales.
  await page.goto(`${base}/drafts/1`);
  await hydrated(page);
  await page.fill('#sign-off-statement', 'NHS Wales signs off this wording.');
  await page.click('[data-testid="sign-off"]');
  await page.waitForSelector('[data-testid="sign-offs"]');
  assert.match(await page.textContent('[data-testid="sign-off-summary"]'), /1 of 2 owning institutions needed have signed off revision 4/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/** Signs in through the institution's identity provider (the test provider). */
async function partnerSignIn(page, email) {
  await page.goto(`${base}/partner-sign-in`);
  await hydrated(page);
  await page.fill('#email', email);
  await page.click('[data-testid="partner-continue"]');
  await page.waitForURL(/127\.0\.0\.1:401[12]\/interaction\//);
  await page.fill('#login', email);
  await page.fill('#password', 'provider password');
  await page.click('#submit');
  await page.waitForSelector('[data-testid="signed-in-as"]');
  page.problems.length = 0; // what the provider's own pages logged is not ours to judge
}

test('two institutions draft, suggest, accept, sign off and publish; the public comments', async () => {
  // Dana (NHS Wales's lead) starts a draft, inviting BT to co-own it.
  const dana = await openPage();
  await signIn(dana, 'dana@wales.nhs.uk');
  await dana.goto(`${base}/drafts/new`);
  await hydrated(dana);
  await dana.fill('#title', 'Reporting incidents across organisations');
  await dana.getByLabel('BT', { exact: true }).check();
  await dana.fill('#heading', 'Scope');
  await dana.fill('#body', 'Every organisation reports serious incidents quickly.');
  await dana.click('[data-testid="create-draft"]');
  await dana.waitForSelector('[data-testid="owners"]');
  await hydrated(dana);
  assert.equal((await dana.textContent('[data-testid="owners"]')).trim(), 'NHS Wales');
  assert.match(await dana.textContent('[data-testid="invitations"]'), /BT: invited by Dana Evans \(NHS Wales\).*waiting for an answer/);
  const draftUrl = dana.url();

  // Lee (BT's lead, through BT's sign-in) accepts for BT, then suggests a change.
  const lee = await openPage();
  await partnerSignIn(lee, 'lee@bt.com');
  await lee.goto(draftUrl);
  await hydrated(lee);
  assert.match(await lee.textContent('[data-testid="invitation"]'), /BT is invited to co-own this draft/);
  await lee.click('[data-testid="accept-invitation"]');
  await lee.waitForFunction(() => /BT, NHS Wales/.test(document.querySelector('[data-testid="owners"]')?.textContent ?? ''));
  assert.equal(await lee.locator('[data-testid="invitation"]').count(), 0);
  await lee.click('[data-testid="suggest-change"]');
  await lee.waitForSelector('[data-testid="suggest"]');
  await hydrated(lee);
  await lee.fill('#body', 'Every organisation reports serious incidents within 24 hours.');
  await lee.fill('#message', 'A clear deadline');
  await lee.click('[data-testid="suggest"]');
  await lee.waitForSelector('[data-testid="suggestion-diff"]');
  assert.match(await lee.textContent('[data-testid="suggestion-diff"] ins'), /within 24 hours/);
  assert.match(await lee.textContent('[data-testid="suggestion-diff"] del'), /quickly/);

  // Lee goes back to the draft and keeps it open while Dana accepts.
  await lee.goto(draftUrl);
  await hydrated(lee);

  // Dana accepts it.
  await dana.goto(`${draftUrl}/suggestions`);
  await dana.waitForSelector('[data-testid="suggestions"]');
  await dana.click('text=Change to “Scope”');
  await dana.waitForSelector('[data-testid="accept"]');
  await hydrated(dana);
  await dana.click('[data-testid="accept"]');
  await dana.waitForSelector('[data-testid="decision"]');
  assert.match(await dana.textContent('[data-testid="suggestion-status"]'), /Accepted/);

  // Lee's open page hears of it, live, and shows the new text on request.
  await lee.waitForSelector('[data-testid="changes"]', { timeout: 10_000 });
  assert.match(await lee.textContent('[data-testid="changes"]'), /Dana Evans \(NHS Wales\) edited “Scope”/);
  await lee.click('[data-testid="show-latest"]');
  await lee.waitForSelector('text=within 24 hours');

  // Dana opens the draft and sees that Lee has it open too.
  await dana.goto(draftUrl);
  await hydrated(dana);
  await dana.waitForSelector('[data-testid="viewers"]', { timeout: 10_000 });
  assert.match(await dana.textContent('[data-testid="viewers"]'), /Also viewing now: Lee Chen \(BT\)/);

  // Lee selects words in the text and comments on them.
  await lee.evaluate(() => {
    const body = document.querySelector('.rt-draft-section .rt-description');
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf('within 24 hours');
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 'within 24 hours'.length);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        break;
      }
    }
    body.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  });
  await lee.click('[data-testid="comment-selection"]');
  await lee.waitForSelector('[data-testid="start-passage-thread"]');
  await hydrated(lee);
  assert.equal(await lee.inputValue('#quote'), 'within 24 hours');
  await lee.fill('#body', 'Is 24 hours realistic for small providers?');
  await lee.click('[data-testid="start-passage-thread"]');
  await lee.waitForSelector('[data-testid="quote"]');

  // Dana edits the section before the passage: the comment stays on it.
  await dana.click('[data-testid="edit-section"]');
  await dana.waitForSelector('[data-testid="save-section"]');
  await hydrated(dana);
  await dana.fill('#body', 'Every health and care organisation reports serious incidents within 24 hours.');
  await dana.click('[data-testid="save-section"]');
  await dana.waitForSelector('text=Every health and care organisation');
  assert.equal(await dana.textContent('mark.rt-passage'), 'within 24 hours');
  assert.match(await dana.textContent('[data-testid="passages"]'), /“within 24 hours” Open 1 comment/);

  // Both leads sign off the new revision.
  for (const [page, statement] of [[dana, 'NHS Wales agrees.'], [lee, 'BT agrees.']]) {
    await page.goto(draftUrl);
    await hydrated(page);
    assert.match(await page.textContent('main'), /within 24 hours/);
    await page.fill('#sign-off-statement', statement);
    await page.click('[data-testid="sign-off"]');
    await page.waitForSelector(`text=${statement}`);
  }

  // Dana publishes it, with comments open for a month.
  await dana.reload();
  await hydrated(dana);
  assert.match(await dana.textContent('[data-testid="sign-off-summary"]'), /2 of 2 .* It can be published/);
  const closes = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await dana.selectOption('#publish-item_id', { index: 1 });
  await dana.fill('#publish-closes_on', closes);
  await dana.click('[data-testid="publish"]');
  await dana.waitForSelector('[data-testid="publication"]');
  assert.match(await dana.textContent('[data-testid="publication"]'), /Comments are open until the end of/);

  // Pat, of the public, finds it among the consultations and comments.
  const pat = await openPage();
  await signIn(pat, 'pat@example.org');
  await pat.goto(`${base}/consultations`);
  await pat.click('text=Reporting incidents across organisations');
  await pat.waitForSelector('[data-testid="publication"]');
  await hydrated(pat);
  assert.equal(await pat.locator('[data-testid="suggest-change"]').count(), 0, 'the public cannot change it');
  const form = pat.locator('[data-testid^="comment-"][data-testid$="-form"]').first();
  await form.locator('textarea').fill('Does this include social care providers?');
  await form.locator('button[type="submit"]').click();
  await pat.waitForSelector('text=Does this include social care providers?');

  for (const page of [dana, lee, pat]) {
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
