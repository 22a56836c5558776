/**
 * npm start: seed local KV from rules/, make sure .dev.vars has an admin
 * token, then run `wrangler dev` on http://127.0.0.1:$PORT (default 8787).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { pushRules } from './push-rules.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.PORT ?? '8787';
const ip = process.env.HOST ?? '127.0.0.1';

const devVars = `${repo}.dev.vars`;
const existing = existsSync(devVars) ? readFileSync(devVars, 'utf8') : '';
if (!/^ADMIN_TOKEN=/m.test(existing)) {
  const token = randomBytes(24).toString('hex');
  writeFileSync(devVars, `${existing}${existing && !existing.endsWith('\n') ? '\n' : ''}ADMIN_TOKEN=${token}\n`);
  console.log('Created .dev.vars with a local ADMIN_TOKEN (for PUT /v1/rules and rollback).');
}

// Local development may score pages served on this machine (GET /v1/score?url=http://localhost:…).
const vars = readFileSync(devVars, 'utf8');
if (!/^ALLOW_LOOPBACK_FETCH=/m.test(vars)) {
  writeFileSync(devVars, `${vars}${vars && !vars.endsWith('\n') ? '\n' : ''}ALLOW_LOOPBACK_FETCH=true\n`);
  console.log('Added ALLOW_LOOPBACK_FETCH=true to .dev.vars (local pages may be scored by URL; off in production).');
}

try {
  pushRules({ quiet: false });
} catch (e) {
  console.error(`Could not seed local KV: ${(e as Error).message}\nThe Worker will serve the bundled rule set.`);
}

const wranglerBin = fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url));
const extra = process.argv.slice(2);
const child = spawn(process.execPath, [wranglerBin, 'dev', '--ip', ip, '--port', port, ...extra], {
  cwd: repo,
  stdio: 'inherit',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
