// The sign-in screen in the static HTML (index.html, src/ui/boot.js) and the app taking it over
// (src/ui/takeover.rs): usable before the wasm has arrived, in step with the app's own form, a
// submit never sent by the browser, and nothing typed, focused or selected lost at the takeover.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { check, formShape, launch, openPage as openPageIn, setLanguage } from './browser.mjs';
import { APP_URL, PASSWORD, newUser } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * A page whose wasm is held back until `release()` (or never, with `block`): the prerendered
 * screen is all there is until then.
 */
async function heldPage({ block = false } = {}) {
  const page = await openPageIn(browser);
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route('**/*.wasm', async (route) => {
    if (block) return route.abort();
    await gate;
    return route.continue();
  });
  page.release = release;
  return page;
}

const tookOver = (page) => page.waitForSelector('#prerendered', { state: 'detached' });

describe('the prerendered sign-in screen', () => {
  test('is the app\'s sign-in form, word for word, in English and Thai', async () => {
    for (const lang of ['en', 'th']) {
      const before_ = await heldPage({ block: true });
      await before_.addInitScript((l) => localStorage.setItem('lang', l), lang);
      await before_.goto(`${APP_URL}/login`);
      await before_.waitForSelector('#prerendered #username');
      const prerendered = await formShape(before_);
      await before_.context().close();

      const page = await openPageIn(browser);
      await page.addInitScript((l) => localStorage.setItem('lang', l), lang);
      await page.goto(`${APP_URL}/login`);
      await tookOver(page);
      const app = await formShape(page);
      assert.deepEqual(page.problems, []);
      await page.context().close();

      assert.equal(prerendered.lang, lang);
      // The knowing differences (index.html): an email input hides its caret from scripts, and
      // the prerendered fields have no name, so nothing could be submitted without boot.js.
      assert.equal(prerendered.name.type, 'text');
      assert.equal(app.name.type, 'email');
      assert.deepEqual([prerendered.name.name, prerendered.password.name], [null, null]);
      assert.deepEqual([app.name.name, app.password.name], ['username', 'password']);
      prerendered.name.type = app.name.type;
      prerendered.name.name = app.name.name;
      prerendered.password.name = app.password.name;
      assert.deepEqual(prerendered, app, `the ${lang} forms differ`);
    }
  });

  test('is typed into before the app starts; the app keeps the text, the focus and the caret', async () => {
    const email = await newUser('prerender-keep');
    const page = await heldPage();
    await page.goto(`${APP_URL}/login`, { waitUntil: 'commit' });
    await page.waitForSelector('#prerendered #username');
    assert.equal(await page.evaluate(() => typeof window.wasmBindings), 'undefined', 'the app has not started');
    // The caret inside the email, 4 characters from its end; the password typed too.
    await page.fill('#password', PASSWORD);
    await page.focus('#username');
    await page.keyboard.type(email);
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Shift+ArrowLeft');
    page.release();
    await tookOver(page);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'username');
    // The selection (one character before the caret) is still there: typing replaces it.
    await page.keyboard.type('Z');
    const kept = `${email.slice(0, -5)}Z${email.slice(-4)}`;
    assert.equal(await page.inputValue('#username'), kept);
    assert.equal(await page.inputValue('#password'), PASSWORD);
    // The app's own form reads what was carried over: fix the email and sign in with the button.
    await page.fill('#username', email);
    await page.click('button[type=submit]');
    await page.waitForURL('**/home');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the caret in the password field is kept too', async () => {
    const page = await heldPage();
    await page.goto(`${APP_URL}/login`, { waitUntil: 'commit' });
    await page.waitForSelector('#prerendered #password');
    await page.focus('#password');
    await page.keyboard.type('abcdef');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    page.release();
    await tookOver(page);
    await page.keyboard.type('X');
    assert.equal(await page.inputValue('#password'), 'aXbcdef');
    await page.context().close();
  });

  test('a keyboard user on a button stays on that button', async () => {
    const page = await heldPage();
    await page.goto(`${APP_URL}/login`, { waitUntil: 'commit' });
    await page.waitForSelector('#prerendered #password');
    await page.focus('#password');
    await page.keyboard.press('Tab'); // to "Show password"
    await page.keyboard.press('Enter'); // pressed before the app: the password shows
    assert.equal(await page.getAttribute('#prerendered #password', 'type'), 'text');
    assert.equal(await page.getAttribute('#prerendered .show-password', 'aria-pressed'), 'true');
    await page.keyboard.press('Tab'); // to "Sign in"
    await page.keyboard.press('Tab'); // to "Forgot your password?"
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Forgot your password?');
    page.release();
    await tookOver(page);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Forgot your password?');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.context().close();
  });

  test('a submit before the app is up is held, never sent by the browser, and signs in once the app is up', async () => {
    const email = await newUser('prerender-held');
    const page = await heldPage();
    const sent = [];
    page.on('request', (r) => sent.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));
    await page.goto(`${APP_URL}/login`, { waitUntil: 'commit' });
    await page.waitForSelector('#prerendered #username');
    await page.fill('#username', email);
    await page.fill('#password', PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Signing in…' }).waitFor();
    assert.equal(await page.locator('#prerendered button[type=submit]').getAttribute('aria-busy'), 'true');
    await page.keyboard.press('Enter'); // a second submit changes nothing
    assert.equal(page.url(), `${APP_URL}/login`, 'the browser did not submit the form');
    page.release();
    await page.waitForURL('**/home');
    assert.equal(await page.locator('.email').innerText(), email);
    // Nothing but plain GETs to the app's own origin (a form submission would add a query or a
    // body) and Cognito's JSON calls, none of which carries the password.
    const own = sent.filter((line) => line.includes(` ${APP_URL}/`));
    assert.deepEqual(own.filter((line) => !line.startsWith('GET ') || new URL(line.split(' ')[1]).search), [], 'no form submission');
    assert.deepEqual(sent.filter((line) => line.includes(PASSWORD)), [], 'the password went nowhere');
    assert.equal(sent.filter((l) => l.includes('"AuthFlow":"USER_SRP_AUTH"')).length, 1, 'one sign-in, not two');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('without the app, a submit goes nowhere and says the page is still starting', async () => {
    const page = await heldPage({ block: true });
    const navigations = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await page.goto(`${APP_URL}/login`);
    await page.fill('#username', 'someone@example.com');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.getByRole('status').filter({ hasText: 'Signing in…' }).waitFor();
    await page.waitForTimeout(300);
    assert.deepEqual(navigations, [`${APP_URL}/login`]);
    assert.equal(await page.inputValue('#password'), PASSWORD, 'nothing was reset by a submission');
    await page.context().close();
  });

  test('without JavaScript the form is not shown, and nothing can be submitted', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${APP_URL}/login`);
    assert.equal(await page.locator('#prerendered-login').isVisible(), false);
    // Even forced into view and submitted, the fields have no name: no password in any URL.
    const navigations = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await page.evaluate(() => { document.getElementById('prerendered-login').hidden = false; });
    await page.fill('#password', PASSWORD);
    await page.press('#password', 'Enter');
    await page.waitForTimeout(300);
    assert.deepEqual(navigations.filter((u) => u.includes('?')), []);
    await context.close();
  });

  test('"Create an account" pressed before the app starts opens sign-up once it has', async () => {
    const page = await heldPage();
    await page.goto(`${APP_URL}/login`, { waitUntil: 'commit' });
    await page.waitForSelector('#prerendered #username');
    await page.click('#prerendered button:has-text("Create an account")');
    await page.getByRole('status').filter({ hasText: 'Loading…' }).waitFor();
    page.release();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('has no axe violations, switches language before the app starts, and the app keeps the choice', async () => {
    const page = await heldPage();
    await page.goto(`${APP_URL}/login`, { waitUntil: 'commit' });
    await page.waitForSelector('#prerendered #username');
    await check(page, 'prerendered sign-in');
    await setLanguage(page, 'th');
    assert.equal(await page.locator('#prerendered-login h1').innerText(), 'เข้าสู่ระบบ');
    assert.equal(await page.locator('#prerendered button[lang=th]').getAttribute('aria-pressed'), 'true');
    page.release();
    await tookOver(page);
    assert.equal(await page.locator('h1').innerText(), 'เข้าสู่ระบบ');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'th');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the app is fetched once, its glue and wasm each, with nothing in the console', async () => {
    const page = await openPageIn(browser);
    const messages = [];
    page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(`${APP_URL}/login`);
    await tookOver(page);
    // What scripts/prerender.mjs leaves of trunk's preloads: the wasm's, without the integrity
    // Chromium ignores there (crbug.com/981419); none of the glue.
    const preloads = await page.evaluate(() => [...document.querySelectorAll('link[rel=preload], link[rel=modulepreload]')]
      .map((l) => `${l.rel} ${l.getAttribute('as')} integrity=${l.hasAttribute('integrity')}`));
    assert.deepEqual(preloads, ['preload fetch integrity=false']);
    // A preload the app did not use would by now have been fetched a second time (no-store).
    await page.waitForTimeout(500);
    const app = fetched.filter((p) => /\.(js|wasm)$/.test(p));
    assert.equal(app.length, 2, `the app's files, each fetched once: ${app.join(', ')}`);
    assert.deepEqual(messages, [], 'no console line at all: no warning about a preload or integrity');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('shows "Loading…", not a sign-in form, where the app will not ask to sign in', async () => {
    const email = await newUser('prerender-session');
    const page = await openPageIn(browser);
    await page.goto(`${APP_URL}/login`);
    await page.fill('#username', email);
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL('**/home');
    // A reload with this tab's session: the app restores it and goes home.
    let release;
    const gate = new Promise((r) => { release = r; });
    await page.route('**/*.wasm', async (route) => { await gate; await route.continue(); });
    await page.reload({ waitUntil: 'commit' });
    await page.waitForSelector('#prerendered-loading', { state: 'visible' });
    assert.equal(await page.locator('#prerendered-login').isVisible(), false);
    release();
    await page.waitForSelector('.email');
    assert.deepEqual(page.problems, []);
    await page.context().close();

    // Any other address: "Loading…" until the app says what is there.
    const elsewhere = await heldPage({ block: true });
    await elsewhere.goto(`${APP_URL}/nowhere`);
    assert.equal(await elsewhere.locator('#prerendered-loading').isVisible(), true);
    assert.equal(await elsewhere.locator('#prerendered-login').isVisible(), false);
    await elsewhere.context().close();
  });
});
