/** The analyzer registry: every analyzer implements `Analyzer` and is listed here once. */
import type { Analyzer } from '../types.ts';
import { boilerplate } from './boilerplate.ts';
import { credibility } from './credibility.ts';
import { language } from './language.ts';
import { propaganda } from './propaganda.ts';
import { spin } from './spin.ts';
import { translation } from './translation.ts';

/** In run order: an analyzer's `after` list must name analyzers earlier in this list. */
export const ANALYZERS: readonly Analyzer[] = [language, boilerplate, spin, propaganda, credibility, translation];
