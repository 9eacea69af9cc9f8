// One depth-first visitor over parse trees, for the parser's own PL/pgSQL reading, the classifier
// and the lint rules.

/** Visits every key/value pair below `value`, depth first. */
export function walk(value: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (value && typeof value === 'object') {
    // for…in, not Object.entries: large view definitions make this the classifier's hot loop.
    const node = value as Record<string, unknown>;
    for (const key in node) {
      const child = node[key];
      visit(key, child);
      if (child && typeof child === 'object') walk(child, visit);
    }
  }
}
