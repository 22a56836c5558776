/**
 * npm run keys -- create NAME --per-minute N | list | revoke ID   [--api URL] [--admin-token TOKEN]
 *
 * Manages API keys through /v1/admin/keys of a running Worker (default
 * http://127.0.0.1:8787, i.e. `npm start`; --api https://… for a deployment).
 * The admin token comes from --admin-token, else $ADMIN_TOKEN, else .dev.vars.
 * A new key is printed once; only its SHA-256 is stored.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const USAGE = `usage: npm run keys -- create NAME --per-minute N | list | revoke ID  [--api URL] [--admin-token TOKEN]`;

function adminToken(given: string | undefined): string {
  if (given) return given;
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  const devVars = fileURLToPath(new URL('../.dev.vars', import.meta.url));
  const m = existsSync(devVars) ? /^ADMIN_TOKEN=(.+)$/m.exec(readFileSync(devVars, 'utf8')) : null;
  if (m) return m[1].trim();
  throw new Error('No admin token: pass --admin-token, set ADMIN_TOKEN, or run npm start once (it writes .dev.vars)');
}

export async function main(argv: string[]): Promise<number> {
  const args: string[] = [];
  let api = process.env.NEWSAUDIT_API ?? 'http://127.0.0.1:8787';
  let token: string | undefined;
  let perMinute: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--api') api = argv[++i];
    else if (a === '--admin-token') token = argv[++i];
    else if (a === '--per-minute') perMinute = Number(argv[++i]);
    else args.push(a);
  }
  const [cmd, arg] = args;
  const headers = { authorization: `Bearer ${adminToken(token)}`, 'content-type': 'application/json' };
  const base = api.replace(/\/+$/, '');
  let res: Response;
  if (cmd === 'create' && arg && perMinute !== undefined) {
    res = await fetch(`${base}/v1/admin/keys`, { method: 'POST', headers, body: JSON.stringify({ name: arg, perMinute }) });
  } else if (cmd === 'list') {
    res = await fetch(`${base}/v1/admin/keys`, { headers });
  } else if (cmd === 'revoke' && arg) {
    res = await fetch(`${base}/v1/admin/keys/${encodeURIComponent(arg)}`, { method: 'DELETE', headers });
  } else {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const text = await res.text();
  if (!res.ok) {
    process.stderr.write(`${res.status}: ${text}\n`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  if (cmd === 'create') process.stderr.write('Keep the key: it is not shown again. Clients send it as Authorization: Bearer <key>.\n');
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
