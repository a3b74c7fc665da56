// Browser helpers shared by the app's end-to-end tests (Playwright driving Debian's Chromium).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { PASSWORD, freshCode, wrongCode } from './lib.mjs';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.0/2.1 A and AA, and axe's best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A page that records every problem a person or the app would care about in `page.problems`:
 * console errors (a panic prints one, then traps with `unreachable`), uncaught exceptions, and
 * Content-Security-Policy violations. The browser's own line for a failed request to Cognito
 * ("Failed to load resource: …") is not one: the tests provoke those on purpose and check the
 * page's message.
 */
export async function openPage(browser, { width = 1024, height = 768, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US', colorScheme });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // A failed call to Cognito (another origin) is the browser's line, not the app's; a file of
    // the app itself failing to load is a problem.
    const ownOrigin = new URL(page.url()).origin;
    const failedElsewhere = /^Failed to load resource: /.test(m.text()) && !(m.location().url ?? '').startsWith(ownOrigin);
    if (!failedElsewhere) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.problems = problems;
  return page;
}

let axeRuns = 0;
process.on('exit', () => { if (axeRuns) console.log(`axe-core: ${axeRuns} screen checks in this file`); });

/** axe-core's violations on the page as it is now, one line each (empty when clean). */
export async function axeViolations(page, label) {
  axeRuns += 1;
  // Evaluated over the DevTools protocol, which the page's CSP does not govern.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const { violations } = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  }), AXE_TAGS);
  return violations.map((v) => `${label}: ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/**
 * axe-core on the screen as it is, in English and Thai, light and dark: every violation, one line
 * each. `screenshot(lang)` is called once per language in light mode, if given. The language,
 * colour scheme and focus are put back afterwards.
 */
export async function axeEverywhere(page, name, { screenshot } = {}) {
  const focused = await page.evaluate(() => document.activeElement?.id);
  const original = await page.evaluate(() => document.documentElement.lang);
  const violations = [];
  for (const lang of ['en', 'th']) {
    await setLanguage(page, lang);
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      violations.push(...await axeViolations(page, `${name} ${lang} ${colorScheme}`));
      if (screenshot && colorScheme === 'light') await screenshot(lang);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await setLanguage(page, original);
  if (focused) await page.focus(`#${focused}`);
  return violations;
}

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
/** A test run leaves the working tree clean: screenshots are written only when asked for. */
export const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';

/** A screen: 0 axe violations in English and Thai, light and dark; `docs/screenshots/NAME-LANG.png` on request. */
export async function shoot(page, name) {
  if (UPDATE_SCREENSHOTS) mkdirSync(SHOTS, { recursive: true });
  const screenshot = UPDATE_SCREENSHOTS
    ? (lang) => page.screenshot({ path: join(SHOTS, `${name}-${lang}.png`), fullPage: true })
    : undefined;
  assert.deepEqual(await axeEverywhere(page, name, { screenshot }), []);
}

/** A screen state that gets no screenshot of its own (errors, busy states): axe only. */
export async function check(page, name) {
  assert.deepEqual(await axeEverywhere(page, name), []);
}

/** Where screenshots go, for the few taken outside `shoot`. */
export const screenshotPath = (file) => join(SHOTS, file);

export async function setLanguage(page, lang) {
  await page.click(`button[lang=${lang}]`);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** The login form, signing out first if this tab's session came back (a reload keeps it). */
export async function toSignedOutLogin(page, appUrl = new URL(page.url()).origin) {
  await page.goto(`${appUrl}/login`);
  await page.waitForSelector('#username, .email');
  if (page.url().endsWith('/home')) {
    await signOut(page);
    await page.waitForSelector('#username');
  }
}

export async function signIn(page, appUrl, email, { keyboard = false, password = PASSWORD } = {}) {
  await toSignedOutLogin(page, appUrl);
  if (keyboard) {
    await page.focus('#username');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
  } else {
    await page.fill('#username', email);
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

/** Waits until some alert on the page (a screen may have more than one form) says `text`. */
export const waitForAlert = (page, text) =>
  page.waitForFunction((t) => [...document.querySelectorAll('[role=alert]')].some((a) => a.innerText.includes(t)), text);

/** From the home page (or on the set-up page already): Generate QR Code → read the secret. */
export async function openAuthenticatorSetup(page, { alreadyThere = false } = {}) {
  if (!alreadyThere) {
    await page.click('a[href="/setup-2fa"]');
    await page.waitForURL('**/setup-2fa');
  }
  await page.getByRole('button', { name: 'Generate QR Code' }).click();
  await page.waitForSelector('figure.qr svg');
  return (await page.locator('code.secret').innerText()).replace(/\s/g, '');
}

export async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
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

/** What a user meets on the sign-in form: words, fields and their attributes, buttons. */
export const formShape = (page) => page.evaluate(() => {
  const main = [...document.querySelectorAll('main')].find((m) => m.offsetParent !== null || m.getClientRects().length);
  const header = main.previousElementSibling;
  const field = (id) => {
    const input = main.querySelector(`#${id}`);
    const attrs = Object.fromEntries(['name', 'type', 'autocomplete', 'inputmode', 'spellcheck', 'autocapitalize', 'required', 'aria-describedby']
      .map((a) => [a, input.getAttribute(a)]));
    const hint = input.getAttribute('aria-describedby');
    attrs.hint = hint ? main.querySelector(`#${hint}`).textContent.trim() : null;
    attrs.required = input.required;
    return { label: main.querySelector(`label[for=${id}]`).textContent.trim(), ...attrs };
  };
  const form = main.querySelector('form');
  // What takeover.rs maps the focus and a held click by: the same places in both.
  const focusable = [...header.querySelectorAll('button'), ...main.querySelectorAll('input, button')]
    .map((el) => `${el.tagName} ${el.id || el.getAttribute('lang') || el.textContent.trim()}`);
  return {
    focusable,
    lang: document.documentElement.lang,
    brand: header.querySelector('.brand').textContent,
    switch: [...header.querySelectorAll('.lang-switch button')].map((b) => [b.lang, b.textContent, b.getAttribute('aria-pressed')]),
    switchLabel: header.querySelector('.lang-switch').getAttribute('aria-label'),
    labelledBy: form.getAttribute('aria-labelledby'),
    title: main.querySelector('h1').textContent,
    intro: main.querySelector('.intro').textContent,
    name: field('username'),
    password: field('password'),
    // Hidden until its button where a passwordless way comes first.
    passwordHidden: main.querySelector('#password').closest('.field').hidden,
    submit: [form.querySelector('button[type=submit]').className, form.querySelector('button[type=submit]').textContent.trim()],
    methods: [...form.querySelectorAll('button[type=submit]')].map((b) => [b.value, b.className, b.textContent.trim()]),
    more: [...form.querySelectorAll('.more button')].map((b) => [b.className, b.textContent]),
  };
});
