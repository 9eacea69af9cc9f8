// Usage manifests (spec §5.2): validated strictly, every problem named with its entry,
// normalised to schema-qualified names. Pure.
import type { References } from './types.js';

export interface ManifestResult {
  references: References | undefined;
  release: string | undefined;
  problems: string[];
}

const KNOWN_KEYS = new Set(['$schema', 'release', 'uses', 'functions', 'types']);

export function parseManifest(value: unknown, defaultSchema: string): ManifestResult {
  const problems: string[] = [];
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { references: undefined, release: undefined, problems: ['the manifest must be a JSON object with "uses"'] };
  }
  const manifest = value as Record<string, unknown>;
  for (const key of Object.keys(manifest)) if (!KNOWN_KEYS.has(key)) problems.push(`unknown key "${key}" (known: release, uses, functions, types)`);
  if (manifest.release !== undefined && typeof manifest.release !== 'string') problems.push(`"release" must be a string, got ${JSON.stringify(manifest.release)}`);
  const relations: References['relations'] = {};
  const uses = manifest.uses;
  if (uses === undefined || uses === null || typeof uses !== 'object' || Array.isArray(uses)) {
    problems.push(`"uses" must be an object of relation → column list or "*", got ${JSON.stringify(uses)}`);
  } else {
    for (const [relation, columns] of Object.entries(uses)) {
      const name = qualify(relation, defaultSchema, 2);
      if (!name) problems.push(`"uses" key ${JSON.stringify(relation)} is not a table name (schema.table or table)`);
      else if (columns === '*') relations[name] = '*';
      else if (Array.isArray(columns) && columns.every((c) => typeof c === 'string' && c.trim() !== '')) relations[name] = mergeColumns(relations[name], columns as string[]);
      else problems.push(`"uses"."${relation}" must be a list of column names or "*", got ${JSON.stringify(columns)}`);
    }
  }
  // A function is listed by name, with or without its argument types: the gate matches it by name,
  // so every overload counts as used (the safe reading of "touch(integer)").
  const functions = nameList(manifest.functions, 'functions', defaultSchema, problems, (n) => n.replace(/\(.*\)\s*$/s, ''));
  const types = nameList(manifest.types, 'types', defaultSchema, problems);
  return {
    references: problems.length === 0 ? { relations, functions, types } : undefined,
    release: typeof manifest.release === 'string' ? manifest.release : undefined,
    problems,
  };
}

/** `users` and `public.users` listed both are one table: "*" wins, otherwise the columns add up. */
function mergeColumns(listed: '*' | string[] | undefined, columns: string[]): '*' | string[] {
  if (listed === '*') return '*';
  return [...new Set([...(listed ?? []), ...columns.map((c) => c.trim())])];
}

function nameList(value: unknown, key: string, defaultSchema: string, problems: string[], bare = (name: string) => name): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`"${key}" must be a list of names, got ${JSON.stringify(value)}`);
    return [];
  }
  const names: string[] = [];
  for (const item of value) {
    const name = typeof item === 'string' ? qualify(bare(item), defaultSchema, 2) : undefined;
    if (!name) problems.push(`"${key}" entry ${JSON.stringify(item)} is not a name (schema.name or name)`);
    else if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** `users` → `public.users`; `app.users` stays; spaces around parts go; more parts or empty parts are invalid. */
export function qualify(name: string, defaultSchema: string, maxParts: number): string | undefined {
  const parts = name.split('.').map((p) => p.trim());
  if (parts.length > maxParts || parts.some((p) => p === '')) return undefined;
  return parts.length === maxParts ? parts.join('.') : [defaultSchema, ...parts].join('.');
}
