// Trunk post-build hook: completes the Content-Security-Policy in the built index.html.
//
// index.html carries the policy's fixed part in a <meta http-equiv="Content-Security-Policy">.
// This hook adds what only the build knows: the sha256 of each inline script (trunk's wasm loader,
// the prerendered screen's boot.js; in `trunk serve` also the autoreload script) to script-src and
// of the inline style sheet (style/main.css, inlined by trunk so the first paint needs no second
// request) to style-src, and the configured Cognito endpoint to connect-src. No 'unsafe-inline',
// no 'unsafe-eval'.
//
// The endpoint is derived from the same build-time variables as src/config/mod.rs (COGNITO_ENDPOINT,
// else the pool's regional endpoint, else local-cognito); the end-to-end tests would fail on the
// first sign-in if the two ever disagreed (a CSP violation fails them).
//
// Usage: node scripts/csp.mjs [index.html]   (trunk sets TRUNK_STAGING_DIR and TRUNK_PROFILE;
// the build runs it from scripts/post-build.mjs, after prerender.mjs)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCAL_ENDPOINT = 'http://127.0.0.1:9229/';

export function cognitoEndpoint(env = process.env) {
  const set = (name) => (env[name] ?? '').trim() || undefined;
  const explicit = set('COGNITO_ENDPOINT');
  const pool = set('COGNITO_USER_POOL_ID');
  const endpoint = explicit
    ? (explicit.endsWith('/') ? explicit : `${explicit}/`)
    : pool && set('COGNITO_CLIENT_ID')
      ? `https://cognito-idp.${pool.split('_')[0]}.amazonaws.com/`
      : LOCAL_ENDPOINT;
  return checkedSource(endpoint);
}

/** A URL fit to stand in a CSP source list and an HTML attribute, or an error. */
function checkedSource(url) {
  let parsed;
  try { parsed = new URL(url); } catch { throw new Error(`not a URL: ${JSON.stringify(url)}`); }
  const fine = /^https?:$/.test(parsed.protocol) && !parsed.search && !parsed.hash && !parsed.username
    && /^[A-Za-z0-9._~:/[\]%-]+$/.test(url);
  if (!fine) throw new Error(`COGNITO_ENDPOINT ${JSON.stringify(url)} cannot be put in a Content-Security-Policy: give scheme://host[:port]/path`);
  return url;
}

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The inline style sheets of an HTML document, exactly as the browser hashes them. */
export function inlineStyles(html) {
  return [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map(([, body]) => body);
}

/** The inline scripts of an HTML document (scripts without src), exactly as the browser hashes them. */
export function inlineScripts(html) {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter(([, attrs]) => !/\bsrc\s*=/i.test(attrs))
    .map(([, , body]) => body);
}

/**
 * `trunk serve` fills in its autoreload script's address when it serves the page, which would
 * change the script after it was hashed: fill it in now, the way trunk does when it has no Host.
 */
export function pinAutoreload(html, publicUrl = '/') {
  return html
    .replaceAll("'{{__TRUNK_ADDRESS__}}'", 'window.location.host')
    .replaceAll('`{{__TRUNK_ADDRESS__}}`', 'window.location.host')
    .replaceAll('{{__TRUNK_WS_BASE__}}', publicUrl);
}

export function completePolicy(html, { endpoint, dev = false }) {
  const meta = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i;
  const found = html.match(meta);
  if (!found) throw new Error('index.html has no <meta http-equiv="Content-Security-Policy" content="…">');
  const directives = new Map(found[2].split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...sources] = d.split(/\s+/);
    return [name, sources];
  }));
  const add = (name, ...sources) => directives.set(name, [...new Set([...(directives.get(name) ?? []), ...sources])]);
  add('script-src', ...inlineScripts(html).map(sha256));
  const styles = inlineStyles(html).map(sha256);
  if (styles.length) add('style-src', ...styles);
  add('connect-src', endpoint);
  // trunk serve's autoreload talks over a WebSocket to the dev server.
  if (dev) add('connect-src', 'ws://127.0.0.1:*', 'ws://localhost:*');
  const policy = [...directives].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
  return { html: html.replace(meta, (_, open, _old, close) => `${open}${policy}${close}`), policy };
}

/** The policy a built index.html carries (what a host should also send as a header). */
export function policyOf(html) {
  return html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i)?.[1];
}

/** Completes the policy of a built index.html in place. */
export function completePolicyOf(file) {
  const dev = process.env.TRUNK_PROFILE === 'debug';
  const built = readFileSync(file, 'utf8');
  const { html, policy } = completePolicy(dev ? pinAutoreload(built, process.env.TRUNK_PUBLIC_URL || '/') : built, {
    endpoint: cognitoEndpoint(),
    dev,
  });
  writeFileSync(file, html);
  console.log(`CSP: ${policy}`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  completePolicyOf(process.argv[2] ?? join(process.env.TRUNK_STAGING_DIR ?? 'dist', 'index.html'));
}
