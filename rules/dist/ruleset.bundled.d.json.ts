// Type of the bundled copy of the compiled rule set, so TypeScript does not infer the whole JSON file.
import type { Ruleset } from '../../src/core/rules/schema.ts';
declare const ruleset: Ruleset;
export default ruleset;
