// "Where you're signed in" (ListUserSessions, RevokeUserSession): on the user-name build
// (NAMES_APP_URL), whose pool of local-cognito's default seed tracks sessions, and absent on the
// default build, whose pool does not.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage as openPageIn, shoot } from './browser.mjs';
import { APP_URL, PASSWORD, newUser, unique, userIn } from './lib.mjs';

const NAMES_APP_URL = process.env.NAMES_APP_URL ?? 'http://127.0.0.1:18741';
const NAMES_POOL = 'us-east-1_LocalNames';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });


async function signedIn(appUrl, name) {
  const page = await openPageIn(browser);
  await page.goto(`${appUrl}/login`);
  await page.fill('#username', name);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL('**/home');
  return page;
}

describe('where you are signed in', () => {
  test('lists this browser and the others; signing one out ends it there', async () => {
    const name = `ses${unique()}`;
    await userIn(NAMES_POOL, name, { email: `${name}@example.com`, email_verified: 'true', name: 'Ses' });
    const elsewhere = await signedIn(NAMES_APP_URL, name);
    const page = await signedIn(NAMES_APP_URL, name);
    await page.locator('#sessions summary').click();
    const rows = page.locator('li.session');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    const mine = page.locator('li.session[data-current=true]');
    assert.match(await mine.innerText(), /Chrome on \w+ · This browser/);
    assert.match(await mine.innerText(), /This app/);
    assert.match(await mine.innerText(), /Last active/);
    assert.equal(await mine.getByRole('button').count(), 0, 'this browser\'s own is never offered');
    await shoot(page, 'sessions');
    await page.locator('li.session[data-current=false]').getByRole('button', { name: 'Sign out there' }).click();
    await page.getByText('Signed out there. That browser or app must sign in again.').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('li.session').length === 1);
    // The section stays open and keeps the focus (the pressed button went with its row).
    assert.equal(await page.locator('#sessions[open]').count(), 1);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'sessions-title');
    assert.equal(await page.locator('.sessions + .hint').innerText(), 'You\'re signed in only here.');
    // The other browser's tokens are dead: its next request ends its session with words.
    await elsewhere.reload();
    await elsewhere.waitForURL('**/login');
    assert.deepEqual(page.problems, []);
    await page.context().close();
    await elsewhere.context().close();
  });

  test('a pool that does not track sessions has no such section, and says nothing about it', async () => {
    const page = await openPageIn(browser);
    const listed = page.waitForResponse((r) => (r.request().headers()['x-amz-target'] ?? '').endsWith('.ListUserSessions'));
    await page.goto(`${APP_URL}/login`);
    await page.fill('#username', await newUser('nosessions'));
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL('**/home');
    // Judged once Cognito has answered (the section waits for that answer).
    assert.equal((await listed).status(), 400);
    await page.waitForSelector('li.factor');
    assert.equal(await page.locator('#sessions').count(), 0);
    assert.equal(await page.locator('[role=alert] .alert-message').count(), 0);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
