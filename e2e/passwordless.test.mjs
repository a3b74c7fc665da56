// Choice-based sign-in (USER_AUTH) on a build with SIGN_IN_METHODS=password,email_otp,sms_otp
// (scripts/test.sh serves it at PASSWORDLESS_APP_URL): a sign-in code by email or text message as
// the only factor, "Send a new code", the choice Cognito offers when the asked-for way is not the
// account's, a password still by SRP, and the prerendered form in step with this build's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { check, formShape, launch, openPage as openPageIn, shoot, typeCode, waitForAlert } from './browser.mjs';
import { PASSWORD, cognito, deliveredCodes, lastDeliveredCode, newUser, POOL_ID } from './lib.mjs';

const APP = process.env.PASSWORDLESS_APP_URL;
if (!APP) throw new Error('PASSWORDLESS_APP_URL is not set (scripts/test.sh builds and serves that app)');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A page that records Cognito's operations and their bodies. */
async function openPage() {
  const page = await openPageIn(browser);
  page.calls = [];
  page.on('request', (r) => {
    const target = r.headers()['x-amz-target'];
    if (target) page.calls.push({ op: target.split('.').pop(), body: JSON.parse(r.postData() ?? '{}') });
  });
  await page.goto(`${APP}/login`);
  await page.waitForSelector('#prerendered', { state: 'detached' });
  return page;
}

const signInOps = (page) => page.calls.filter((c) => c.op === 'InitiateAuth' || c.op === 'RespondToAuthChallenge');

async function newPhoneUser(prefix) {
  const email = await newUser(prefix);
  await cognito('AdminUpdateUserAttributes', { UserPoolId: POOL_ID, Username: email, UserAttributes: [{ Name: 'phone_number', Value: '+15555550142' }, { Name: 'phone_number_verified', Value: 'true' }] });
  return email;
}

const newCode = async (email, before) => {
  const codes = await deliveredCodes(email);
  assert.ok(codes.length > before, 'a code was sent');
  return codes.at(-1).code;
};

describe('choice-based sign-in', () => {
  test('the form offers each method; an emailed code signs in, in two calls, and a wrong one is said plainly', async () => {
    const email = await newUser('otp-email');
    const page = await openPage();
    assert.deepEqual(await page.locator('form button[type=submit]').allInnerTexts(), ['Sign in', 'Email me a sign-in code', 'Text me a sign-in code', 'Sign in with a passkey']);
    await shoot(page, 'sign-in-choice');
    await page.fill('#username', email);
    await page.getByRole('button', { name: 'Email me a sign-in code' }).click();
    await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
    assert.match(await page.locator('.intro').innerText(), /8-digit code we sent by email/);
    assert.ok(await page.locator('.destination').innerText(), 'where the code went');
    await shoot(page, 'sign-in-code');
    const { code } = await lastDeliveredCode(email);
    assert.match(code, /^\d{8}$/, 'sign-in codes have 8 digits');
    await typeCode(page, code === '00000000' ? '11111111' : '00000000');
    await waitForAlert(page, 'Incorrect code');
    await typeCode(page, code);
    await page.waitForURL('**/home');
    assert.equal(await page.locator('.email').innerText(), email);
    const ops = signInOps(page);
    assert.deepEqual(ops.map((c) => [c.op, c.body.AuthFlow ?? c.body.ChallengeName]),
      [['InitiateAuth', 'USER_AUTH'], ['RespondToAuthChallenge', 'EMAIL_OTP'], ['RespondToAuthChallenge', 'EMAIL_OTP']]);
    assert.equal(ops[0].body.AuthParameters.PREFERRED_CHALLENGE, 'EMAIL_OTP');
    assert.equal(ops[0].body.AuthParameters.PASSWORD, undefined);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a text-message code signs in; "Send a new code" starts over and the new code works', async () => {
    const email = await newPhoneUser('otp-sms');
    const page = await openPage();
    await page.fill('#username', email);
    const before_ = (await deliveredCodes(email)).length;
    await page.getByRole('button', { name: 'Text me a sign-in code' }).click();
    await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
    assert.match(await page.locator('.intro').innerText(), /by text message/);
    const first = await newCode(email, before_);
    const resend = page.locator('button.resend');
    assert.equal(await resend.isDisabled(), true, 'a cool-down first');
    // The real 30 s (Playwright's fake clock and wasm-bindgen's timer closures do not mix).
    await page.waitForFunction(() => !document.querySelector('button.resend').disabled, null, { timeout: 40_000 });
    await resend.click();
    await page.getByRole('status').filter({ hasText: 'A new code' }).waitFor();
    const second = await newCode(email, before_ + 1);
    assert.notEqual(second, first);
    await typeCode(page, second);
    await page.waitForURL('**/home');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('asked for a way the account does not have, Cognito offers the ways it has', async () => {
    const email = await newUser('otp-choice'); // no phone number
    const page = await openPage();
    await page.fill('#username', email);
    await page.getByRole('button', { name: 'Text me a sign-in code' }).click();
    await page.getByRole('heading', { name: 'How do you want to sign in?' }).waitFor();
    const choices = await page.locator('.choices button').allInnerTexts();
    assert.ok(choices.includes('Email me a sign-in code') && choices.includes('Use my password'), choices.join(', '));
    assert.ok(!choices.includes('Text me a sign-in code'));
    await shoot(page, 'sign-in-choose');
    const before_ = (await deliveredCodes(email)).length;
    await page.getByRole('button', { name: 'Email me a sign-in code' }).click();
    await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
    await typeCode(page, await newCode(email, before_));
    await page.waitForURL('**/home');
    const ops = signInOps(page);
    assert.equal(ops[1].body.ChallengeName, 'SELECT_CHALLENGE');
    assert.equal(ops[1].body.ChallengeResponses.ANSWER, 'EMAIL_OTP');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a password still goes by SRP: USER_AUTH with PASSWORD_SRP, never the password itself', async () => {
    const email = await newUser('otp-password');
    const page = await openPage();
    await page.fill('#username', email);
    await page.fill('#password', PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/home');
    const ops = signInOps(page);
    assert.deepEqual(ops.map((c) => c.body.AuthFlow ?? c.body.ChallengeName), ['USER_AUTH', 'PASSWORD_VERIFIER']);
    assert.equal(ops[0].body.AuthParameters.PREFERRED_CHALLENGE, 'PASSWORD_SRP');
    assert.match(ops[0].body.AuthParameters.SRP_A, /^[0-9a-f]+$/);
    assert.ok(!JSON.stringify(page.calls).includes(PASSWORD), 'the password was never sent');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the prerendered form is this build\'s form; a code asked for before the app starts is sent once it has', async () => {
    const email = await newUser('otp-prerendered');
    const page = await openPageIn(browser);
    let release;
    const gate = new Promise((r) => { release = r; });
    await page.route('**/*.wasm', async (route) => { await gate; await route.continue(); });
    await page.goto(`${APP}/login`, { waitUntil: 'commit' });
    await page.waitForSelector('#prerendered #username');
    assert.deepEqual(await page.locator('#prerendered form button[type=submit]').allInnerTexts(), ['Sign in', 'Email me a sign-in code', 'Text me a sign-in code', 'Sign in with a passkey']);
    await check(page, 'prerendered choice form');
    const prerendered = await formShape(page);
    await page.fill('#username', email);
    const before_ = (await deliveredCodes(email)).length;
    await page.click('#prerendered button:has-text("Email me a sign-in code")');
    release();
    await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
    // The app's own form of this build, against the prerendered one (as prerender.test.mjs
    // does for the classic build): the knowing differences aside, the same.
    const other = await openPage();
    const app = await formShape(other);
    await other.context().close();
    assert.equal(prerendered.name.type, 'text');
    assert.equal(prerendered.password.required, false);
    prerendered.name.type = app.name.type;
    prerendered.name.name = app.name.name;
    prerendered.password.name = app.password.name;
    assert.deepEqual(prerendered, app);
    await typeCode(page, await newCode(email, before_));
    await page.waitForURL('**/home');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
