// The login page's first load and time to usable, as a browser sees them (README, "Performance").
//
//   node e2e/perf.mjs APP_URL bytes   what /login fetches, brotli bytes per file, against budgets
//                                     (exits 1 over a budget: scripts/size.sh, scripts/test.sh)
//   node e2e/perf.mjs APP_URL time    median time to usable of N cold loads (PERF_LOADS, 5),
//                                     without throttling and on Slow 4G; numbers only
//
// APP_URL serves the release build with brotli (e2e/serve.mjs, quality 11, as a static host's
// precompressed files). "Usable" is the first frame in which the email field is on screen and
// takes typing; that what is typed is kept through the app's start is checked on every load.
import { launch } from './browser.mjs';

const [appUrl, mode = 'bytes'] = process.argv.slice(2);
if (!appUrl) { console.error('usage: node e2e/perf.mjs APP_URL bytes|time'); process.exit(2); }
const LOADS = Number(process.env.PERF_LOADS ?? 5);
/** The budget for what the sign-in form needs before it can be used. */
const USABLE_BUDGET = Number(process.env.BUDGET_USABLE_BYTES ?? 100 * 1024);
/** Everything the login page loads, the app included: a ceiling against regressions. */
const APP_BUDGET = Number(process.env.BUDGET_APP_BYTES ?? 380 * 1024);
/** DevTools' Slow 4G, as the issue gives it: 150 ms latency, 1.6 Mbps down, 750 kbps up. */
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

const browser = await launch();

/** One cold load of /login: what was fetched, when the form was usable, when the app took over. */
async function load({ throttle = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  await context.addInitScript(() => {
    // Stamps the first frame in which #email is rendered and enabled, then the first in which the
    // app has taken the prerendered screen over.
    const poll = () => {
      const field = document.getElementById('email');
      if (window.__usableAt === undefined && field && field.getClientRects().length && !field.disabled && !field.readOnly) {
        window.__usableAt = performance.now();
      }
      if (window.__usableAt !== undefined && field && !document.getElementById('prerendered')) {
        window.__appAt = performance.now();
      } else {
        requestAnimationFrame(poll);
      }
    };
    requestAnimationFrame(poll);
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle) await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  const fetched = [];
  page.on('requestfinished', (r) => fetched.push({ url: r.url(), type: r.resourceType() }));
  await page.goto(`${appUrl}/login`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__usableAt !== undefined, null, { timeout: 60_000 });
  // Typed now, before or after the app's start, and still there once the app has taken over.
  await page.type('#email', 'kept@example.com');
  await page.waitForFunction(() => window.__appAt !== undefined, null, { timeout: 60_000 });
  const { usable, appAt, kept } = await page.evaluate(() => ({
    usable: window.__usableAt,
    appAt: window.__appAt,
    kept: document.getElementById('email').value,
  }));
  if (kept !== 'kept@example.com') throw new Error(`the app lost what was typed: ${JSON.stringify(kept)}`);
  await context.close();
  return { usable, appAt, fetched };
}

/** Brotli bytes of a file as the server sends it. */
async function brotliBytes(url) {
  const res = await fetch(url, { headers: { 'Accept-Encoding': 'br' } });
  if (res.headers.get('content-encoding') !== 'br') throw new Error(`${url} is not served with brotli`);
  // fetch() decodes the body: ask for the length the wire carried.
  return Number(res.headers.get('content-length')) || (await rawLength(url));
}

async function rawLength(url) {
  const { request } = await import('node:http');
  return new Promise((ok, fail) => {
    request(url, { headers: { 'Accept-Encoding': 'br' } }, (res) => {
      let n = 0;
      res.on('data', (c) => { n += c.length; });
      res.on('end', () => ok(n));
    }).on('error', fail).end();
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (mode === 'bytes') {
  const { fetched } = await load();
  // The form needs the document and its stylesheet (render-blocking); the glue and the wasm are
  // the app, fetched alongside (preloaded) but not needed to type (e2e/prerender.test.mjs signs
  // in with a submit made while they are held back).
  const needed = (f) => f.type === 'document' || f.type === 'stylesheet';
  let usable = 0, app = 0;
  console.log(`${'file (what GET /login fetches)'.padEnd(48)} ${'brotli'.padStart(9)}  needed to use the form`);
  for (const f of fetched) {
    if (!f.url.startsWith(appUrl)) continue;
    const bytes = await brotliBytes(f.url);
    const name = new URL(f.url).pathname;
    console.log(`${name.padEnd(48)} ${String(bytes).padStart(9)}  ${needed(f) ? 'yes' : 'no (the app)'}`);
    if (needed(f)) usable += bytes;
    app += bytes;
  }
  console.log(`before the sign-in form is usable: ${usable} bytes (${kb(usable)}), budget ${kb(USABLE_BUDGET)}`);
  console.log(`the whole login page with the app:  ${app} bytes (${kb(app)}), ceiling ${kb(APP_BUDGET)}`);
  await browser.close();
  const over = [usable > USABLE_BUDGET && 'usable', app > APP_BUDGET && 'app'].filter(Boolean);
  if (over.length) { console.log(`OVER BUDGET: ${over.join(', ')}`); process.exit(1); }
} else {
  for (const throttle of [false, true]) {
    const runs = [];
    for (let i = 0; i < LOADS; i += 1) runs.push(await load({ throttle }));
    const label = throttle ? 'Slow 4G (150 ms, 1.6 Mbps down)' : 'no throttling';
    console.log(`time to usable, ${label}, median of ${LOADS} cold loads: ${median(runs.map((r) => r.usable)).toFixed(0)} ms (the app has taken over: ${median(runs.map((r) => r.appAt)).toFixed(0)} ms)`);
  }
  await browser.close();
}
