// Step-up that Cognito enforces (issue 20 §6), on the choice-based build (USER_AUTH;
// scripts/test.sh serves it at PASSWORDLESS_APP_URL): the step-up's InitiateAuth carries the
// session's access token, the levels the account can reach and MAX_AGE 0; the proof's tokens say
// the level reached; a plan without the feature falls back to the app's own step-up.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage as openPageIn, shoot, typeCode } from './browser.mjs';
import { COGNITO_URL, PASSWORD, lastDeliveredCode, newSmsUser, until } from './lib.mjs';

const APP = process.env.PASSWORDLESS_APP_URL;
if (!APP) throw new Error('PASSWORDLESS_APP_URL is not set (scripts/test.sh builds and serves that app)');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

/** A page that records Cognito's operations, their bodies and their answers' status. */
async function openPage() {
  const page = await openPageIn(browser);
  page.calls = [];
  page.on('response', (r) => {
    const target = r.request().headers()['x-amz-target'];
    if (target) page.calls.push({ op: target.split('.').pop(), body: JSON.parse(r.request().postData() ?? '{}'), status: r.status() });
  });
  await page.goto(`${APP}/login`);
  await page.waitForSelector('#prerendered', { state: 'detached' });
  return page;
}

/** Types the SMS code sent to `email`; the tokens Cognito answers with. */
async function answerSmsCode(page, email) {
  await page.waitForSelector('#code');
  const answered = page.waitForResponse((r) => r.request().headers()['x-amz-target']?.endsWith('RespondToAuthChallenge') ?? false);
  await typeCode(page, (await lastDeliveredCode(email)).code);
  return (await (await answered).json()).AuthenticationResult;
}

/** Signs in with the password and the SMS code, to home; the session's tokens. */
async function signInWithSms(page, email) {
  await page.fill('#username', email);
  await page.fill('#password', PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const tokens = await answerSmsCode(page, email);
  await page.waitForURL('**/home');
  return tokens;
}

/** From home: "Delete my account" → the step-up page, answered with the password and SMS code. */
async function stepUpToDelete(page, email) {
  const section = page.locator('details.danger-zone');
  await section.locator('summary').click();
  await page.fill('#delete-confirm', email);
  await section.getByRole('button', { name: 'Delete my account' }).click();
  await page.waitForURL('**/confirm-identity');
  const before = page.calls.length;
  await page.fill('#password', PASSWORD);
  await page.getByRole('button', { name: 'Continue' }).click();
  const proof = await answerSmsCode(page, email);
  await page.waitForURL('**/home');
  await page.getByText("You confirmed it's you.").waitFor();
  return { proof, starts: page.calls.slice(before).filter((c) => c.op === 'InitiateAuth') };
}

describe('step-up that Cognito enforces', () => {
  test("the step-up presents the session's access token and asks for the account's level; the proof's tokens carry it", async () => {
    const email = await newSmsUser('stepup-acr');
    const page = await openPage();
    const session = await signInWithSms(page, email);
    assert.equal(claims(session.IdToken).acr, 'urn:cognito:loa:3', 'password + SMS code');
    assert.deepEqual(claims(session.AccessToken).amr, ['pwd', 'sms', 'mfa']);

    const { proof, starts } = await stepUpToDelete(page, email);
    assert.equal(starts.length, 1, 'one start: Cognito took the step-up');
    const params = starts[0].body.AuthParameters;
    assert.equal(starts[0].body.AuthFlow, 'USER_AUTH');
    assert.equal(params.ACCESS_TOKEN, session.AccessToken, "the session's own access token");
    assert.equal(params.TARGET_ACR_VALUES, 'urn:cognito:loa:3', 'SMS codes: two factors');
    assert.equal(params.MAX_AGE, '0', 'a fresh proof, whatever the sign-in proved');
    assert.equal(claims(proof.IdToken).acr, 'urn:cognito:loa:3');
    assert.notEqual(proof.RefreshToken, session.RefreshToken);
    // The session goes on with its own tokens: home still reads the account with them, and the
    // proof's refresh token is revoked.
    await until(() => page.calls.some((c) => c.op === 'RevokeToken'), "the proof's refresh token revoked");
    assert.deepEqual(page.calls.filter((c) => c.op === 'RevokeToken').map((c) => c.body.Token), [proof.RefreshToken]);
    await shoot(page, 'step-up-confirmed');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("a pool whose plan lacks step-up (FeatureUnavailableInTierException) gets the app's own step-up", async () => {
    const email = await newSmsUser('stepup-lite');
    const page = await openPage();
    await signInWithSms(page, email);
    // Cognito on a Lite plan: the step-up parameters are refused; a start without them is not.
    await page.route(`${COGNITO_URL}/`, async (route) => {
      const params = JSON.parse(route.request().postData() ?? '{}').AuthParameters ?? {};
      if (!params.TARGET_ACR_VALUES) return route.continue();
      await route.fulfill({
        status: 400,
        headers: { 'access-control-allow-origin': '*', 'content-type': 'application/x-amz-json-1.1' },
        json: { __type: 'FeatureUnavailableInTierException', message: 'Step-up authentication requires the Essentials or Plus feature plan.' },
      });
    });
    const { starts } = await stepUpToDelete(page, email);
    assert.equal(starts.length, 2);
    assert.equal(starts[0].status, 400);
    assert.equal(starts[0].body.AuthParameters.TARGET_ACR_VALUES, 'urn:cognito:loa:3');
    for (const name of ['ACCESS_TOKEN', 'TARGET_ACR_VALUES', 'MAX_AGE']) {
      assert.equal(starts[1].body.AuthParameters[name], undefined, `${name} not sent again`);
    }
    assert.equal(starts[1].body.AuthParameters.PREFERRED_CHALLENGE, 'PASSWORD_SRP');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
