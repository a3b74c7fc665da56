// Browser helpers shared by the app's end-to-end tests (Playwright driving Debian's Chromium).
import { chromium } from 'playwright-core';
import { PASSWORD, freshCode, wrongCode } from './lib.mjs';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that records console errors, except the network's own lines for 4xx answers. */
export async function openPage(browser, { width = 1024, height = 768 } = {}) {
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

export async function signIn(page, appUrl, email, { keyboard = false, password = PASSWORD } = {}) {
  await page.goto(`${appUrl}/login`);
  await page.waitForSelector('#email');
  if (keyboard) {
    await page.focus('#email');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
  } else {
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
  }
}

export async function typeCode(page, code) {
  await page.fill('#code', '');
  await page.type('#code', code);
  await page.click('button[type=submit]');
}

export const alertText = (page) => page.locator('[role=alert]').first().innerText();

export const waitForAlert = (page, text) =>
  page.waitForFunction((t) => document.querySelector('[role=alert]')?.innerText.includes(t), text);

/** From the home page: Generate QR Code → read the secret → Continue; returns the secret. */
export async function openAuthenticatorSetup(page) {
  await page.click('a[href="/setup-2fa"]');
  await page.waitForURL('**/setup-2fa');
  await page.getByRole('button', { name: 'Generate QR Code' }).click();
  await page.waitForSelector('figure.qr svg');
  return (await page.locator('code.secret').innerText()).replace(/\s/g, '');
}

export async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/login');
}

/** Types a wrong code and waits for `message`, then a fresh right one; returns the code used. */
export async function wrongThenRightCode(page, secret, lastStep, message) {
  await typeCode(page, wrongCode(secret));
  await waitForAlert(page, message);
  const fresh = freshCode(secret, lastStep);
  await typeCode(page, fresh.code);
  return fresh;
}
