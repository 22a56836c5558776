/** Job ids and R2 keys of a job's inputs and results. */
export const JOB_ID_RE = /^job-[0-9a-f]{32}$/;

export function newJobId(): string {
  return `job-${crypto.randomUUID().replace(/-/g, '')}`;
}

export const jobPrefix = (id: string) => `jobs/${id}/`;
const pad = (chunk: number) => String(chunk).padStart(6, '0');
/** A chunk's items, one JSON object a line, written at submission. */
export const inputKey = (id: string, chunk: number) => `jobs/${id}/in/${pad(chunk)}.ndjson`;
/** A chunk's results, one line an item; the same key however often the chunk is retried. */
export const outputKey = (id: string, chunk: number) => `jobs/${id}/out/${pad(chunk)}.ndjson`;
