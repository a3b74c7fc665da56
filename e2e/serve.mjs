// A static server for dist/ with an SPA fallback (deep links like /home get index.html), the
// security headers docs/hosting.md asks of a static host, and brotli (quality 11, as a static
// host's precompressed files would be) for a browser that accepts it. Usage: node serve.mjs DIR PORT
// [--plain]. --plain serves another app's static export (scripts/bench.sh measures the original
// with it): none of our headers, and /login answered by login.html as hosts do for a Next.js export.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { brotliCompressSync, constants } from 'node:zlib';
import { extname, join, normalize, resolve } from 'node:path';
import { policyOf } from '../scripts/csp.mjs';

/** The headers every answer carries: the page's own CSP plus what a <meta> cannot say. */
export function securityHeaders(indexHtml) {
  const policy = policyOf(indexHtml);
  if (!policy) throw new Error('the built index.html has no Content-Security-Policy');
  return {
    'Content-Security-Policy': `${policy}; frame-ancestors 'none'`,
    'X-Frame-Options': 'DENY',
    'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon' };

/** Brotli -q 11 of a file's bytes, computed once per file version. */
const compressed = new Map();
function brotli(file, mtimeMs, body) {
  const key = `${file}@${mtimeMs}`;
  if (!compressed.has(key)) {
    compressed.set(key, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
  }
  return compressed.get(key);
}

export function serve(dir, port, host = '127.0.0.1', { plain = false } = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    // Read each time: a rebuild changes the inline script's hash, and the header must follow.
    const headers = plain ? {} : securityHeaders(await readFile(join(root, 'index.html'), 'utf8'));
    let path;
    try {
      path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    } catch {
      res.writeHead(400, headers).end('bad request');
      return;
    }
    let file = join(root, path);
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    const isFile = (f) => stat(f).then((i) => (i.isFile() ? i : null), () => null);
    let info = await isFile(file);
    let status = 200;
    for (const candidate of plain && !info ? [`${file}.html`, join(file, 'index.html')] : []) {
      if (!info && (info = await isFile(candidate))) file = candidate;
    }
    if (!info && plain) {
      // A static export's host answers what it does not have with its 404 page.
      status = 404;
      file = join(root, '404.html');
      info = (await isFile(file)) ?? { mtimeMs: 0 };
    }
    if (!info) {
      file = join(root, 'index.html');
      info = (await isFile(file)) ?? { mtimeMs: 0 };
    }
    try {
      let body = await readFile(file);
      const type = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store', Vary: 'Accept-Encoding' };
      if (/\bbr\b/.test(req.headers['accept-encoding'] ?? '')) {
        body = brotli(file, info.mtimeMs, body);
        type['Content-Encoding'] = 'br';
      }
      res.writeHead(status, { ...headers, ...type });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const args = process.argv.slice(2);
  const plain = args.includes('--plain');
  const [dir = 'dist', port = '8080'] = args.filter((a) => a !== '--plain');
  await serve(dir, Number(port), '127.0.0.1', { plain });
  console.log(`serving ${dir} on http://127.0.0.1:${port}/`);
}
