// The output formats of `lint` (spec §8). Kept apart from the reporters so the CLI can
// validate `--format` without loading them.
export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}
