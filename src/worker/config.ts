/** Numbers from the Worker's configuration (`[vars]`, `.dev.vars`): a missing, empty or invalid value gives the default. */

/** A positive number. */
export function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
}

/** A positive whole number. */
export function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(n) && n > 0 ? n : fallback;
}
