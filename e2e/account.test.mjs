// Sign up and recover, in a real browser against local-cognito: create an account and confirm it
// with the emailed code (signed in without typing the password again), an unconfirmed account
// signing in, a forgotten password, and a password change on the home page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { check, launch, openPage as openPageIn, shoot, signIn, signOut, typeCode, waitForAlert } from './browser.mjs';
import { APP_URL, CLIENT_ID, PASSWORD, POOL_ID, clearFaults, cognito, deliveredCodes, injectFault, lastDeliveredCode, newUser, withMfaRequired, withRequiredAttributes } from './lib.mjs';

const NEW_PASSWORD = 'Fresh-Passw0rd!';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const openPage = () => openPageIn(browser);
const uniqueEmail = (prefix) => `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;

async function toLogin(page) {
  await page.goto(`${APP_URL}/login`);
  await page.waitForSelector('#username');
}

/** The rules the checklist shows as met, by their words. */
const rulesMet = async (page) => (await page.locator('.rule[data-ok=true]').allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));

describe('sign up and recover', () => {
  test('sign up: rules shown as typed, confirm with the emailed code, signed in without the password again', async () => {
    const email = uniqueEmail('signup');
    const page = await openPage();
    await toLogin(page);
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await page.fill('#username', email);
    await page.type('#new-password', 'short');
    assert.deepEqual((await rulesMet(page)).map((r) => r.replace(/^\W+/, '')), ['a lowercase English letter (done)']);
    assert.match(await page.locator('.rule[data-ok=false]').first().innerText(), /\(not yet\)$/, 'screen readers hear which rules are still missing');
    await page.fill('#new-password', '');
    await page.type('#new-password', PASSWORD);
    assert.equal((await rulesMet(page)).length, 5, 'every rule met');
    await page.fill('#confirm-password', PASSWORD);
    await shoot(page, 'sign-up');
    const targets = [];
    page.on('request', (r) => { const t = r.headers()['x-amz-target']; if (t) targets.push(t.split('.').pop()); });
    await page.getByRole('button', { name: 'Create an account' }).last().click();
    await page.getByRole('heading', { name: 'Confirm your email' }).waitFor();
    assert.match(await page.locator('.destination').innerText(), /^s\*\*\*@e\*\*\*$/);
    // "Send a new code" waits out its cool-down.
    const resend = page.locator('button.resend');
    assert.equal(await resend.isDisabled(), true);
    assert.match(await resend.innerText(), /Send a new code in \d+ s/);
    await shoot(page, 'confirm-sign-up');
    const { code } = await lastDeliveredCode(email);
    await typeCode(page, code === '000000' ? '111111' : '000000');
    await waitForAlert(page, 'Incorrect code');
    await typeCode(page, code);
    await page.waitForURL('**/home');
    await page.waitForSelector('.email');
    assert.equal(await page.locator('.email').innerText(), email);
    assert.deepEqual(targets.filter((t) => !['GetUser', 'ListDevices', 'ListUserSessions'].includes(t)), ['SignUp', 'ConfirmSignUp', 'ConfirmSignUp', 'InitiateAuth', 'RespondToAuthChallenge'],
      'signed in with SRP straight after confirming: nobody typed the password twice');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('an account never confirmed gets a fresh code when it signs in, then lands home', async () => {
    const email = uniqueEmail('unconfirmed');
    await cognito('SignUp', { ClientId: CLIENT_ID, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] });
    const before = (await deliveredCodes(email)).length;
    const page = await openPage();
    await signIn(page, APP_URL, email);
    await page.getByRole('heading', { name: 'Confirm your email' }).waitFor();
    const codes = await deliveredCodes(email);
    assert.equal(codes.length, before + 1, 'a new code was sent');
    assert.equal(codes.at(-1).purpose, 'sign-up confirmation');
    await typeCode(page, codes.at(-1).code);
    await page.waitForURL('**/home');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('forgot password: a code by email, a new password, signed in with it', async () => {
    const email = await newUser('forgot');
    const page = await openPage();
    await toLogin(page);
    await page.fill('#username', email);
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    assert.equal(await page.inputValue('#username'), email, 'the email typed on the sign-in form is kept');
    await shoot(page, 'forgot-password');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    const { code, purpose } = await lastDeliveredCode(email);
    assert.equal(purpose, 'password reset');
    await page.fill('#code', code);
    await page.fill('#new-password', NEW_PASSWORD);
    await page.fill('#confirm-password', NEW_PASSWORD);
    await shoot(page, 'reset-password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL('**/home');
    await signOut(page);
    await page.fill('#username', email);
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await waitForAlert(page, 'Incorrect email or password.');
    await page.fill('#password', NEW_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL('**/home');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('forgot password for an unknown email reads the same: no account probing', async () => {
    const page = await openPage();
    await toLogin(page);
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.fill('#username', uniqueEmail('nobody'));
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    // The same screen as for a real account: a masked address, and a code that is just "wrong".
    assert.equal(await page.locator('.destination').innerText(), 'n***@e***');
    await page.fill('#code', '123456');
    await page.fill('#new-password', NEW_PASSWORD);
    await page.fill('#confirm-password', NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await waitForAlert(page, 'Incorrect code, please try again');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('change password on home: the current one is required', async () => {
    const email = await newUser('change');
    const page = await openPage();
    await signIn(page, APP_URL, email);
    await page.waitForURL('**/home');
    await page.locator('summary', { hasText: 'Change password' }).click();
    await page.fill('#current-password', 'Not-the-Passw0rd!');
    await page.fill('#new-password', NEW_PASSWORD);
    await page.fill('#confirm-password', NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await waitForAlert(page, 'Incorrect');
    assert.ok(page.url().endsWith('/home'), 'a wrong current password does not sign anyone out');
    await page.fill('#current-password', PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password has been changed.').waitFor();
    await shoot(page, 'password-changed');
    await signOut(page);
    await page.fill('#username', email);
    await page.fill('#password', NEW_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL('**/home');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('sign out everywhere ends the session on another device too; if it fails, nobody is signed out', async () => {
    const email = await newUser('everywhere');
    const signedIn = async () => {
      const page = await openPage();
      await signIn(page, APP_URL, email);
      await page.waitForURL('**/home');
      await page.waitForSelector('.email');
      return page;
    };
    const laptop = await signedIn();
    const phone = await signedIn();
    // A failure says so and keeps this session: the user must know it did not happen.
    await injectFault('GlobalSignOut', 'http500');
    try {
      await laptop.getByRole('button', { name: 'Sign out everywhere' }).click();
      await waitForAlert(laptop, 'The sign-in service is having a problem');
      assert.ok(laptop.url().endsWith('/home'));
    } finally {
      await clearFaults();
    }
    await laptop.getByRole('button', { name: 'Sign out everywhere' }).click();
    await laptop.waitForURL('**/login');
    // The other device finds out on its next call (the set-up page reads the account first).
    await phone.click('a[href="/setup-2fa"]');
    await phone.waitForURL('**/login');
    await waitForAlert(phone, 'Your session has ended. Please sign in again.');
    assert.deepEqual(laptop.problems, []);
    assert.deepEqual(phone.problems, []);
    await laptop.context().close();
    await phone.context().close();
  });

  test('NEW_PASSWORD_REQUIRED asks for the attributes the pool requires and the account lacks', async () => {
    const email = uniqueEmail('attributes');
    const page = await openPage();
    await withRequiredAttributes(['name'], async () => {
      await cognito('AdminCreateUser', {
        UserPoolId: POOL_ID, Username: email, TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
      });
      await signIn(page, APP_URL, email);
      await page.waitForSelector('#new-password');
      const name = page.getByLabel('Full name');
      assert.equal(await name.getAttribute('autocomplete'), 'name');
      await shoot(page, 'new-password-attributes');
      await page.fill('#new-password', NEW_PASSWORD);
      await page.fill('#confirm-password', NEW_PASSWORD);
      await page.getByRole('button', { name: 'Set password' }).click();
      assert.ok(page.url().endsWith('/login'), 'an empty required field stops the form');
      await name.fill('Kim Lee');
      await page.getByRole('button', { name: 'Set password' }).click();
      await page.waitForURL('**/home');
    });
    const { UserAttributes } = await cognito('AdminGetUser', { UserPoolId: POOL_ID, Username: email });
    assert.equal(UserAttributes.find((a) => a.Name === 'name')?.Value, 'Kim Lee');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a pool that requires MFA and offers email codes: choose email while signing in, confirm with the code', async () => {
    const email = await newUser('email-setup');
    const page = await openPage();
    await withMfaRequired(async () => {
      await signIn(page, APP_URL, email);
      await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
      await shoot(page, 'choose-mfa-setup');
      await page.getByRole('button', { name: 'Email code' }).click();
      await page.getByRole('heading', { name: 'Get codes by email' }).waitFor();
      assert.equal(await page.inputValue('#email'), email, 'the account\'s own address to start with');
      await check(page, 'email set-up');
      await page.getByRole('button', { name: 'Send code' }).click();
      await page.waitForSelector('#code');
      assert.match(await page.locator('main').innerText(), /\w\*\*\*@\w\*\*\*/, 'where the code went, masked');
      await typeCode(page, (await lastDeliveredCode(email)).code);
      await page.waitForURL('**/home');
      await page.waitForFunction(() => document.querySelector('[data-mfa=email]')?.innerText.includes('preferred'));
    }, { email: true });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
