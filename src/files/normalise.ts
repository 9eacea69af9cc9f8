// Content normalisation and checksums (spec §2). Only two things are normalised —
// line endings (CRLF/CR → LF) and a leading UTF-8 BOM — so that a checkout on Windows
// or an editor adding a BOM does not look like an edit, while any other change does.
import { createHash } from 'node:crypto';
import { CHECKSUM_ALGO } from './types.js';

export { CHECKSUM_ALGO };

const CR = 0x0d;
const LF = 0x0a;
const BOM_BYTES = [0xef, 0xbb, 0xbf];

/** Strips a leading BOM (U+FEFF) and turns CRLF and lone CR into LF. The text sections carry. */
export function normaliseText(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.includes('\r') ? noBom.replace(/\r\n?/g, '\n') : noBom;
}

/**
 * The byte-level twin of {@link normaliseText}. Working on bytes lets a file be checksummed
 * without decoding it; CR and LF never occur inside a multi-byte UTF-8 sequence, so the two agree.
 */
export function normaliseBytes(bytes: Uint8Array): Uint8Array {
  const start = hasBom(bytes) ? 3 : 0;
  const body = bytes.subarray(start);
  if (body.indexOf(CR) === -1) return body;
  const out = new Uint8Array(body.length);
  let length = 0;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i]!;
    if (byte !== CR) out[length++] = byte;
    else if (body[i + 1] !== LF) out[length++] = LF; // lone CR; a CR before LF is dropped
  }
  return out.subarray(0, length);
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes[0] === BOM_BYTES[0] && bytes[1] === BOM_BYTES[1] && bytes[2] === BOM_BYTES[2];
}

function normalisedBytes(content: Uint8Array | string): Uint8Array {
  return typeof content === 'string' ? Buffer.from(normaliseText(content), 'utf8') : normaliseBytes(content);
}

/**
 * SHA-256 hex of the normalised content (algorithm {@link CHECKSUM_ALGO}).
 * @example checksum('SELECT 1;\r\n') === checksum('\uFEFFSELECT 1;\n') // true
 */
export function checksum(content: Uint8Array | string): string {
  return createHash('sha256').update(normalisedBytes(content)).digest('hex');
}

/**
 * Checksum of a migration made of two files (a `.up.sql`/`.down.sql` pair or a directory):
 * SHA-256 of normalised up, a NUL byte, normalised down. Without a down part it is just
 * `checksum(up)`, so an up-only migration has the checksum of its one file.
 */
export function checksumParts(up: Uint8Array | string, down: Uint8Array | string | undefined): string {
  if (down === undefined) return checksum(up);
  return createHash('sha256')
    .update(normalisedBytes(up))
    .update(new Uint8Array([0]))
    .update(normalisedBytes(down))
    .digest('hex');
}
