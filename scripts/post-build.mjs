// Trunk's post-build hook: completes the built index.html in order, the prerendered sign-in
// screen first (it adds an inline script), then the Content-Security-Policy (which hashes it).
// One hook calling both, because trunk starts all hooks of a stage at the same time.
import { join } from 'node:path';
import { completePolicyOf } from './csp.mjs';
import { prerenderIn } from './prerender.mjs';

const file = process.argv[2] ?? join(process.env.TRUNK_STAGING_DIR ?? 'dist', 'index.html');
prerenderIn(file);
completePolicyOf(file);
