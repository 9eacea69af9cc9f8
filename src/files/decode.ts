// Strict UTF-8 decoding with the position of the first bad byte. TextDecoder says only
// *that* the input is invalid; users need the line to fix it, so a small scanner finds it.

export type Decoded = { ok: true; text: string } | { ok: false; line: number; column: number };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes UTF-8 strictly; on failure returns the 1-based line and column of the first bad byte. */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return { ok: false, ...lineAndColumn(bytes, offset < 0 ? bytes.length : offset) };
  }
}

/** Offset of the lead byte of the first invalid UTF-8 sequence, or -1 (WHATWG decoder rules). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

/** Length of the valid sequence starting at `i`, or 0 when it is invalid or truncated. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  if (lead < 0x80) return 1;
  const [length, low, high] = leadRange(lead);
  if (length === 0) return 0;
  for (let k = 1; k < length; k++) {
    const byte = bytes[i + k];
    const min = k === 1 ? low : 0x80;
    const max = k === 1 ? high : 0xbf;
    if (byte === undefined || byte < min || byte > max) return 0;
  }
  return length;
}

/** Sequence length and allowed range of the second byte (excludes overlongs and surrogates). */
function leadRange(lead: number): [number, number, number] {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  return [0, 0, 0];
}

/** Line and column (in characters) of a byte offset, counting CRLF, CR and LF as one line break each. */
function lineAndColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const byte = bytes[i];
    if (byte === 0x0a && bytes[i - 1] === 0x0d) lineStart = i + 1; // second half of CRLF
    else if (byte === 0x0a || byte === 0x0d) {
      line++;
      lineStart = i + 1;
    }
  }
  // The bytes before the bad one on this line are valid, so a lenient decode counts them exactly.
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  return { line, column: before.length + 1 };
}
