/**
 * npm start: seed local KV from rules/, make sure .dev.vars has an admin
 * token, then run `wrangler dev` on http://127.0.0.1:$PORT (default 8787), with local
 * Queues, R2 and Durable Objects, no per-IP limit (ANON_RATE_LIMIT=N to set one) and
 * DEV_MODE=true (DEV_FAULT_BATCH_RATE=0.3 fails that share of queue batches).
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

// Local development: no per-IP limit for one developer's batch unless ANON_RATE_LIMIT is given
// (ANON_RATE_LIMIT=120 npm start, or a line in .dev.vars), the development switches on, and the
// fault switch from DEV_FAULT_BATCH_RATE (the share of queue batches the consumer fails on purpose).
const devVarsNow = readFileSync(devVars, 'utf8');
const devVarFlags: string[] = ['DEV_MODE:true'];
if (process.env.ANON_RATE_LIMIT !== undefined) devVarFlags.push(`ANON_RATE_LIMIT:${process.env.ANON_RATE_LIMIT}`);
else if (!/^ANON_RATE_LIMIT=/m.test(devVarsNow)) devVarFlags.push('ANON_RATE_LIMIT:0');
if (process.env.DEV_FAULT_BATCH_RATE) devVarFlags.push(`DEV_FAULT_BATCH_RATE:${process.env.DEV_FAULT_BATCH_RATE}`);
// Retries back off to at most 8 s locally: with many messages retried after 32-60 s, wrangler's local
// queue was seen never to deliver them again (README "Bulk scoring: jobs").
devVarFlags.push(`QUEUE_MAX_RETRY_DELAY_S:${process.env.QUEUE_MAX_RETRY_DELAY_S ?? '8'}`);

const wranglerBin = fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url));
const extra = process.argv.slice(2);
const child = spawn(process.execPath, [wranglerBin, 'dev', '--ip', ip, '--port', port, ...devVarFlags.flatMap((v) => ['--var', v]), ...extra], {
  cwd: repo,
  stdio: 'inherit',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
});
// Warm the Worker with one request once it answers. Under wrangler dev, an HTTP request that arrives
// while the very first queue batch is starting the isolate cold was seen to hang until the client
// gave up (a local-runtime quirk; README "Bulk scoring: jobs"); a warm isolate does not show it.
void (async () => {
  const host = ip.includes(':') ? `[${ip}]` : ip;
  for (let i = 0; i < 240; i++) {
    await new Promise((r) => setTimeout(r, 500));
    try {
      const res = await fetch(`http://${host}:${port}/v1/health`, { signal: AbortSignal.timeout(10_000) });
      await res.body?.cancel();
      return;
    } catch {
      /* not up yet */
    }
  }
})();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
