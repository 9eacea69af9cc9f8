// What a colour references (spec §5.2). Pure.
//   manifest      → exactly what it lists;
//   no manifest   → its deploy-time schema snapshot minus objects deprecated before that deploy;
//   empty colour  → nothing.
import type { Colour, Deprecation, References } from './types.js';

export function referencesOf(colour: Colour, deprecations: readonly Deprecation[]): References | undefined {
  if (colour.state === 'empty') return undefined;
  if (colour.manifest) return colour.manifest;
  const snapshot = colour.snapshot ?? { relations: {}, functions: [], types: [] };
  const deployedAt = colour.deployedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const gone = deprecations.filter((d) => d.at.getTime() <= deployedAt).map((d) => d.object);
  return gone.length === 0 ? snapshot : withoutObjects(snapshot, gone);
}

function withoutObjects(refs: References, objects: string[]): References {
  const relations: References['relations'] = { ...refs.relations };
  for (const object of objects) {
    if (relations[object] !== undefined) {
      delete relations[object];
      continue;
    }
    const { relation, column } = splitColumn(object);
    const columns = relation ? relations[relation] : undefined;
    if (column && Array.isArray(columns)) relations[relation!] = columns.filter((c) => c !== column);
  }
  return { relations, functions: refs.functions.filter((f) => !objects.includes(f)), types: refs.types.filter((t) => !objects.includes(t)) };
}

/** `public.users.email` → relation `public.users`, column `email`. */
export function splitColumn(name: string): { relation: string | undefined; column: string | undefined } {
  const parts = name.split('.');
  if (parts.length !== 3) return { relation: undefined, column: undefined };
  return { relation: `${parts[0]}.${parts[1]}`, column: parts[2] };
}

/** Whether `refs` uses the object `name` (of the given classifier object type, when known). */
export function uses(refs: References, name: string, type: string | undefined): boolean {
  const bare = name.replace(/\(.*\)$/, '');
  if (type === 'schema' || !bare.includes('.')) {
    // DROP SCHEMA / REVOKE … IN SCHEMA: everything in it.
    const prefix = `${bare}.`;
    return Object.keys(refs.relations).some((r) => r.startsWith(prefix)) || refs.functions.some((f) => f.startsWith(prefix)) || refs.types.some((t) => t.startsWith(prefix));
  }
  if (type === 'function') return refs.functions.includes(bare);
  if (type === 'type') return refs.types.includes(bare);
  if (type === 'column' || (type === undefined && bare.split('.').length === 3)) {
    const { relation, column } = splitColumn(bare);
    const columns = relation ? refs.relations[relation] : undefined;
    return columns === '*' || (Array.isArray(columns) && columns.includes(column!));
  }
  return refs.relations[bare] !== undefined || refs.functions.includes(bare) || refs.types.includes(bare);
}
