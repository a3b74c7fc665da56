// Staying signed in, in a real browser against local-cognito: a reload keeps the session (the
// refresh token in this tab's sessionStorage, nothing in localStorage), access tokens are
// refreshed before they expire with refresh-token rotation, a refresh token used by someone else
// first ends every copy of the session (a duplicated tab, or a thief), and a dead or unreachable
// session on reload is explained.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { check, launch, openPage as openPageIn, shoot, signIn, signOut, waitForAlert } from './browser.mjs';
import { APP_URL, CLIENT_ID, COGNITO_URL, clearFaults, cognito, injectFault, newUser, refused, setRotation, setRotationGrace, setTokenTtl, until } from './lib.mjs';

const REFRESH_KEY = `refresh-token:${CLIENT_ID}`;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); await setTokenTtl(null); });

const openPage = () => openPageIn(browser);
/** The Cognito operations a page calls, in order. */
function recordTargets(page) {
  const targets = [];
  page.on('request', (r) => { const t = r.headers()['x-amz-target']; if (t) targets.push(t.split('.').pop()); });
  return targets;
}
const storedRefreshToken = (page) => page.evaluate((k) => sessionStorage.getItem(k), REFRESH_KEY);
/** Every value in both storages, to prove no token lands where it should not. */
const storage = (page) => page.evaluate(() => ({
  local: Object.fromEntries(Object.entries(localStorage)),
  session: Object.fromEntries(Object.entries(sessionStorage)),
}));

async function signedIn(prefix) {
  const email = await newUser(prefix);
  const page = await openPage();
  await signIn(page, APP_URL, email);
  await page.waitForURL('**/home');
  await page.waitForSelector('.email');
  return { email, page };
}

describe('stay signed in', () => {
  test('a reload keeps the user signed in; only the refresh token is stored, per tab; sign-out forgets it', async () => {
    const { email, page } = await signedIn('reload');
    const { local, session } = await storage(page);
    assert.deepEqual(Object.keys(session), [REFRESH_KEY], 'one entry in sessionStorage: the refresh token');
    const refreshToken = session[REFRESH_KEY];
    assert.ok(refreshToken?.length > 20);
    assert.ok(Object.keys(local).every((k) => k === 'lang' || k.startsWith('device:')), `only the language and devices: ${Object.keys(local)}`);
    assert.ok(!Object.values(local).some((v) => v.includes(refreshToken) || /eyJ/.test(v)), 'no token in localStorage');
    assert.ok(!/^eyJ/.test(session[REFRESH_KEY]), 'not an access or id token (JWTs)');

    const targets = recordTargets(page);
    await page.goto(`${APP_URL}/home`);
    await page.waitForSelector('.email');
    assert.equal(targets[0], 'GetTokensFromRefreshToken', 'the stored refresh token brought the session back');
    assert.equal(await page.locator('.email').innerText(), email);
    await check(page, 'home after a reload');

    // Another tab of the same browser starts signed out: sessionStorage is per tab.
    const other = await page.context().newPage();
    await other.goto(`${APP_URL}/home`);
    await other.waitForURL('**/login');
    await other.close();

    await signOut(page);
    assert.equal(await storedRefreshToken(page), null, 'signing out forgets the stored token');
    await page.goto(`${APP_URL}/home`);
    await page.waitForURL('**/login');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the access token is refreshed before it expires; rotation replaces the stored refresh token', async () => {
    await setTokenTtl({ access: 6 });
    try {
      const { page } = await signedIn('refresh');
      const before = await storedRefreshToken(page);
      const targets = recordTargets(page);
      // Refreshed at 3/4 of its 6 s life, not after it expired.
      await page.waitForRequest((r) => (r.headers()['x-amz-target'] ?? '').endsWith('.GetTokensFromRefreshToken'), { timeout: 6000 });
      await page.waitForFunction(([k, old]) => sessionStorage.getItem(k) !== old, [REFRESH_KEY, before]);
      await page.waitForTimeout(500);
      // The page stays as it is: a refresh does not rebuild home (which would load it again).
      assert.deepEqual(targets.filter((t) => ['GetUser', 'ListDevices', 'ListUserSessions'].includes(t)), [], 'home not reloaded by a refresh');
      // Still signed in well past the first access token's life: the new one works.
      await page.waitForTimeout(4000);
      await page.getByRole('button', { name: 'Turn on' }).first().click();
      await page.getByText('Your two-factor authentication settings are saved.').waitFor();
      assert.ok(targets.filter((t) => t === 'GetTokensFromRefreshToken').length >= 2, `refreshed again: ${targets}`);
      assert.ok(!targets.includes('InitiateAuth'), 'no sign-in was replayed');
      assert.deepEqual(page.problems, []);
      await page.context().close();
    } finally {
      await setTokenTtl(null);
    }
  });

  test('a refresh token someone else used first: the page ends every session (GlobalSignOut), the other copy dies too, and the notice is neutral', async () => {
    await setRotationGrace(0);
    // Long enough that the copy's access token is still unexpired when it is checked below: it
    // must read "revoked", not "expired".
    await setTokenTtl({ access: 10 });
    try {
      const { page } = await signedIn('stolen');
      const targets = recordTargets(page);
      // A second client (a thief, or anything else holding a copy) refreshes with the page's
      // token first: rotation hands it the family's next refresh token.
      const thief = await cognito('GetTokensFromRefreshToken', { RefreshToken: await storedRefreshToken(page), ClientId: CLIENT_ID });
      assert.ok(thief.AuthenticationResult?.RefreshToken, 'the copy got a new refresh token');
      // The page's own refresh (at 3/4 of the access token's 10 s) finds its token reused.
      await page.waitForURL('**/login', { timeout: 15_000 });
      await waitForAlert(page, 'Your session was also used somewhere else, by a copy of this tab or by someone else. To be safe, it has been signed out. Please sign in again.');
      await shoot(page, 'session-reused');
      assert.equal(await storedRefreshToken(page), null);
      await until(() => targets.includes('GlobalSignOut'), 'GlobalSignOut with the access token the page held');
      assert.ok(!targets.includes('RevokeToken'), 'GlobalSignOut worked: nothing else needed');
      // The copy's tokens are dead: its access token and its (newer) refresh token.
      await until(() => refused('GetUser', { AccessToken: thief.AuthenticationResult.AccessToken }, /Access Token has been revoked/), "the copy's access token revoked");
      await assert.rejects(
        cognito('GetTokensFromRefreshToken', { RefreshToken: thief.AuthenticationResult.RefreshToken, ClientId: CLIENT_ID }),
        /NotAuthorizedException: Refresh Token has been revoked/,
      );
      assert.deepEqual(page.problems, []);
      await page.context().close();
    } finally {
      await setTokenTtl(null);
      await setRotationGrace(10);
    }
  });

  test('a refresh whose answer was lost, then found reused, ends only this session: the lost answer may have been its own rotation', async () => {
    await setRotationGrace(0);
    await setTokenTtl({ access: 6 });
    try {
      const { page } = await signedIn('lost-answer');
      const targets = recordTargets(page);
      // The first refresh reaches local-cognito, which rotates the token, but its answer never
      // comes back (a dropped connection).
      let dropped = 0;
      await page.route((url) => url.href.startsWith(COGNITO_URL), async (route) => {
        if (dropped === 0 && route.request().headers()['x-amz-target']?.endsWith('GetTokensFromRefreshToken')) {
          await route.fetch();
          dropped += 1;
          return route.abort('connectionreset');
        }
        return route.continue().catch(() => {});
      });
      await until(() => dropped === 1, 'the first refresh', 10_000);
      // Seen again past its refresh time, the page refreshes at once with the token it holds,
      // which its own lost refresh rotated out.
      await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      await page.waitForURL('**/login');
      await waitForAlert(page, 'Your session was also used somewhere else');
      await until(() => targets.includes('RevokeToken'), 'RevokeToken of the reused refresh token');
      assert.ok(!targets.includes('GlobalSignOut'), "a lost answer does not sign the user out of every device");
      await page.context().close();
    } finally {
      await setTokenTtl(null);
      await setRotationGrace(10);
    }
  });

  test('a duplicated tab: whichever refreshes second (a reload, no access token yet) revokes the family, and the first copy is signed out too', async () => {
    await setRotationGrace(0);
    try {
      const { page } = await signedIn('duplicate');
      const token = await storedRefreshToken(page);
      // "Duplicate tab" copies sessionStorage into the new tab.
      const copy = await page.context().newPage();
      await copy.goto(`${APP_URL}/login`);
      await copy.evaluate(([k, v]) => sessionStorage.setItem(k, v), [REFRESH_KEY, token]);
      await copy.goto(`${APP_URL}/home`);
      await copy.waitForSelector('.email');
      // The copy refreshed first (rotation): the original's token is spent. A reload holds no
      // access token: RevokeToken of the reused token ends the family, the copy's token with it.
      const targets = recordTargets(page);
      await page.reload();
      await page.waitForURL('**/login');
      await waitForAlert(page, 'Your session was also used somewhere else');
      assert.equal(await storedRefreshToken(page), null);
      await until(() => targets.includes('RevokeToken'), 'RevokeToken of the reused refresh token');
      assert.ok(!targets.includes('GlobalSignOut'), 'a reload holds no access token to sign out everywhere with');
      const copyToken = await storedRefreshToken(copy);
      await until(() => refused('GetTokensFromRefreshToken', { RefreshToken: copyToken, ClientId: CLIENT_ID }, /Refresh Token has been revoked/), "the copy's newer refresh token revoked with its family");
      await copy.reload();
      await copy.waitForURL('**/login');
      await waitForAlert(copy, 'Your session has ended. Please sign in again.');
      assert.deepEqual(page.problems, []);
      await page.context().close();
    } finally {
      await setRotationGrace(10);
    }
  });

  test('a reload after the refresh token expired or was revoked elsewhere: sign in again, saying why', async () => {
    await setTokenTtl({ refresh: 2 });
    let page;
    try {
      ({ page } = await signedIn('expired'));
      await page.waitForTimeout(2500);
    } finally {
      await setTokenTtl(null);
    }
    await page.reload();
    await page.waitForURL('**/login');
    await waitForAlert(page, 'Your session has ended. Please sign in again.');
    assert.equal(await storedRefreshToken(page), null, 'a dead token is forgotten');
    await page.context().close();

    const { email, page: laptop } = await signedIn('revoked');
    const phone = await openPage();
    await signIn(phone, APP_URL, email);
    await phone.waitForURL('**/home');
    await phone.getByRole('button', { name: 'Sign out everywhere' }).click();
    await phone.waitForURL('**/login');
    await laptop.reload();
    await laptop.waitForURL('**/login');
    await waitForAlert(laptop, 'Your session has ended. Please sign in again.');
    assert.deepEqual([...laptop.problems, ...phone.problems], []);
    await laptop.context().close();
    await phone.context().close();
  });

  test('a service without GetTokensFromRefreshToken and an app client without rotation: REFRESH_TOKEN_AUTH brings the session back', async () => {
    await setRotation({ enabled: false });
    try {
      const { email, page } = await signedIn('legacy');
      const before = await storedRefreshToken(page);
      await injectFault('GetTokensFromRefreshToken', 'error', { error: 'UnknownOperationException', message: 'Unknown operation GetTokensFromRefreshToken' });
      const targets = recordTargets(page);
      await page.reload();
      await page.waitForSelector('.email');
      assert.equal(await page.locator('.email').innerText(), email);
      assert.deepEqual(targets.slice(0, 2), ['GetTokensFromRefreshToken', 'InitiateAuth']);
      assert.equal(await storedRefreshToken(page), before, 'no rotation: the same refresh token is kept');
      assert.deepEqual(page.problems, []);
      await page.context().close();
    } finally {
      await clearFaults();
      await setRotation();
    }
  });

  test('a reload while the service is unreachable keeps the stored session for the next try', async () => {
    const { email, page } = await signedIn('offline');
    await injectFault('GetTokensFromRefreshToken', 'drop');
    try {
      await page.reload();
      await page.waitForURL('**/login');
      await waitForAlert(page, "Can't reach the sign-in service");
      assert.notEqual(await storedRefreshToken(page), null, 'kept: the token may still be good');
    } finally {
      await clearFaults();
    }
    await page.goto(`${APP_URL}/home`);
    await page.waitForSelector('.email');
    assert.equal(await page.locator('.email').innerText(), email);
    await page.context().close();
  });
});
