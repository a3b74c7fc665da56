// The signed-in user's own account: contact details (verify, add, change, each with its code),
// deleting the account behind a step-up and a typed confirmation; and the sign-in's smaller
// paths: a password an administrator reset, "Send a new code" on the reset screen, a way back to
// sign-in from a forced MFA set-up.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { check, launch, openPage as openPageIn, setLanguage, shoot, signIn } from './browser.mjs';
import { APP_URL, PASSWORD, POOL_ID, cognito, deliveredCodes, lastDeliveredCode, newUser, withMfaRequired } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const openPage = () => openPageIn(browser);
const contactRow = (page, attribute) => page.locator(`li[data-contact=${attribute}]`);
const codeOf = async (name, purpose) => {
  const codes = (await deliveredCodes(name)).filter((d) => d.purpose === purpose);
  assert.ok(codes.length, `no ${purpose} code for ${name}`);
  return codes[codes.length - 1].code;
};

describe('contact details', () => {
  test('an unverified phone number is offered for verification, skippable, then verified with its code', async () => {
    const email = await newUser('contact-verify');
    const phone = `+6681${`${Date.now()}`.slice(-7)}`;
    await cognito('AdminUpdateUserAttributes', { UserPoolId: POOL_ID, Username: email, UserAttributes: [{ Name: 'phone_number', Value: phone }] });
    const page = await openPage();
    await signIn(page, APP_URL, email);
    await page.waitForURL('**/home');
    const offer = page.locator('.verify-offer');
    await offer.waitFor();
    assert.match(await offer.innerText(), /phone number is not verified/);
    await shoot(page, 'verify-contact-offer');
    await offer.getByRole('button', { name: 'Not now' }).click();
    await offer.waitFor({ state: 'detached' });

    await page.locator('#contacts summary').click();
    await contactRow(page, 'phone_number').getByRole('button', { name: 'Verify' }).click();
    await page.waitForSelector('#contact-code');
    assert.match(await page.locator('.contact-code .destination').innerText(), /^\+\*+\d{4}$/);
    await page.fill('#contact-code', '000000' === await codeOf(email, 'phone number verification') ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify', exact: true }).last().click();
    await page.waitForSelector('#contact-code[aria-invalid=true]');
    await check(page, 'contact code refused');
    await page.fill('#contact-code', await codeOf(email, 'phone number verification'));
    await page.locator('.contact-code button[type=submit]').click();
    await page.getByText('Verified.').waitFor();
    await page.waitForFunction(() => document.querySelector('li[data-contact=phone_number]')?.innerText.includes('Verified'));
    const user = await cognito('AdminGetUser', { UserPoolId: POOL_ID, Username: email });
    assert.equal(user.UserAttributes.find((a) => a.Name === 'phone_number_verified')?.Value, 'true');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('adding a phone number right after signing in, from the SMS codes\' row: typed as people type it, its code, then SMS codes can be turned on', async () => {
    const email = await newUser('contact-add');
    const page = await openPage();
    await signIn(page, APP_URL, email);
    await page.waitForURL('**/home');
    // Under SMS codes, the way to what they need: the contact details open on a new number.
    await page.locator('[aria-labelledby=factor-sms]').getByRole('button', { name: 'Add a phone number' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'phone');
    assert.equal(await page.locator('#contacts[open]').count(), 1);
    const digits = `${Date.now()}`.slice(-7);
    await page.keyboard.type(`+66 81 ${digits}`);
    await shoot(page, 'contact-add-phone');
    await page.getByRole('button', { name: 'Save and send code' }).click();
    await page.waitForSelector('#contact-code');
    await page.fill('#contact-code', await codeOf(email, 'phone number verification'));
    await page.locator('.contact-code button[type=submit]').click();
    await page.getByText('Verified.').waitFor();
    const user = await cognito('AdminGetUser', { UserPoolId: POOL_ID, Username: email });
    assert.equal(user.UserAttributes.find((a) => a.Name === 'phone_number')?.Value, `+6681${digits}`);
    // The two-factor section now offers SMS codes.
    await page.locator('[aria-labelledby=factor-sms] button', { hasText: 'Turn on' }).waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

describe('deleting the account', () => {
  test('needs the account typed and a step-up; then the account is gone, everywhere, and this browser says so', async () => {
    const email = await newUser('delete-me');
    const page = await openPage();
    await signIn(page, APP_URL, email);
    await page.waitForURL('**/home');
    const section = page.locator('details.danger-zone');
    await section.locator('summary').click();
    await page.locator('label[for=delete-confirm]', { hasText: email }).waitFor();
    await page.fill('#delete-confirm', 'someone-else@example.com');
    await section.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForSelector('#delete-confirm[aria-invalid=true]');
    await shoot(page, 'delete-account');
    assert.equal(page.url(), `${APP_URL}/home`, 'nothing happens with the wrong name');

    await page.fill('#delete-confirm', email.toUpperCase());
    await section.getByRole('button', { name: 'Delete my account' }).click();
    // Even right after signing in: nothing to undo, so a fresh proof.
    await page.waitForURL('**/confirm-identity');
    assert.equal(await page.inputValue('#username'), email);
    await page.fill('#password', PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/home');
    await page.getByText("You confirmed it's you.").waitFor();
    await page.locator('label[for=delete-confirm]', { hasText: email }).waitFor();
    await page.fill('#delete-confirm', email);
    await page.locator('details.danger-zone button[type=submit]').click();
    await page.waitForURL('**/account-deleted');
    await page.getByRole('heading', { name: 'Your account was deleted' }).waitFor();
    await shoot(page, 'account-deleted');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'no session left in this tab');
    await assert.rejects(cognito('AdminGetUser', { UserPoolId: POOL_ID, Username: email }), /UserNotFoundException/);
    await signIn(page, APP_URL, email);
    await page.getByText('Incorrect email or password.').waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

describe('sign-in paths', () => {
  test('a password an administrator reset: the code is sent and the reset screen opens for the account; "Send a new code" there too', async () => {
    const email = await newUser('admin-reset');
    await cognito('AdminResetUserPassword', { UserPoolId: POOL_ID, Username: email });
    const page = await openPage();
    await signIn(page, APP_URL, email);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    assert.match(await page.locator('.notice').first().innerText(), /has to be reset/);
    await shoot(page, 'reset-required');
    // "Send a new code" is there, after its cool-down (pressing it: tests/browser.rs and the
    // native test of ResendResetCode).
    const resend = page.locator('button.resend');
    assert.equal(await resend.isDisabled(), true);
    assert.match(await resend.innerText(), /Send a new code in \d+ s/);
    await page.fill('#code', await codeOf(email, 'password reset'));
    await page.fill('#new-password', 'Brand-New-Passw0rd!');
    await page.fill('#confirm-password', 'Brand-New-Passw0rd!');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL('**/home');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a forced MFA set-up has a way back to sign-in from each of its screens', async () => {
    const email = await newUser('forced-back');
    await withMfaRequired(async () => {
      const page = await openPage();
      for (const choice of ['Authenticator app', 'Email code']) {
        await signIn(page, APP_URL, email);
        await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
        await page.getByRole('button', { name: choice }).click();
        await page.getByRole('button', { name: 'Back to sign in' }).click();
        await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
        assert.equal(await page.inputValue('#username'), email, `${choice}: the account kept`);
      }
      await setLanguage(page, 'th');
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }, { email: true });
  });
});
