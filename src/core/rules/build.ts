/**
 * Compiles rule-pack sources (the files under `rules/`) into one versioned
 * rule set. Every problem names its file and entry; any problem fails the
 * build. Also runs each rule's `examples` against the compiled index.
 */
import { parse as parseYaml } from 'yaml';
import { buildDoc } from '../doc.ts';
import { analyze, matchAll } from '../analyze.ts';
import { compileRuleset, RulesetCompileError } from './compiled.ts';
import {
  formatIssues, outletsFileSchema, packSchema, RULESET_SCHEMA_VERSION, rulesetSchema, scoringSchema, spinLexiconSchema, spinPairsSchema,
  type CompiledRule, type Outlet, type Ruleset, type Scoring, type SpinLexicon, type SpinPairs,
} from './schema.ts';
import { SIGNALS } from '../types.ts';

export interface SourceFile {
  /** Path relative to `rules/`, e.g. `spin/titles.yaml`. */
  path: string;
  text: string;
}

export class RuleBuildError extends Error {
  constructor(public problems: string[]) {
    super(`rule build failed:\n  ${problems.join('\n  ')}`);
  }
}

function parseFile(f: SourceFile): unknown {
  if (f.path.endsWith('.json')) return JSON.parse(f.text);
  return parseYaml(f.text, { prettyErrors: true, uniqueKeys: true });
}

/** Short, stable content hash (FNV-1a 64-bit over the canonical JSON), hex. */
export function contentHash(s: string): string {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x01000193 | 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return ((h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0')).slice(0, 12);
}

/**
 * The copy bundled with the Worker: the full set without the packs (and
 * lexicon) marked `bundle: false`. Its version is the full version plus
 * `-core`, so the two are never confused; with nothing KV-only it is the full set.
 */
export function bundledSubset(rs: Ruleset): Ruleset {
  const kvOnly = new Set(rs.packs.filter((p) => p.bundle === false).map((p) => p.file));
  if (kvOnly.size === 0 && rs.spinLexicon?.bundle !== false && rs.spinPairs?.bundle !== false && !rs.models) return rs;
  // The language model never ships in the bundle (it is tens of MB): it lives in KV and in rules/dist/lm.bin.
  const { spinLexicon, spinPairs, models: _models, ...rest } = rs;
  const subset: Ruleset = {
    ...rest,
    version: `${rs.version}-core`,
    packs: rs.packs.filter((p) => !kvOnly.has(p.file)),
    rules: rs.rules.filter((r) => !kvOnly.has(r.file)),
    ...(spinLexicon && spinLexicon.bundle !== false ? { spinLexicon } : {}),
    ...(spinPairs && spinPairs.bundle !== false ? { spinPairs } : {}),
  };
  return subset;
}

export function buildRuleset(files: SourceFile[], opts: { versionPrefix?: string; models?: Ruleset['models'] } = {}): Ruleset {
  const problems: string[] = [];
  const rules: CompiledRule[] = [];
  const packs: Ruleset['packs'] = [];
  const outlets: Outlet[] = [];
  let scoring: Scoring | undefined;
  let spinLexicon: SpinLexicon | undefined;
  let spinPairs: SpinPairs | undefined;
  const ids = new Map<string, string>();

  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    let data: unknown;
    try {
      data = parseFile(f);
    } catch (e) {
      problems.push(`${f.path}: cannot parse: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    const base = f.path.split('/').pop() ?? f.path;
    if (f.path === 'scoring.yaml' || f.path === 'scoring.json') {
      const r = scoringSchema.safeParse(data);
      if (!r.success) problems.push(...formatIssues(r.error, `${f.path}: `));
      else scoring = r.data;
      continue;
    }
    if (f.path === 'spin/pairs.json') {
      const r = spinPairsSchema.safeParse(data);
      if (!r.success) problems.push(...formatIssues(r.error, `${f.path}: `));
      else spinPairs = r.data;
      continue;
    }
    if (f.path === 'spin/lexicon.json') {
      const r = spinLexiconSchema.safeParse(data);
      if (!r.success) problems.push(...formatIssues(r.error, `${f.path}: `));
      else spinLexicon = r.data;
      continue;
    }
    // Inputs of scripts/build/outlets.ts, not rule packs: its output (outlets.json) is what ships.
    if (base === 'outlet-names.yaml') continue;
    if (/^outlets.*\.json$/.test(base)) {
      const r = outletsFileSchema.safeParse(data);
      if (!r.success) problems.push(...formatIssues(r.error, `${f.path}: `).slice(0, 20));
      else outlets.push(...r.data.outlets);
      continue;
    }
    const folder = f.path.includes('/') ? f.path.split('/')[0] : '';
    const r = packSchema.safeParse(data);
    if (!r.success) {
      // Name the entry by its id where the path points into `rules`.
      const rawRules = (data as { rules?: Array<{ id?: unknown }> } | null)?.rules;
      problems.push(
        ...r.error.issues.map((i) => {
          const idx = i.path[0] === 'rules' && typeof i.path[1] === 'number' ? i.path[1] : -1;
          const id = idx >= 0 && Array.isArray(rawRules) ? rawRules[idx]?.id : undefined;
          const where = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(root)';
          return `${f.path}: ${where}${id ? ` (rule "${String(id)}")` : ''}: ${i.message}`;
        }),
      );
      continue;
    }
    const pack = r.data;
    if (folder && folder !== pack.pack) problems.push(`${f.path}: pack "${pack.pack}" is in folder "${folder}/"; move it or fix "pack"`);
    for (const rule of pack.rules) {
      const ruleId = `${pack.pack}.${rule.id}`;
      const prev = ids.get(ruleId);
      if (prev) problems.push(`${f.path}: rule "${rule.id}": id ${ruleId} already defined in ${prev}`);
      ids.set(ruleId, f.path);
      rules.push({ ...rule, signal: pack.pack, ruleId, file: f.path } as CompiledRule);
    }
    packs.push({
      signal: pack.pack,
      file: f.path,
      ...(pack.description ? { description: pack.description } : {}),
      rules: pack.rules.length,
      ...(pack.bundle ? {} : { bundle: false }),
    });
  }
  if (!scoring) problems.push('scoring.yaml: missing (rules/scoring.yaml sets signal weights and bands)');
  // language and translation work without packs (their analyzers have checks of their own); the others need one.
  for (const s of SIGNALS) {
    if (s !== 'language' && s !== 'translation' && !packs.some((p) => p.signal === s)) problems.push(`${s}/: no rule pack for signal "${s}"`);
  }
  if (problems.length) throw new RuleBuildError(problems);

  const body = { packs, rules, scoring: scoring!, outlets, ...(spinLexicon ? { spinLexicon } : {}), ...(spinPairs ? { spinPairs } : {}), ...(opts.models ? { models: opts.models } : {}) };
  const version = `${opts.versionPrefix ?? 'r'}-${contentHash(JSON.stringify(body))}`;
  const ruleset: Ruleset = { schema: RULESET_SCHEMA_VERSION, version, ...body };
  const check = rulesetSchema.safeParse(ruleset);
  if (!check.success) throw new RuleBuildError(formatIssues(check.error));

  let compiled;
  try {
    compiled = compileRuleset(ruleset);
  } catch (e) {
    if (e instanceof RulesetCompileError) throw new RuleBuildError(e.problems);
    throw e;
  }
  // Examples: every `match` must trigger its rule, no `nomatch` may.
  rules.forEach((rule, r) => {
    if (!rule.examples) return;
    // Detector rules (repetition, questions, frames, pairs) are checked through the whole pipeline, phrase rules through the index.
    const detector = rule.kind === 'repetition' || rule.kind === 'questions' || rule.kind === 'frames' || rule.kind === 'pairs' || rule.kind === 'context' || rule.kind === 'fluency' || rule.kind === 'typography';
    const hits = (text: string) => {
      if (detector) return analyze({ text }, compiled, { origin: 'file' }).findings.some((f) => f.rule === rule.ruleId);
      const m = matchAll(buildDoc({ text }), compiled);
      return m.bySignal[rule.signal].some((x) => x.rule === r);
    };
    for (const ex of rule.examples.match) if (!hits(ex)) problems.push(`${rule.file}: rule "${rule.id}": example does not match: ${JSON.stringify(ex)}`);
    for (const ex of rule.examples.nomatch) if (hits(ex)) problems.push(`${rule.file}: rule "${rule.id}": nomatch example matches: ${JSON.stringify(ex)}`);
  });
  if (problems.length) throw new RuleBuildError(problems);
  return ruleset;
}
