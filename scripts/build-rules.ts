/**
 * npm run rules:build — compile rules/**.yaml|json into rules/dist/ruleset.json.
 *   --check   fail if the committed artifact differs from a fresh build (CI, tests)
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRuleset, bundledSubset, RuleBuildError, type SourceFile } from '../src/core/rules/build.ts';

const root = fileURLToPath(new URL('../rules/', import.meta.url));
/** The full set (what rules:push writes to KV) and the copy bundled with the Worker. */
const out = join(root, 'dist', 'ruleset.json');
const outBundled = join(root, 'dist', 'ruleset.bundled.json');

export function readSources(dir = root): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'dist' && !name.startsWith('.')) walk(p);
      } else if (/\.(ya?ml|json)$/.test(name)) {
        files.push({ path: relative(dir, p).split('\\').join('/'), text: readFileSync(p, 'utf8') });
      }
    }
  };
  walk(dir);
  return files;
}

function main() {
  const check = process.argv.includes('--check');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  let json: string;
  let jsonBundled: string;
  try {
    const rs = buildRuleset(readSources(), { versionPrefix: pkg.version });
    json = JSON.stringify(rs) + '\n';
    const sub = bundledSubset(rs);
    jsonBundled = JSON.stringify(sub) + '\n';
    console.log(`bundled copy ${sub.version}: ${sub.rules.length} rules, ${(jsonBundled.length / 1024).toFixed(1)} KiB (KV-only packs: ${rs.packs.filter((p) => p.bundle === false).map((p) => p.file).join(', ') || 'none'})`);
    const counts = rs.packs.reduce<Record<string, number>>((a, p) => ((a[p.signal] = (a[p.signal] ?? 0) + p.rules), a), {});
    console.log(`rules ${rs.version}: ${rs.rules.length} rules (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}), ${rs.outlets.length} outlets, ${(json.length / 1024).toFixed(1)} KiB`);
  } catch (e) {
    if (e instanceof RuleBuildError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  if (check) {
    for (const [file, want] of [[out, json], [outBundled, jsonBundled]] as const) {
      let current = '';
      try {
        current = readFileSync(file, 'utf8');
      } catch {
        /* missing */
      }
      if (current !== want) {
        console.error(`${relative(process.cwd(), file)} is out of date: run \`npm run rules:build\` and commit it`);
        process.exit(1);
      }
    }
    console.log('rules/dist/ruleset.json and ruleset.bundled.json are up to date');
    return;
  }
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(out, json);
  writeFileSync(outBundled, jsonBundled);
  console.log(`wrote ${relative(process.cwd(), out)} and ${relative(process.cwd(), outBundled)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
