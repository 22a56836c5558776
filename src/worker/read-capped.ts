/**
 * Reads a byte stream to the end, at most `limit` bytes: past the limit the
 * stream is cancelled and `tooLarge()` is thrown, and a read that fails
 * throws `readFailed()`. Shared by request bodies (middleware/body.ts) and
 * fetched pages (fetch-page.ts), whatever their Content-Length claims.
 */
export async function readCapped(
  stream: ReadableStream<Uint8Array> | null | undefined,
  limit: number,
  errors: { readFailed: () => Error; tooLarge: () => Error },
): Promise<Uint8Array> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let r: ReadableStreamReadResult<Uint8Array>;
    try {
      r = await reader.read();
    } catch {
      throw errors.readFailed();
    }
    if (r.done) break;
    total += r.value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw errors.tooLarge();
    }
    chunks.push(r.value);
  }
  const all = new Uint8Array(total);
  let off = 0;
  for (const ch of chunks) {
    all.set(ch, off);
    off += ch.byteLength;
  }
  return all;
}
