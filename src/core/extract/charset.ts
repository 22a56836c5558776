/**
 * Bytes of an HTML or text body → string, with the charset sorted out the
 * way browsers do it, and wrong declarations survived:
 *
 * 1. a byte-order mark wins (UTF-8, UTF-16LE/BE);
 * 2. bytes that are valid UTF-8 are UTF-8, whatever the page declares (a
 *    page saying iso-8859-1 but sending UTF-8 is the common mistake);
 * 3. otherwise the declared charset (Content-Type header, else a <meta>
 *    in the first 1,024 bytes), when the runtime's TextDecoder knows it;
 * 4. otherwise windows-1252, the web's legacy default (decoded by hand, so
 *    it works on runtimes whose TextDecoder has only UTF-8 and UTF-16).
 *
 * `binary` reports bodies that are not text at all (NUL and control bytes).
 */

export interface Decoded {
  text: string;
  /** The charset used. */
  charset: string;
  /** The charset the body declared, when it differs from the one used. */
  declared?: string;
  /** The body looks like binary data rather than text. */
  binary: boolean;
}

/** windows-1252's 0x80–0x9F (the rest of the high half is Latin-1). */
const CP1252 = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const end = Math.min(bytes.length, i + CHUNK);
    const codes = new Array<number>(end - i);
    for (let k = i; k < end; k++) {
      const b = bytes[k];
      codes[k - i] = b >= 0x80 && b <= 0x9f ? CP1252[b - 0x80] : b;
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

/** The charset parameter of a Content-Type value. */
export function charsetOf(contentType: string | undefined | null): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return m ? m[1].toLowerCase() : undefined;
}

/** <meta charset=…> or <meta http-equiv=Content-Type content="…; charset=…"> in the first 1,024 bytes. */
function metaCharset(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)/i.exec(head);
  return m ? m[1].toLowerCase() : undefined;
}

function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  if (n === 0) return false;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27)) bad++;
  }
  return bad / n > 0.1;
}

function tryDecode(label: string, bytes: Uint8Array, fatal: boolean): string | null {
  try {
    return new TextDecoder(label, { fatal, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

const UTF8 = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

export function decodeBody(bytes: Uint8Array, contentType?: string | null, html = true): Decoded {
  const binary = isBinary(bytes);
  // 1. Byte-order marks.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: tryDecode('utf-8', bytes.subarray(3), false) ?? '', charset: 'utf-8', binary };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: tryDecode('utf-16le', bytes.subarray(2), false) ?? '', charset: 'utf-16le', binary: false };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: tryDecode('utf-16be', bytes.subarray(2), false) ?? '', charset: 'utf-16be', binary: false };
  const declared = charsetOf(contentType) ?? (html ? metaCharset(bytes) : undefined);
  const note = (used: string) => (declared && declared !== used && !(UTF8.has(declared) && used === 'utf-8') ? { declared } : {});
  // 2. Valid UTF-8 is UTF-8.
  const utf8 = tryDecode('utf-8', bytes, true);
  if (utf8 !== null) return { text: utf8, charset: 'utf-8', binary, ...note('utf-8') };
  // 3. The declared charset, if the runtime knows it.
  if (declared && !UTF8.has(declared)) {
    const t = declared === 'windows-1252' || declared === 'iso-8859-1' || declared === 'latin1' || declared === 'us-ascii' ? null : tryDecode(declared, bytes, false);
    if (t !== null) return { text: t, charset: declared, binary };
  }
  // 4. windows-1252 (which browsers also use for iso-8859-1 and us-ascii labels).
  return { text: decodeCp1252(bytes), charset: 'windows-1252', binary, ...note('windows-1252') };
}
