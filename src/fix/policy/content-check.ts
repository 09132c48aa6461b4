/**
 * A fix is source text. Binary-looking content, invisible bidirectional
 * controls ("Trojan Source", CVE-2021-42574) and lone surrogates are refused.
 */
const NUL = /\0/;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Null when acceptable, else why not. */
export function checkTextContent(text: string): string | null {
  if (NUL.test(text)) return 'contains NUL bytes; only text can be written';
  if (text.includes('\ufffd')) return 'contains U+FFFD replacement characters, a sign of binary data; only text can be written';
  if (LONE_SURROGATE.test(text)) return 'is not valid Unicode text (lone surrogate)';
  if (hasControlCharacter(text)) return 'contains control characters; write escapes such as \\x1b in the source instead';
  if (BIDI.test(text)) return 'contains bidirectional override characters, which can hide code from reviewers';
  return null;
}

/** Whether bytes read from disk are a text file we can edit (valid UTF-8, no NUL). */
export function decodeTextFile(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** C0 controls other than tab, LF, VT, FF, CR; and DEL. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && (c < 0x09 || c > 0x0d)) || c === 0x7f) return true;
  }
  return false;
}
