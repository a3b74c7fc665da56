// Pools that do not sign in by email (SIGN_IN_NAME): a build whose pool signs in by phone number
// (PHONE_APP_URL; PHONE_COUNTRY_CODE=66), and one whose users have user names with email and
// phone aliases (NAMES_APP_URL). Each against its pool of local-cognito's default seed
// (us-east-1_LocalPhone, us-east-1_LocalNames).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { check, formShape, launch, openAuthenticatorSetup, openPage as openPageIn, setLanguage, shoot, signOut } from './browser.mjs';
import { PASSWORD, cognito, lastDeliveredCode, unique, userIn } from './lib.mjs';

const PHONE_APP_URL = process.env.PHONE_APP_URL ?? 'http://127.0.0.1:18740';
const NAMES_APP_URL = process.env.NAMES_APP_URL ?? 'http://127.0.0.1:18741';
const PHONE_POOL = 'us-east-1_LocalPhone';
const NAMES_POOL = 'us-east-1_LocalNames';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const openPage = () => openPageIn(browser);

/** A fresh Thai mobile number (+668…), as Cognito stores it, and as a person types it. */
function phoneNumber() {
  const digits = `9${unique()}`;
  return { e164: `+668${digits}`, typed: `08${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}` };
}

async function signInAs(page, appUrl, typed) {
  await page.goto(`${appUrl}/login`);
  await page.fill('#username', typed);
  // The phone build asks for the number first (SIGN_IN_METHODS=sms_otp,password).
  if (!(await page.locator('#password').isVisible())) {
    await page.getByRole('button', { name: 'Sign in with your password' }).click();
  }
  await page.fill('#password', PASSWORD);
  await page.locator('#password').press('Enter');
}

const signedInAs = async (page) => {
  await page.waitForURL('**/home');
  return page.locator('.who strong').innerText();
};

/** The sign-in form before the wasm (prerendered) and the app's own, in `lang`. */
async function bothForms(appUrl, lang) {
  const held = await openPage();
  await held.route('**/*.wasm', (route) => route.abort());
  await held.addInitScript((l) => localStorage.setItem('lang', l), lang);
  await held.goto(`${appUrl}/login`);
  await held.waitForSelector('#prerendered #username');
  const prerendered = await formShape(held);
  await held.context().close();
  const page = await openPage();
  await page.addInitScript((l) => localStorage.setItem('lang', l), lang);
  await page.goto(`${appUrl}/login`);
  await page.waitForSelector('#prerendered', { state: 'detached' });
  const app = await formShape(page);
  assert.deepEqual(page.problems, []);
  await page.context().close();
  // The one knowing difference: the prerendered fields have no name (index.html).
  prerendered.name.name = app.name.name;
  prerendered.password.name = app.password.name;
  return { prerendered, app };
}

describe('a pool that signs in by phone number', () => {
  test('the form asks for a phone number, before the wasm and after, in English and Thai', async () => {
    for (const lang of ['en', 'th']) {
      const { prerendered, app } = await bothForms(PHONE_APP_URL, lang);
      assert.deepEqual(prerendered, app, `the ${lang} forms differ`);
      if (lang === 'en') {
        assert.equal(app.name.label, 'Phone number');
        assert.deepEqual([app.name.type, app.name.autocomplete, app.name.inputmode], ['tel', 'tel', 'tel']);
        assert.equal(app.name.hint, 'As you dial it at home, or with + and the country code.');
        assert.match(app.intro, /with your password, or with a code we send you/);
        assert.equal(app.passwordHidden, true, 'the number first, the password on request');
      } else {
        assert.equal(app.name.label, 'หมายเลขโทรศัพท์');
      }
    }
  });

  test('a number typed as people type it signs in; the account is named by it, here and in the authenticator app', async () => {
    const { e164, typed } = phoneNumber();
    await userIn(PHONE_POOL, e164, { phone_number: e164, phone_number_verified: 'true' });
    const page = await openPage();
    await page.goto(`${PHONE_APP_URL}/login`);
    await shoot(page, 'sign-in-phone');
    await signInAs(page, PHONE_APP_URL, typed);
    assert.equal(await signedInAs(page), e164);
    await openAuthenticatorSetup(page);
    const uri = decodeURIComponent(await page.locator('a[href^="otpauth:"]').getAttribute('href'));
    assert.ok(uri.includes(`:${e164}?`), uri);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('what cannot be a phone number is said at the field, and nothing is sent', async () => {
    const page = await openPage();
    await page.goto(`${PHONE_APP_URL}/login`);
    await page.waitForSelector('#prerendered', { state: 'detached' });
    let calls = 0;
    page.on('request', (r) => { if (r.method() === 'POST') calls += 1; });
    for (const [lang, words] of [['en', 'That is not a phone number. Check the digits.'], ['th', 'หมายเลขโทรศัพท์ไม่ถูกต้อง กรุณาตรวจสอบตัวเลข']]) {
      await setLanguage(page, lang);
      await page.fill('#username', '081 23');
      await page.locator('#username').press('Enter');
      await page.waitForSelector('#username[aria-invalid=true]');
      assert.equal(await page.locator('#username-error').innerText(), words);
      assert.match(await page.getAttribute('#username', 'aria-describedby'), /username-error/);
      await check(page, `bad phone number ${lang}`);
    }
    assert.equal(calls, 0, 'nothing went to Cognito');
    await page.context().close();
  });

  test('the number first: a text-message code signs in; the password is one press away, "Forgot your password?" too', async () => {
    const { e164, typed } = phoneNumber();
    await userIn(PHONE_POOL, e164, { phone_number: e164, phone_number_verified: 'true' });
    const page = await openPage();
    await page.goto(`${PHONE_APP_URL}/login`);
    await page.waitForSelector('#prerendered', { state: 'detached' });
    assert.equal(await page.locator('#password').isVisible(), false, 'only the number is asked first');
    assert.deepEqual(await page.locator('form button[type=submit]').allInnerTexts(), ['Text me a sign-in code', 'Sign in with your password']);
    assert.ok(await page.getByRole('button', { name: 'Forgot your password?' }).isVisible());
    // Keyboard only: the number, Enter, the code by text message, then home.
    await page.focus('#username');
    await page.keyboard.type(typed);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
    assert.match(await page.locator('.intro').innerText(), /8-digit code we sent by text message/);
    await page.keyboard.type((await lastDeliveredCode(e164)).code);
    await page.keyboard.press('Enter');
    assert.equal(await signedInAs(page), e164);
    await signOut(page);
    // "Sign in with your password" shows the field and puts the cursor in it; Enter signs in.
    await page.fill('#username', typed);
    await page.getByRole('button', { name: 'Sign in with your password' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'password');
    await shoot(page, 'sign-in-number-first');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    assert.equal(await signedInAs(page), e164);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('before the app has loaded, "Sign in with your password" shows the field too', async () => {
    const held = await openPage();
    await held.route('**/*.wasm', (route) => route.abort());
    await held.goto(`${PHONE_APP_URL}/login`);
    await held.waitForSelector('#prerendered #username');
    await held.fill('#username', '081 234 5678');
    await held.getByRole('button', { name: 'Sign in with your password' }).click();
    await held.waitForFunction(() => document.activeElement?.id === 'password');
    assert.equal(await held.locator('#prerendered form').getAttribute('data-held'), null, 'nothing is held: it only showed the field');
    await held.context().close();
  });

  test('a password field shown before the app loaded stays shown, with what was typed, and nothing is sent', async () => {
    const page = await openPage();
    let release;
    const loaded = new Promise((ok) => { release = ok; });
    await page.route('**/*.wasm', async (route) => { await loaded; await route.continue(); });
    const sent = [];
    page.on('request', (r) => { if (r.method() === 'POST') sent.push(r.url()); });
    await page.goto(`${PHONE_APP_URL}/login`);
    await page.waitForSelector('#prerendered #username');
    await page.fill('#username', '081 234 5678');
    await page.getByRole('button', { name: 'Sign in with your password' }).click();
    await page.keyboard.type('Demo-Pa');
    release();
    await page.waitForSelector('#prerendered', { state: 'detached' });
    assert.ok(await page.locator('#password').isVisible(), 'the field is still shown');
    assert.equal(await page.inputValue('#password'), 'Demo-Pa', 'with what was typed');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'password');
    assert.deepEqual(sent, [], 'nothing was sent');
    await page.context().close();
  });

  test('signs up with a phone number: the code goes by text message, then the new account is signed in', async () => {
    const { e164, typed } = phoneNumber();
    const page = await openPage();
    await page.goto(`${PHONE_APP_URL}/login`);
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.fill('#username', typed);
    await page.fill('#new-password', PASSWORD);
    await page.fill('#confirm-password', PASSWORD);
    await shoot(page, 'sign-up-phone');
    await page.click('button[type=submit]');
    await page.waitForSelector('#code');
    assert.match(await page.locator('.intro').innerText(), /by text message to \+\*+\d{4}/);
    await page.fill('#code', await lastDeliveredCode(e164).then((d) => d.code));
    await page.getByRole('button', { name: 'Confirm' }).click();
    assert.equal(await signedInAs(page), e164);
    await signOut(page);

    // A forgotten password: the number typed the same way, the code by text message.
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.fill('#username', typed);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.waitForSelector('#code');
    assert.match(await page.locator('.destination').innerText(), /^\+\*+\d{4}$/);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

describe('a pool with user names and email and phone aliases', () => {
  test('the user name, the verified email and the verified phone number each sign in as the same user', async () => {
    const name = `kim${unique()}`;
    const { e164, typed } = phoneNumber();
    const email = `${name}@example.com`;
    await userIn(NAMES_POOL, name, { email, email_verified: 'true', phone_number: e164, phone_number_verified: 'true' });
    const page = await openPage();
    await page.goto(`${NAMES_APP_URL}/login`);
    const { prerendered, app } = await bothForms(NAMES_APP_URL, 'en');
    assert.deepEqual(prerendered, app, 'the prerendered form is the app\'s');
    assert.equal(app.name.label, 'Username, email or phone number');
    assert.deepEqual([app.name.type, app.name.autocomplete], ['text', 'username']);
    await shoot(page, 'sign-in-username');
    for (const typedName of [name, email.toUpperCase(), typed]) {
      await signInAs(page, NAMES_APP_URL, typedName);
      assert.equal(await signedInAs(page), name, typedName);
      await signOut(page);
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('signs up with a user name and an email (the phone number optional); the code goes to the email', async () => {
    const name = `lee${unique()}`;
    const page = await openPage();
    await page.goto(`${NAMES_APP_URL}/login`);
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.fill('#username', name);
    await page.fill('#email', `${name.toUpperCase()}@Example.com`);
    assert.equal(await page.getAttribute('#phone', 'required'), null, 'the phone number is optional');
    await page.getByLabel('Full name').fill('Lee Chen'); // the pool requires it (user_details.test.mjs)
    // The pool's 12-character rule (PASSWORD_MIN_LENGTH), not Cognito's default 8.
    assert.match(await page.locator('#password-rules').innerText(), /at least 12 characters/);
    await page.fill('#new-password', PASSWORD);
    await page.fill('#confirm-password', PASSWORD);
    await shoot(page, 'sign-up-username');
    await page.click('button[type=submit]');
    await page.waitForSelector('#code');
    assert.match(await page.locator('.intro').innerText(), /by email/);
    await page.fill('#code', await lastDeliveredCode(name).then((d) => d.code));
    await page.getByRole('button', { name: 'Confirm' }).click();
    assert.equal(await signedInAs(page), name);
    const user = await cognito('AdminGetUser', { UserPoolId: NAMES_POOL, Username: name });
    const email = user.UserAttributes.find((a) => a.Name === 'email')?.Value;
    assert.equal(email, `${name}@example.com`, 'the email is sent lower-cased');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a new email waits for its code: the old one keeps signing in until then, as the pool asks', async () => {
    const name = `ann${unique()}`;
    const email = `${name}@example.com`;
    await userIn(NAMES_POOL, name, { email, email_verified: 'true' });
    const page = await openPage();
    await signInAs(page, NAMES_APP_URL, name);
    assert.equal(await signedInAs(page), name);
    await page.locator('#contacts summary').click();
    await page.locator('li[data-contact=email]').getByRole('button', { name: 'Change' }).click();
    await page.fill('#email', `${name}.new@example.com`);
    await page.getByRole('button', { name: 'Save and send code' }).click();
    await page.waitForSelector('#contact-code');
    assert.match(await page.locator('.contact-code .waiting').innerText(), /not used until you enter this code/);
    await shoot(page, 'contact-change-waits');
    const user = await cognito('AdminGetUser', { UserPoolId: NAMES_POOL, Username: name });
    assert.equal(user.UserAttributes.find((a) => a.Name === 'email')?.Value, email, 'the old one, until verified');
    // Meanwhile the old address still signs in (another browser), the new one not yet.
    const other = await openPage();
    await signInAs(other, NAMES_APP_URL, email);
    assert.equal(await signedInAs(other), name, 'the old address signs in while the new one waits');
    await signOut(other);
    await signInAs(other, NAMES_APP_URL, `${name}.new@example.com`);
    await other.waitForSelector('[role=alert] .alert-message');
    assert.equal(await other.locator('[role=alert] .alert-message').innerText(), 'Incorrect username or password.');
    await other.context().close();
    await page.fill('#contact-code', await lastDeliveredCode(name).then((d) => d.code));
    await page.locator('.contact-code button[type=submit]').click();
    await page.getByText('Verified.').waitFor();
    await page.waitForFunction((e) => document.querySelector('li[data-contact=email]')?.innerText.includes(e), `${name}.new@example.com`);
    await signOut(page);
    await signInAs(page, NAMES_APP_URL, `${name}.new@example.com`);
    assert.equal(await signedInAs(page), name, 'the new address signs in');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
