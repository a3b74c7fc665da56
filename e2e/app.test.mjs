// The article's "Testing" walk-through in a real headless Chromium, typing real TOTP codes,
// plus reuse and expiry, keyboard-only sign-in, and screenshots of every screen in en and th.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { APP_URL, PASSWORD, freshCode, newUser, setSessionTtl } from './lib.mjs';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
let browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); await setSessionTtl(180); });

/** A page that fails the test on any console error except the network's own 4xx lines. */
async function openPage({ width = 1024, height = 768 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 400/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.problems = problems;
  return page;
}

async function shoot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}-en.png`), fullPage: true });
  await page.click('button[lang=th]');
  await page.waitForFunction(() => document.documentElement.lang === 'th');
  await page.screenshot({ path: join(SHOTS, `${name}-th.png`), fullPage: true });
  await page.click('button[lang=en]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
}

async function signIn(page, email, { keyboard = false } = {}) {
  await page.goto(`${APP_URL}/login`);
  await page.waitForSelector('#email');
  if (keyboard) {
    await page.focus('#email');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
  } else {
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
  }
}

async function typeCode(page, code) {
  await page.fill('#code', '');
  await page.type('#code', code);
  await page.click('button[type=submit]');
}

const alertText = (page) => page.locator('[role=alert]').first().innerText();

describe('sign in → set up authenticator → sign in with TOTP', () => {
  test('the whole walk-through, as the article tests it', async () => {
    const email = await newUser('walk');
    const page = await openPage();

    // 1. Sign in without MFA (keyboard only) → home.
    await page.goto(`${APP_URL}/`);
    await page.waitForURL('**/login');
    await page.waitForSelector('#email');
    await shoot(page, 'login');
    await signIn(page, email, { keyboard: true });
    await page.waitForURL('**/home');
    await page.waitForSelector('.email');
    assert.equal(await page.locator('.email').innerText(), email);
    assert.match(await page.locator('[data-mfa=totp]').innerText(), /Off/);
    await shoot(page, 'home-before');

    // 2. Set up the authenticator: read the secret off the page, compute the code.
    await page.click('a[href="/setup-2fa"]');
    await page.waitForURL('**/setup-2fa');
    await page.getByRole('button', { name: 'Generate QR Code' }).click();
    await page.waitForSelector('figure.qr svg');
    const secret = (await page.locator('code.secret').innerText()).replace(/\s/g, '');
    assert.match(secret, /^[A-Z2-7]{16,}$/);
    const link = await page.locator('a.open-in-app').getAttribute('href');
    assert.equal(link, `otpauth://totp/Cognito%202FA:${encodeURIComponent(email)}?secret=${secret}&issuer=Cognito%202FA`);
    await shoot(page, 'setup');
    await page.getByRole('button', { name: 'Continue to Verification' }).click();
    await page.waitForSelector('#code');
    await shoot(page, 'verify');
    let { code, step } = freshCode(secret);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await typeCode(page, wrong);
    await page.waitForFunction(() => document.querySelector('[role=alert]')?.innerText.includes('Incorrect code'));
    assert.match(await alertText(page), /check that your phone's clock/i);
    await typeCode(page, code);
    await page.getByText('Authenticator setup successful!').waitFor();
    await shoot(page, 'success');

    // 3. Home shows TOTP on and preferred; sign out revokes and returns to the login form.
    await page.click('a[href="/home"]');
    await page.waitForSelector('[data-mfa=totp]');
    await page.waitForFunction(() => document.querySelector('[data-mfa=totp]').innerText.includes('On'));
    assert.match(await page.locator('[data-mfa=totp]').innerText(), /preferred/);
    await shoot(page, 'home');
    // Setting up again says TOTP is on instead of failing.
    await page.click('a[href="/setup-2fa"]');
    await page.getByText('Your authenticator app is already set up').waitFor();
    await page.click('a[href="/home"]');
    await page.waitForSelector('[data-mfa=totp]');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');

    // 4. Sign in again → MFA form with focus → wrong code → error → right code → home.
    await signIn(page, email);
    await page.waitForSelector('#code');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'code', 'focus moves to the code field');
    await shoot(page, 'mfa');
    await typeCode(page, '000000' === code ? '111111' : '000000');
    await page.waitForFunction(() => document.querySelector('[role=alert]')?.innerText.includes('Incorrect code, please try again'));
    ({ code, step } = freshCode(secret, step));
    await typeCode(page, code);
    await page.waitForURL('**/home');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');

    // 5. The same code a second time is refused.
    await signIn(page, email);
    await page.waitForSelector('#code');
    await typeCode(page, code);
    await page.waitForFunction(() => document.querySelector('[role=alert]')?.innerText.includes('This code was already used'));

    // 6. Protected pages send a signed-out visitor to the login page.
    await page.goto(`${APP_URL}/home`);
    await page.waitForURL('**/login');
    await page.goto(`${APP_URL}/setup-2fa`);
    await page.waitForURL('**/login');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('an expired Cognito session sends the user back to sign in, email kept', async () => {
    const email = await newUser('expiry');
    const page = await openPage();
    await signIn(page, email);
    await page.waitForURL('**/home');
    await page.goto(`${APP_URL}/setup-2fa`); // a reload: tokens live in memory only
    await page.waitForURL('**/login');
    await signIn(page, email);
    await page.waitForURL('**/home');
    await page.click('a[href="/setup-2fa"]');
    await page.getByRole('button', { name: 'Generate QR Code' }).click();
    const secret = (await page.locator('code.secret').innerText()).replace(/\s/g, '');
    await page.getByRole('button', { name: 'Continue to Verification' }).click();
    let { code, step } = freshCode(secret);
    await typeCode(page, code);
    await page.getByText('Authenticator setup successful!').waitFor();
    await page.click('a[href="/home"]');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');

    await setSessionTtl(2);
    try {
      await signIn(page, email);
      await page.waitForSelector('#code');
      await page.waitForTimeout(2600);
      ({ code, step } = freshCode(secret, step));
      await typeCode(page, code);
      await page.waitForFunction(() => document.querySelector('[role=alert]')?.innerText.includes('Your sign-in took too long'));
      assert.equal(await page.inputValue('#email'), email, 'the email is kept');
    } finally {
      await setSessionTtl(180);
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('dark mode: the page follows prefers-color-scheme', async () => {
    const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${APP_URL}/login`);
    await page.waitForSelector('#email');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(16, 19, 26)');
    await page.screenshot({ path: join(SHOTS, 'login-dark-en.png'), fullPage: true });
    await context.close();
  });

  test('wrong password reads the same as an unknown account; Thai and a 375 px screen work', async () => {
    const email = await newUser('wrongpw');
    const page = await openPage({ width: 375, height: 740 });
    await page.goto(`${APP_URL}/login`);
    await page.click('button[lang=th]');
    await page.waitForFunction(() => document.documentElement.lang === 'th');
    await page.fill('#email', email);
    await page.fill('#password', 'Not-the-Passw0rd!');
    await page.click('button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[role=alert]')?.innerText.length > 0);
    const wrongPassword = await alertText(page);
    assert.equal(wrongPassword, 'อีเมลหรือรหัสผ่านไม่ถูกต้อง');
    await page.screenshot({ path: join(SHOTS, 'login-error-mobile-th.png'), fullPage: true });
    await page.fill('#email', 'nobody-at-all@example.com');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForFunction(() => !document.querySelector('button[type=submit]').disabled);
    assert.equal(await alertText(page), wrongPassword, 'no hint whether the account exists');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, 'no horizontal scrolling at 375 px');
    await page.reload();
    await page.waitForSelector('#email');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'th', 'the language choice is remembered');
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), ['lang'], 'nothing but the language in localStorage');
    assert.deepEqual(await page.evaluate(() => Object.keys(sessionStorage)), []);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
