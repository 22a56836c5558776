/**
 * API keys in KV (API_KEYS). A key is `na_` and 40 random hex digits, shown
 * once when created; only its SHA-256 is stored:
 *
 *   `apikey:<sha256 hex of the key>` → {@link ApiKeyRecord} (also as the entry's metadata, for listing)
 *
 * The key's public id is the first 16 hex digits of that hash. Revoking keeps
 * the record with `revokedAt`, so a revoked key is told apart from a wrong one.
 * KV is eventually consistent: a new or revoked key may take up to a minute to
 * be seen everywhere on Cloudflare's network (at once locally).
 */
import { sha256Hex, toHex } from '../webhooks/crypto.ts';

export interface ApiKeyRecord {
  id: string;
  name: string;
  /** Requests a minute this key may make. */
  perMinute: number;
  createdAt: string;
  revokedAt?: string;
}

export const KEY_RE = /^na_[0-9a-f]{40}$/;
export const KEY_ID_RE = /^[0-9a-f]{16}$/;
const PREFIX = 'apikey:';

export async function hashKey(key: string): Promise<string> {
  return sha256Hex(key);
}

export async function lookupKey(kv: KVNamespace, key: string): Promise<ApiKeyRecord | null> {
  if (!KEY_RE.test(key)) return null;
  return kv.get<ApiKeyRecord>(PREFIX + (await hashKey(key)), 'json');
}

export async function createKey(kv: KVNamespace, name: string, perMinute: number): Promise<{ key: string; record: ApiKeyRecord }> {
  const key = `na_${toHex(crypto.getRandomValues(new Uint8Array(20)))}`;
  const hash = await hashKey(key);
  const record: ApiKeyRecord = { id: hash.slice(0, 16), name, perMinute, createdAt: new Date().toISOString() };
  await kv.put(PREFIX + hash, JSON.stringify(record), { metadata: record });
  return { key, record };
}

export async function listKeys(kv: KVNamespace): Promise<ApiKeyRecord[]> {
  const out: ApiKeyRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list<ApiKeyRecord>({ prefix: PREFIX, cursor });
    for (const k of page.keys) if (k.metadata) out.push(k.metadata);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Revokes the key with this id; null when there is none. */
export async function revokeKey(kv: KVNamespace, id: string): Promise<ApiKeyRecord | null> {
  const page = await kv.list<ApiKeyRecord>({ prefix: PREFIX + id });
  const entry = page.keys[0];
  if (!entry) return null;
  const record = (await kv.get<ApiKeyRecord>(entry.name, 'json')) ?? entry.metadata!;
  if (!record.revokedAt) {
    record.revokedAt = new Date().toISOString();
    await kv.put(entry.name, JSON.stringify(record), { metadata: record });
  }
  return record;
}
