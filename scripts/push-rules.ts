/**
 * npm run rules:push [-- --remote] [--core | --file path]
 * Validates the compiled rule set and writes it to the RULES namespace with
 * wrangler's KV commands: the language-model parts it names, its binary pack
 * (rulepack:<version>, what the Worker reads), ruleset:v:<version> (the JSON
 * source), then ruleset:previous and ruleset:active. Local KV (what
 * `wrangler dev` uses) by default.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { compileRuleset } from '../src/core/rules/compiled.ts';
import { encodeRulePack, openRulePack } from '../src/core/rules/pack.ts';
import { formatIssues, rulesetSchema, type Ruleset } from '../src/core/rules/schema.ts';
import { lmFileFor, lmKvParts } from '../src/node/rules.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const wranglerBin = fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url));

function wrangler(args: string[], where: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync(process.execPath, [wranglerBin, 'kv', 'key', ...args, '--binding', 'RULES', ...where], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim(), err: (r.stderr ?? '').trim() };
}

export function kvGet(key: string, where: string[]): string | null {
  const r = wrangler(['get', key, '--text'], where);
  if (!r.ok || r.out === '' || /^Value not found/m.test(r.out)) return null;
  return r.out;
}

function kvPut(key: string, valueArgs: string[], where: string[]): void {
  const r = wrangler(['put', key, ...valueArgs], where);
  if (!r.ok) throw new Error(`wrangler kv key put ${key} failed:\n${r.err || r.out}`);
}

/** Write the language-model pack's parts (`lm:<label>:<i>`) unless KV has them all already. */
function pushModel(m: NonNullable<NonNullable<Ruleset['models']>['lm']>, rulesFile: string, where: string[], quiet?: boolean): void {
  const lmFile = lmFileFor(rulesFile);
  const listed = wrangler(['list', '--prefix', `lm:${m.label}:`], where);
  const have = listed.ok ? (JSON.parse(listed.out || '[]') as Array<{ name: string }>).map((k) => k.name) : [];
  if (m.parts.every((_, i) => have.includes(`lm:${m.label}:${i}`))) {
    if (!quiet) console.log(`language model ${m.label} already in KV`);
    return;
  }
  const buf = readFileSync(lmFile);
  const sha = createHash('sha256').update(buf).digest('hex');
  if (sha !== m.sha256) throw new Error(`${lmFile} is not the pack the rule set names (SHA-256 ${sha.slice(0, 12)}…, want ${m.sha256.slice(0, 12)}…): run npm run rules:build`);
  const dir = mkdtempSync(join(tmpdir(), 'newsaudit-lm-'));
  try {
    for (const [i, p] of (lmKvParts({ models: { lm: m } } as Ruleset, rulesFile) ?? []).entries()) {
      const f = join(dir, `part-${i}.bin`);
      writeFileSync(f, p.bytes);
      kvPut(p.key, ['--path', f], where);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!quiet) console.log(`language model ${m.label} written to KV (${m.parts.length} part(s), ${(buf.length / 1048576).toFixed(1)} MiB)`);
}

export function pushRules(opts: { remote?: boolean; file?: string; quiet?: boolean; persistTo?: string } = {}): { version: string; previous: string | null; changed: boolean } {
  const file = opts.file ?? `${repo}rules/dist/ruleset.json`;
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const r = rulesetSchema.safeParse(data);
  if (!r.success) throw new Error(`${file} is not a valid rule set:\n  ${formatIssues(r.error).slice(0, 10).join('\n  ')}`);
  const compiled = compileRuleset(r.data);
  const where = opts.remote ? ['--remote'] : ['--local', ...(opts.persistTo ? ['--persist-to', opts.persistTo] : [])];
  const version = r.data.version;
  // The model first: a rule set must never be active before the pack it names is in KV.
  if (r.data.models?.lm) pushModel(r.data.models.lm, file, where, opts.quiet);
  // The pack the build wrote beside the JSON (rules/dist/ruleset.pack), or one encoded now for another file.
  const packFile = file.replace(/\.json$/, '.pack');
  let pack: Uint8Array | null = existsSync(packFile) ? readFileSync(packFile) : null;
  if (pack && openRulePack(pack).version !== version) pack = null;
  if (!pack) {
    const canonical = JSON.stringify(r.data);
    pack = encodeRulePack(compiled, { canonicalSha256: createHash('sha256').update(canonical).digest('hex') });
  }
  const listed = wrangler(['list', '--prefix', `rulepack:${version}`], where);
  const havePack = listed.ok && (JSON.parse(listed.out || '[]') as Array<{ name: string }>).some((k) => k.name === `rulepack:${version}`);
  if (!havePack) {
    const dir = mkdtempSync(join(tmpdir(), 'newsaudit-pack-'));
    try {
      const f = join(dir, 'rules.pack');
      writeFileSync(f, pack);
      kvPut(`rulepack:${version}`, ['--path', f], where);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (!opts.quiet) console.log(`rule pack ${version} written to KV (${(pack.length / 1048576).toFixed(1)} MiB)`);
  }
  const current = kvGet('ruleset:active', where);
  if (current === version) {
    if (!opts.quiet) console.log(`rules ${version} already active (${opts.remote ? 'remote' : 'local'} KV)`);
    return { version, previous: current, changed: false };
  }
  kvPut(`ruleset:v:${version}`, ['--path', file], where);
  if (current) kvPut('ruleset:previous', [current], where);
  kvPut('ruleset:active', [version], where);
  if (!opts.quiet) console.log(`rules ${version} active in ${opts.remote ? 'remote' : 'local'} KV${current ? ` (previous: ${current})` : ''}`);
  return { version, previous: current, changed: true };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  const fileIdx = argv.indexOf('--file');
  // --core: the bundled copy (no KV-only packs): smaller and quick to load, for the free plan's CPU limit.
  const file = fileIdx >= 0 ? argv[fileIdx + 1] : argv.includes('--core') ? `${repo}rules/dist/ruleset.bundled.json` : undefined;
  try {
    pushRules({ remote: argv.includes('--remote'), file });
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
