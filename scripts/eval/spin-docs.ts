/** Genuine documents the spin evaluations spin: Wikinews 2019–2020 and the trafilatura English pages (as visible text). */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { htmlToText } from '../../src/core/extract/index.ts';

export interface GenuineDoc {
  set: 'wikinews' | 'trafilatura';
  id: string;
  text: string;
}

export function loadWikinews(dataDir: string): GenuineDoc[] {
  const file = join(dataDir, 'news/wikinews_en_2019_2020.jsonl.gz');
  if (!existsSync(file)) return [];
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; text: string })
    .map((r) => ({ set: 'wikinews' as const, id: r.id, text: r.text }));
}

/** English pages of the trafilatura evaluation set, as text (unpacked to a temporary directory, removed afterwards). */
export function loadTrafilatura(dataDir: string): { docs: GenuineDoc[]; note?: string } {
  const dir = join(dataDir, 'boilerplate');
  const index = join(dir, 'evaldata_en.json');
  const tarball = join(dir, 'trafilatura_eval_html_en.tar.gz');
  if (!existsSync(index) || !existsSync(tarball)) return { docs: [], note: 'trafilatura pages not present: skipped' };
  const tmp = mkdtempSync(join(tmpdir(), 'newsaudit-eval-spin-'));
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', tmp], { stdio: ['ignore', 'ignore', 'pipe'] });
    const entries = JSON.parse(readFileSync(index, 'utf8')) as Record<string, { file: string }>;
    const docs: GenuineDoc[] = [];
    let missing = 0;
    for (const [key, e] of Object.entries(entries)) {
      const f = join(tmp, 'html', e.file);
      if (!existsSync(f)) {
        missing++;
        continue;
      }
      docs.push({ set: 'trafilatura', id: key, text: htmlToText(readFileSync(f, 'utf8')).text });
    }
    return { docs, note: missing ? `${missing} pages missing from the archive` : undefined };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Both sets, documents of at least `minWords` words (whitespace-separated), with their word counts. */
export function loadSimDocs(dataDir: string, minWords = 150): Array<GenuineDoc & { words: number }> {
  return [...loadWikinews(dataDir), ...loadTrafilatura(dataDir).docs]
    .map((d) => ({ ...d, words: d.text.split(/\s+/).filter(Boolean).length }))
    .filter((d) => d.words >= minWords);
}
