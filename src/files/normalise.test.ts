import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { checksum, checksumParts, normaliseBytes, normaliseText, CHECKSUM_ALGO } from './normalise.js';
import { decodeUtf8, firstInvalidUtf8 } from './decode.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('normaliseText', () => {
  it('strips a BOM and turns CRLF and lone CR into LF, nothing else', () => {
    expect(normaliseText('\uFEFFa\r\nb\rc\n  d\t \n')).toBe('a\nb\nc\n  d\t \n');
  });

  it('keeps a BOM that is not at the start', () => {
    expect(normaliseText('a\uFEFF')).toBe('a\uFEFF');
  });
});

describe('normaliseBytes', () => {
  it('agrees with normaliseText', () => {
    const text = '\uFEFFcréer\r\n\r\rtable ✓\r';
    expect(Buffer.from(normaliseBytes(Buffer.from(text))).toString('utf8')).toBe(normaliseText(text));
  });

  it('returns the input bytes untouched when there is nothing to normalise', () => {
    const bytes = Buffer.from('select 1;\n');
    const out = normaliseBytes(bytes);
    expect(out.buffer).toBe(bytes.buffer); // a view, not a copy
    expect(Buffer.from(out).equals(bytes)).toBe(true);
  });
});

describe('checksum', () => {
  const lf = 'CREATE TABLE t (id int);\nSELECT 1;\n';

  it('is SHA-256 hex of the LF text', () => {
    expect(checksum(lf)).toBe(sha256(lf));
    expect(CHECKSUM_ALGO).toBe('sha256-lf-nobom-v1');
  });

  it('is the same for CRLF, CR and BOM variants, as string or bytes', () => {
    const variants = [lf.replace(/\n/g, '\r\n'), lf.replace(/\n/g, '\r'), `\uFEFF${lf}`];
    for (const variant of variants) {
      expect(checksum(variant)).toBe(checksum(lf));
      expect(checksum(Buffer.from(variant))).toBe(checksum(lf));
    }
  });

  it('changes with any other edit, whitespace included', () => {
    expect(checksum(lf.replace('t (id', 't  (id'))).not.toBe(checksum(lf));
    expect(checksum(`${lf}\n`)).not.toBe(checksum(lf));
    expect(checksum(lf.replace(/\n/g, ' \n'))).not.toBe(checksum(lf));
  });

  it('hashes pairs as up, NUL, down; an up-only migration as its one file', () => {
    expect(checksumParts('up\r\n', 'down\n')).toBe(sha256('up\n\0down\n'));
    expect(checksumParts('up\n', undefined)).toBe(checksum('up\n'));
    expect(checksumParts('a', 'b')).not.toBe(checksumParts('b', 'a'));
    expect(checksumParts('up\n', '')).not.toBe(checksumParts('up\n', undefined));
  });
});

describe('decodeUtf8', () => {
  it('decodes valid UTF-8 and keeps a BOM for the normaliser to strip', () => {
    expect(decodeUtf8(Buffer.from('\uFEFFé'))).toEqual({ ok: true, text: '\uFEFFé' });
  });

  it('reports the line and column of the first bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('select 1;\r\n-- café\nselect '), Buffer.from([0xe9]), Buffer.from("'x';\n")]);
    expect(decodeUtf8(bytes)).toEqual({ ok: false, line: 3, column: 8 });
  });

  it('counts a lone CR as a line break', () => {
    expect(decodeUtf8(Buffer.from([0x61, 0x0d, 0x62, 0xff]))).toEqual({ ok: false, line: 2, column: 2 });
  });

  it.each([
    ['overlong', [0xc0, 0xaf]],
    ['surrogate', [0xed, 0xa0, 0x80]],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['truncated', [0xe2, 0x82]],
    ['stray continuation', [0x80]],
  ])('finds a %s sequence', (_, bad) => {
    const bytes = Buffer.from([0x41, ...bad, 0x42]);
    expect(firstInvalidUtf8(bytes)).toBe(1);
    expect(decodeUtf8(bytes)).toMatchObject({ ok: false, line: 1, column: 2 });
  });

  it('accepts every valid sequence length', () => {
    expect(firstInvalidUtf8(Buffer.from('a é € 𝄞'))).toBe(-1);
  });
});
