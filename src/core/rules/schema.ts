/**
 * Schemas of rule packs (the human-edited files under `rules/`) and of the
 * compiled rule set (the artifact stored in KV and bundled as a fallback).
 *
 * Rule kinds, in the spirit of Vale's styles:
 * - `substitution`: a phrase that should have been another phrase (`swap`).
 * - `existence`: a phrase whose presence is the problem (`tokens`).
 * - `pattern`: token patterns with classes and alternations (see `pattern.ts`).
 * - `repetition`: the same content phrase repeated across the article.
 * - `questions`: questions in the writer's own voice (outside quotation marks).
 *
 * Phrases are token patterns, never regular expressions: matching stays
 * linear-time whatever the rule author writes.
 */
import { z } from 'zod';
import { SIGNALS } from '../types.ts';

export const LEVELS = ['info', 'warning', 'error'] as const;

/** The 14 technique names of the Propaganda Techniques Corpus (SemEval-2020 Task 11), spelled as there. */
export const TECHNIQUES = [
  'Appeal_to_Authority', 'Appeal_to_fear-prejudice', 'Bandwagon,Reductio_ad_hitlerum', 'Black-and-White_Fallacy',
  'Causal_Oversimplification', 'Doubt', 'Exaggeration,Minimisation', 'Flag-Waving', 'Loaded_Language',
  'Name_Calling,Labeling', 'Repetition', 'Slogans', 'Thought-terminating_Cliches', 'Whataboutism,Straw_Men,Red_Herring',
] as const;

const phrase = z
  .string()
  .trim()
  .min(1, 'empty phrase')
  .max(200, 'phrase longer than 200 characters');

const examples = z
  .object({
    match: z.array(z.string()).default([]),
    nomatch: z.array(z.string()).default([]),
  })
  .strict();

/**
 * Context guard. Negative conditions (`notBefore`, `notAfter`) veto the match;
 * of the positive ones, at least one must hold when any is given.
 */
export const contextSchema = z
  .object({
    /** None of these words immediately before / after the match. */
    notBefore: z.array(phrase).optional(),
    notAfter: z.array(phrase).optional(),
    /** The match starts a sentence. */
    sentenceStart: z.boolean().optional(),
    /** One of these words immediately before the match. */
    before: z.array(phrase).optional(),
    /** One of these words immediately after the match. */
    after: z.array(phrase).optional(),
    /** A number immediately before / after the match. */
    numberBefore: z.boolean().optional(),
    numberAfter: z.boolean().optional(),
  })
  .strict();

const base = {
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'id must be lowercase letters, digits, - or _'),
  level: z.enum(LEVELS).default('warning'),
  /** `{actual}` and `{expected}` are replaced in the message. */
  message: z.string().min(1).max(500),
  description: z.string().optional(),
  /** Propaganda technique name, exactly as SemEval-2020 Task 11 spells it. */
  technique: z.enum(TECHNIQUES, { error: `technique must be one of: ${TECHNIQUES.join(' | ')}` }).optional(),
  /** Sub-kind (boilerplate kind, credibility reason, …). */
  category: z.string().optional(),
  /** Contribution to the signal's risk per finding (default 1). */
  weight: z.number().min(0).max(10).default(1),
  /**
   * Required letter case of the match: `any` (default), `title` (every word
   * capitalised), `first` (the first word capitalised), `lower`, `upper`.
   */
  case: z.enum(['any', 'title', 'first', 'lower', 'upper']).default('any'),
  context: contextSchema.optional(),
  /**
   * Where the match must sit: anywhere, at the start of a sentence, or on a
   * short line of its own (boilerplate: the whole line is reported).
   */
  scope: z.enum(['any', 'sentence-start', 'line']).default('any'),
  /** With scope `line`: the longest line (in words) the rule may claim. */
  maxLineWords: z.number().int().min(1).max(200).default(30),
  /** With scope `line`: the share of the line's words the match must cover (0..1). */
  minLineCoverage: z.number().min(0).max(1).default(0),
  /**
   * How much text a finding covers: the match itself (default), its clause
   * (between commas, semicolons, colons, brackets, dashes, quotation marks
   * and sentence ends) or its sentence. A loaded word is a word, but doubt,
   * fear appeals and flag-waving are claims: they are reported with their
   * clause, and the message names the words that triggered it.
   */
  span: z.enum(['match', 'clause', 'sentence']).default('match'),
  examples: examples.optional(),
};

export const substitutionRule = z
  .object({
    ...base,
    kind: z.literal('substitution'),
    // One loop instead of a schema per key: generated packs hold tens of thousands of entries.
    swap: z
      .custom<Record<string, string>>((o) => typeof o === 'object' && o !== null && !Array.isArray(o), 'swap must be a map of phrase: original')
      .superRefine((o, ctx) => {
        let n = 0;
        for (const k in o) {
          n++;
          const v = o[k];
          if (typeof v !== 'string' || v.trim().length === 0) {
            ctx.addIssue({ code: 'custom', path: [k], message: `swap value for ${JSON.stringify(k)} must be a non-empty string` });
          }
          const kt = k.trim();
          if (kt.length === 0 || kt.length > 200) {
            ctx.addIssue({ code: 'custom', path: [k], message: `swap key ${JSON.stringify(k)}: phrase must be 1-200 characters` });
          }
        }
        if (n === 0) ctx.addIssue({ code: 'custom', message: 'swap is empty' });
      }),
  })
  .strict();

export const existenceRule = z
  .object({
    ...base,
    kind: z.literal('existence'),
    tokens: z.array(phrase).min(1, 'tokens is empty'),
  })
  .strict();

export const patternRule = z
  .object({
    ...base,
    kind: z.literal('pattern'),
    patterns: z.array(phrase).min(1, 'patterns is empty'),
    expected: z.string().optional(),
  })
  .strict();

export const repetitionRule = z
  .object({
    ...base,
    kind: z.literal('repetition'),
    /** Shortest repeated phrase, in content words. */
    minWords: z.number().int().min(1).max(8).default(2),
    maxWords: z.number().int().min(1).max(12).default(6),
    /** Occurrences needed to report. */
    minCount: z.number().int().min(2).max(50).default(3),
    /**
     * Whether capitalised words (names: "Pope Francis", "Supreme Court")
     * count as content words. News repeats the names it is about; a
     * repeated slogan or loaded phrase is in lower case.
     */
    names: z.boolean().default(false),
  })
  .strict();

/**
 * Questions in the writer's voice: a sentence that ends with "?" outside
 * quotation marks. In news copy the writer reports questions, and asking
 * one is editorializing (a rhetorical question plants a doubt).
 */
export const questionsRule = z
  .object({
    ...base,
    kind: z.literal('questions'),
    /** Shortest question, in words (a bare "Why?" is often a subheading). */
    minWords: z.number().int().min(1).max(20).default(4),
    /** Longest question reported whole; longer sentences are cut to their last `maxWords` words. */
    maxWords: z.number().int().min(4).max(80).default(40),
    /**
     * A document with this many lines that end with a question is an
     * interview or a Q&A: its questions are not reported.
     */
    interviewLines: z.number().int().min(1).max(100).default(3),
  })
  .strict();

/**
 * Spin beyond the list: a known phrase (an `expected` value of any spin
 * substitution) with one word replaced by a word that the listed
 * fingerprints show to be a spinner's synonym of it ("demise certificate"
 * from "demise toll → death toll" and the phrase "death certificate").
 */
export const framesRule = z
  .object({
    ...base,
    kind: z.literal('frames'),
    minWords: z.number().int().min(2).max(4).default(2),
    maxWords: z.number().int().min(2).max(4).default(3),
  })
  .strict();

/**
 * Spin from single swapped words: a word pair unseen in genuine text whose
 * one word is a thesaurus synonym of a word that forms a strong collocation
 * with the other ("demise toll" → "death toll"). Needs rules/spin/pairs.json.
 */
export const pairsRule = z
  .object({
    ...base,
    kind: z.literal('pairs'),
    /** Most originals tried per word. */
    maxOriginals: z.number().int().min(1).max(32).default(8),
  })
  .strict();

/**
 * Spin caught in context: for each content word, the words a spinner's
 * thesaurus would have replaced with it (the language-model pack's
 * candidates) are put in its place, and the trigram language model of
 * genuine English compares the window with each. A word is reported when an
 * original is far more probable there and the observed word's own bigrams are
 * unattested. Needs the language-model pack (rules/dist/lm.bin, KV); without
 * it the rule finds nothing.
 */
export const contextRule = z
  .object({
    ...base,
    kind: z.literal('context'),
    /** Most candidate originals tried per word. */
    maxCandidates: z.number().int().min(1).max(64).default(16),
    /** Share (0..1) of the unigram log-probability difference taken out of the margin: 0 keeps the model's preference for common words, 1 compares fit to context only. */
    prior: z.number().min(0).max(1).default(0.5),
    /** Least margin (log10) that counts as evidence for the document decision. */
    countMargin: z.number().min(-20).max(20).default(2),
    /** Least margin (log10) at which the word is shown as a finding. */
    showMargin: z.number().min(-20).max(20).default(3),
    /** Weight of evidence below `showMargin` (counted, not shown). */
    hiddenWeight: z.number().min(0).max(1).default(0.3),
    /** Extra margin asked of a capitalised word inside a sentence (mostly names). */
    capsMargin: z.number().min(0).max(20).default(1.5),
    /** Margin (log10) added for a candidate that real spinners are known to have replaced with the word (the substitution pairs). */
    pairsBonus: z.number().min(0).max(10).default(0),
    /**
     * A logistic model of the evidence: bias, then one weight per feature of CONTEXT_FEATURES
     * (src/core/analyzers/spin-context.ts). With it, `countMargin`, `showMargin` and `capsMargin`
     * are in its log-odds; without it, in log10 margin. Fitted by scripts/eval/tune-spin.ts on the tuning halves.
     */
    weights: z.array(z.number().finite()).length(11).optional(),
    /** Whether capitalised words inside a sentence are looked at at all ("Protection Secretary"). */
    names: z.boolean().default(true),
  })
  .strict();

/**
 * Translation: how predictable the text is under the language model, against genuine news. Machine
 * translation reads flatter than human English: the weaker systems and machine-translated pages put
 * more probable words in more probable orders, and repeat their words more (README, "Translation
 * quality"). z combines the document's mean log10 probability per word and its lack of lexical
 * diversity, each standardised by genuine news; risk = 1 / (1 + e^-((z - center) / scale)).
 */
export const fluencyRule = z
  .object({
    ...base,
    kind: z.literal('fluency'),
    /** Mean and standard deviation of genuine news' per-word log10 probability (documents of the tuning half). */
    genuineMean: z.number().min(-10).max(0),
    genuineSd: z.number().positive(),
    /** Mean and standard deviation of genuine news' lexical diversity (mean type/token ratio of 50-word windows). */
    diversityMean: z.number().min(0).max(1).default(0.8),
    diversitySd: z.number().positive().default(0.05),
    /** z = flatWeight × (predictability z) + diversityWeight × (lack-of-diversity z). */
    flatWeight: z.number().min(0).max(5).default(1),
    diversityWeight: z.number().min(0).max(5).default(0),
    /** Least words for an estimate. */
    minWords: z.number().int().min(10).max(10000).default(80),
    center: z.number().min(-10).max(10).default(2),
    scale: z.number().positive().default(0.5),
    /**
     * The worst sentences: each sentence's mean log10 probability over its lower-case words the model
     * knows, standardised by the sentences of genuine news (`sentenceMean`, `sentenceSd`). Sentences
     * at or below `sentenceZ` are reported, the worst `maxSentences` of them; they do not add to the risk.
     */
    sentenceMean: z.number().min(-10).max(0).default(-2.6),
    sentenceSd: z.number().positive().default(0.5),
    sentenceZ: z.number().min(-20).max(0).default(-3),
    /** In a text the signal flags, sentences at or below this z are shown too: the worst of a suspect text. */
    flaggedSentenceZ: z.number().min(-20).max(0).default(-1.5),
    maxSentences: z.number().int().min(0).max(20).default(3),
    /** What a worst sentence's finding says; its figures are appended. */
    sentenceMessage: z.string().min(1).max(500).default('This sentence reads unlike genuine English'),
    /** Least scored words for a sentence to be judged. */
    minSentenceWords: z.number().int().min(3).max(50).default(6),
  })
  .strict();

/** The checks of a `typography` rule (src/core/analyzers/translation-signs.ts). */
export const TYPOGRAPHY_CHECKS = ['script', 'spacing', 'run-on', 'dates', 'quote-dash', 'names'] as const;

/**
 * Translation: marks that translated copy carries over from another language's writing, found by a
 * fixed scan per `check` (bounded patterns, one pass, linear in the text):
 *   script      untranslated words: runs of letters of another script (`scripts` gives each script's language)
 *   spacing     spacing of another language's typography: a space before , ; : or inside quotation marks, "15 -year -old"
 *   run-on      a sentence boundary lost: one of `words`, capitalised, in mid-sentence after a lower-case word ("… work When I come back")
 *   dates       date conventions of other languages: "(4/6)", "(4th)", "the 23 of July"
 *   quote-dash  the Russian quote-dash attribution: “…,” - said
 *   names       one name transliterated two ways in the same text ("Prayut" and "Prayuth")
 */
export const typographyRule = z
  .object({
    ...base,
    kind: z.literal('typography'),
    check: z.enum(TYPOGRAPHY_CHECKS),
    /** With `script`: Unicode script name → ISO 639-3 language it points to. */
    scripts: z.record(z.string().regex(/^[A-Z][A-Za-z_]+$/), z.string().regex(/^[a-z]{3}$/)).optional(),
    /** With `run-on`: the capitalised words that give a lost boundary away (lower case here). */
    words: z.array(z.string().regex(/^[a-z]+$/)).optional(),
    /** Least letters in a run (`script`) or in a name (`names`). */
    minLetters: z.number().int().min(1).max(20).default(2),
  })
  .strict();

export const ruleSchema = z.discriminatedUnion('kind', [
  substitutionRule,
  existenceRule,
  patternRule,
  repetitionRule,
  questionsRule,
  framesRule,
  pairsRule,
  contextRule,
  fluencyRule,
  typographyRule,
]);

export type RuleSource = z.infer<typeof ruleSchema>;

/** One YAML/JSON file under `rules/<signal>/`. */
export const packSchema = z
  .object({
    pack: z.enum(SIGNALS),
    description: z.string().optional(),
    /**
     * Whether the pack goes into the copy bundled with the Worker (default
     * true). Large generated packs set false: they live in KV only, so the
     * Worker bundle stays small.
     */
    bundle: z.boolean().default(true),
    rules: z.array(ruleSchema).min(1),
  })
  .strict();
export type PackSource = z.infer<typeof packSchema>;

export const signalScoringSchema = z
  .object({
    /** Weight of this signal in the overall score. */
    weight: z.number().min(0).max(1),
    /** Weighted findings per 1,000 words at which risk reaches 0.5. */
    halfRiskDensity: z.number().positive(),
    /** Risk at or above which the signal is flagged. */
    flagAt: z.number().min(0).max(1),
    /**
     * Steepness of the density → risk curve: risk = d^s / (d^s + half^s).
     * 1 (default) rises at once; 2 keeps a stray finding or two low and rises near `halfRiskDensity`.
     */
    steepness: z.number().min(0.5).max(4).default(1),
    /** Least weighted evidence (findings and counted hidden evidence) for the flag: below it, risk stays under `flagAt`. */
    minEvidence: z.number().min(0).max(100).default(0),
    /** Least number of shown findings for the flag: a flag the reader cannot check against a finding is not raised. */
    minShown: z.number().int().min(0).max(100).default(0),
  })
  .strict();

export const scoringSchema = z
  .object({
    signals: z.object({
      spin: signalScoringSchema,
      boilerplate: signalScoringSchema,
      propaganda: signalScoringSchema,
      credibility: signalScoringSchema,
      language: signalScoringSchema,
      // Rule sets written before the translation signal score it at weight 0.
      translation: signalScoringSchema.default({ weight: 0, halfRiskDensity: 1, flagAt: 0.5, steepness: 1, minEvidence: 0, minShown: 0 }),
    }),
    bands: z
      .array(z.object({ min: z.number().min(0).max(100), label: z.enum(['reliable', 'mostly reliable', 'questionable', 'unreliable']) }).strict())
      .min(1),
  })
  .strict();
export type Scoring = z.infer<typeof scoringSchema>;

export const outletSchema = z
  .object({
    domain: z.string().min(3),
    name: z.string().optional(),
    aliases: z.array(z.string()).optional(),
    rating: z.number().min(0).max(1).optional(),
    label: z.string().optional(),
    /** Where the figures came from (short source keys). */
    from: z.array(z.string()).optional(),
    /** Number of EUvsDisinfo cases naming this outlet, when known. */
    euvsdisinfo: z.number().int().min(0).optional(),
  })
  .strict();
export type Outlet = z.infer<typeof outletSchema>;

const OUTLET_KEYS = new Set(['domain', 'name', 'aliases', 'rating', 'label', 'from', 'euvsdisinfo']);
const isStr = (x: unknown) => typeof x === 'string';
const isStrArr = (x: unknown) => Array.isArray(x) && x.every(isStr);
/** The same rules as outletSchema, as one fast loop (used for whole rule sets). */
export function isOutlet(o: unknown): o is Outlet {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
  const r = o as Record<string, unknown>;
  for (const k in r) if (!OUTLET_KEYS.has(k)) return false;
  if (typeof r.domain !== 'string' || r.domain.length < 3) return false;
  if (r.name !== undefined && !isStr(r.name)) return false;
  if (r.label !== undefined && !isStr(r.label)) return false;
  if (r.aliases !== undefined && !isStrArr(r.aliases)) return false;
  if (r.from !== undefined && !isStrArr(r.from)) return false;
  if (r.rating !== undefined && !(typeof r.rating === 'number' && r.rating >= 0 && r.rating <= 1)) return false;
  if (r.euvsdisinfo !== undefined && !(Number.isInteger(r.euvsdisinfo) && (r.euvsdisinfo as number) >= 0)) return false;
  return true;
}

export const outletsFileSchema = z
  .object({
    description: z.string().optional(),
    attribution: z.array(z.string()).optional(),
    outlets: z.array(outletSchema),
  })
  .strict();

/** A Bloom filter as JSON (see match/bloom.ts). */
export const bloomSchema = z
  .object({ size: z.number().int().positive(), hashes: z.number().int().min(1).max(32), data: z.string() })
  .strict();

/**
 * Data for spin detection beyond the listed fingerprints (rules/spin/lexicon.json):
 * a Bloom filter of word n-grams (2–3 folded words, space-separated) seen in
 * genuine text, so that a variant that honest writers use is never reported.
 */
export const spinLexiconSchema = z
  .object({
    description: z.string().optional(),
    attribution: z.array(z.string()).optional(),
    /** Whether the lexicon goes into the bundled copy (see packSchema.bundle). */
    bundle: z.boolean().optional(),
    genuine: bloomSchema,
  })
  .strict();
export type SpinLexicon = z.infer<typeof spinLexiconSchema>;

/**
 * Data for the `pairs` detector (rules/spin/pairs.json): word pairs that
 * genuine text uses, strong collocations, and a reverse thesaurus (a spun
 * word → the words a spinner could have replaced with it).
 */
export const spinPairsSchema = z
  .object({
    description: z.string().optional(),
    attribution: z.array(z.string()).optional(),
    bundle: z.boolean().optional(),
    /** Bigrams ("w1 w2", folded) seen in genuine text, restricted to pairs that hold a word of `synonyms`. */
    genuine: bloomSchema,
    /** Strong collocations ("o w2" / "w1 o") of genuine text, restricted to pairs that hold an original word. */
    strong: bloomSchema,
    /** Reverse thesaurus, one entry per line: "spun<TAB>original1,original2,…" (folded words). */
    synonyms: z.string(),
  })
  .strict();
export type SpinPairs = z.infer<typeof spinPairsSchema>;

/** A rule in the compiled set: its pack's signal, its full id and its file added (no intersection: it would copy large swaps). */
const compiledFields = { signal: z.enum(SIGNALS), ruleId: z.string(), file: z.string() };
export const compiledRuleSchema = z.discriminatedUnion('kind', [
  substitutionRule.extend(compiledFields),
  existenceRule.extend(compiledFields),
  patternRule.extend(compiledFields),
  repetitionRule.extend(compiledFields),
  questionsRule.extend(compiledFields),
  framesRule.extend(compiledFields),
  pairsRule.extend(compiledFields),
  contextRule.extend(compiledFields),
  fluencyRule.extend(compiledFields),
  typographyRule.extend(compiledFields),
]);
export type CompiledRule = RuleSource & { signal: (typeof SIGNALS)[number]; ruleId: string; file: string };

export const RULESET_SCHEMA_VERSION = 1;

/** The compiled artifact: what KV stores and the Worker bundles. */
export const rulesetSchema = z
  .object({
    schema: z.literal(RULESET_SCHEMA_VERSION),
    version: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'version: 1-64 characters of A-Z a-z 0-9 . _ -'),
    packs: z.array(
      z
        .object({ signal: z.enum(SIGNALS), file: z.string(), description: z.string().optional(), rules: z.number().int(), bundle: z.boolean().optional() })
        .strict(),
    ),
    rules: z.array(compiledRuleSchema),
    scoring: scoringSchema,
    // Checked by a plain loop: tens of thousands of outlets would cost a schema parse each.
    outlets: z.custom<Outlet[]>((v) => Array.isArray(v) && v.every(isOutlet), 'outlets: every entry needs a domain (string) and, if given, name/label (strings), aliases/from (string arrays), rating (0..1), euvsdisinfo (count)'),
    spinLexicon: spinLexiconSchema.optional(),
    spinPairs: spinPairsSchema.optional(),
    /** Binary models the rule set uses, stored beside it (KV keys `lm:<label>:<part>`, or rules/dist/lm.bin). */
    models: z
      .object({
        lm: z
          .object({
            label: z.string().regex(/^[A-Za-z0-9._-]{1,48}$/),
            /** Byte length of each part, in order. */
            parts: z.array(z.number().int().positive()).min(1).max(16),
            sha256: z.string().regex(/^[0-9a-f]{64}$/),
            attribution: z.array(z.string()).optional(),
          })
          .strict(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Ruleset = z.infer<typeof rulesetSchema>;

/** Turn zod issues into short `path: message` lines. */
export function formatIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    return `${prefix}${path.replace(/^\./, '') || '(root)'}: ${i.message}`;
  });
}
