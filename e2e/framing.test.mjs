// Clickjacking where the host sends no frame-ancestors: the page refuses to be used inside
// another site's frame and says why, before the wasm (boot.js) and after it (the app), in
// English and Thai; a frame that blocks scripts shows no form at all; and with the hosting
// headers the browser does not even load it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { launch, openPage } from './browser.mjs';
import { APP_URL, CLIENT_ID } from './lib.mjs';
import { serve } from './serve.mjs';

const DIST = process.env.E2E_DIST;
const PLAIN_PORT = Number(process.env.TEST_FRAMED_APP_PORT ?? 18737);
const PARENT_PORT = PLAIN_PORT + 1;
const FRAMED_TITLE = 'Open this page on its own';
let browser;
let plain;
let parent;

/** A page on another origin that frames `src` (with a sandbox attribute, if given). */
function parentPage(src, sandbox) {
  const attr = sandbox === undefined ? '' : ` sandbox="${sandbox}"`;
  return `<!doctype html><title>Another site</title><h1>Win a prize</h1><iframe id="victim" src="${src}" width="900" height="700"${attr}></iframe>`;
}

before(async () => {
  assert.ok(DIST, 'E2E_DIST (the built app) is set by scripts/test.sh');
  browser = await launch();
  // The app as a host that cannot send headers serves it.
  plain = await serve(DIST, PLAIN_PORT, '127.0.0.1', { plain: true });
  parent = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(parentPage(url.searchParams.get('src'), url.searchParams.get('sandbox') ?? undefined));
  });
  // On 127.0.0.1: http://localhost:PARENT_PORT frames the app from another site, and
  // http://127.0.0.1:PARENT_PORT from another origin of the same site (where the browser lets a
  // frame keep sessionStorage).
  await new Promise((ok) => parent.listen(PARENT_PORT, '127.0.0.1', ok));
});
after(async () => {
  await browser?.close();
  plain?.close();
  parent?.close();
});

const framing = (src, sandbox, parentHost = 'localhost') =>
  `http://${parentHost}:${PARENT_PORT}/?src=${encodeURIComponent(src)}${sandbox === undefined ? '' : `&sandbox=${encodeURIComponent(sandbox)}`}`;

/** The visible text of the framed page and whether any field or button of a form can be used. */
const state = (frame) => frame.evaluate(() => ({
  usable: [...document.querySelectorAll('input, form button, main button')]
    .filter((el) => el.getClientRects().length && !el.closest('[hidden]')).map((el) => el.id || el.textContent.trim()),
  alerts: [...document.querySelectorAll('[role=alert]')].filter((a) => a.getClientRects().length).map((a) => a.innerText),
  link: document.querySelector('main a.button')?.href,
  app: !document.getElementById('prerendered'),
}));

describe('inside another site\'s frame', () => {
  test('no form before the wasm or after it, only why and a way out; in Thai too', async () => {
    const page = await openPage(browser);
    const src = `http://127.0.0.1:${PLAIN_PORT}/`;
    // The wasm held back: what boot.js shows.
    await page.route('**/*.wasm', () => {});
    await page.goto(framing(src));
    let frame = page.frameLocator('#victim');
    await frame.getByRole('heading', { name: FRAMED_TITLE }).waitFor();
    let victim = page.frames().find((f) => f.url().startsWith(src));
    let seen = await state(victim);
    assert.deepEqual(seen.usable, [], 'nothing to type into or press but the language');
    assert.equal(seen.app, false, 'the prerendered screen');
    assert.equal(seen.link, src, 'a link that opens the page on its own');
    // The app, once started, shows the same and nothing else; no request to Cognito is made.
    await page.unroute('**/*.wasm');
    const calls = [];
    page.on('request', (r) => { if (r.headers()['x-amz-target']) calls.push(r.headers()['x-amz-target']); });
    await page.goto(framing(src));
    victim = page.frames().find((f) => f.url().startsWith(src));
    await victim.waitForFunction(() => !document.getElementById('prerendered'));
    frame = page.frameLocator('#victim');
    await frame.getByRole('heading', { name: FRAMED_TITLE }).waitFor();
    seen = await state(victim);
    assert.deepEqual(seen.usable, []);
    assert.equal(seen.app, true, 'the app has taken over');
    assert.ok(seen.alerts.some((a) => a.includes('inside another website')), seen.alerts.join('\n'));
    await frame.locator('button[lang=th]').click();
    await frame.getByRole('heading', { name: 'กรุณาเปิดหน้านี้โดยตรง' }).waitFor();
    assert.deepEqual(calls, [], 'nothing is sent from inside a frame');
    // Not even a session the frame holds is refreshed. (Framed by another origin of the same
    // site, where the browser gives the frame sessionStorage; another site's frame gets none.)
    await page.goto(framing(src, undefined, '127.0.0.1'));
    victim = page.frames().find((f) => f.url().startsWith(src));
    await victim.waitForFunction(() => !document.getElementById('prerendered'));
    await victim.evaluate((key) => sessionStorage.setItem(key, 'a-refresh-token'), `refresh-token:${CLIENT_ID}`);
    await page.goto(framing(src, undefined, '127.0.0.1'));
    victim = page.frames().find((f) => f.url().startsWith(src));
    assert.equal(await victim.evaluate((key) => sessionStorage.getItem(key), `refresh-token:${CLIENT_ID}`), 'a-refresh-token', 'the frame holds one');
    await victim.waitForFunction(() => !document.getElementById('prerendered'));
    await page.frameLocator('#victim').getByRole('heading', { name: FRAMED_TITLE }).waitFor();
    await page.waitForTimeout(500);
    assert.deepEqual(calls, [], 'no refresh from inside a frame');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a sandboxed frame that blocks scripts shows no form, and one that allows them shows why', async () => {
    const page = await openPage(browser);
    const src = `http://127.0.0.1:${PLAIN_PORT}/`;
    await page.goto(framing(src, ''));
    await page.waitForTimeout(500);
    const victim = page.frames().find((f) => f.url().startsWith(src));
    assert.ok(victim, 'the frame loaded');
    assert.deepEqual((await state(victim)).usable, [], 'the form starts hidden and nothing shows it');
    await page.goto(framing(src, 'allow-scripts allow-same-origin'));
    await page.frameLocator('#victim').getByRole('heading', { name: FRAMED_TITLE }).waitFor();
    assert.deepEqual((await state(page.frames().find((f) => f.url().startsWith(src)))).usable, []);
    await page.context().close();
  });

  test('served with the hosting headers, the browser does not load it in a frame at all', async () => {
    const headers = (await fetch(`${APP_URL}/login`)).headers;
    assert.match(headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(headers.get('x-frame-options'), 'DENY');
    const page = await openPage(browser);
    await page.goto(framing(`${APP_URL}/login`));
    await page.waitForTimeout(1000);
    // Refused by the browser, not by the app's own notice: no document of the app at all.
    const victim = page.frames().find((f) => f.url().startsWith(APP_URL));
    const app = victim ? await victim.evaluate(() => Boolean(document.querySelector('#prerendered, #prerendered-framed, #framed-title, #username'))).catch(() => false) : false;
    assert.equal(app, false, 'frame-ancestors and X-Frame-Options refuse it');
    await page.context().close();
  });
});
