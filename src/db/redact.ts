// Passwords never reach output (spec §3): connections are shown as user@host:port/db and
// anything a driver echoes back is scrubbed of the password and of URL credentials.

/** `user@host:port/db` for a postgres URL; the URL itself for pglite. */
export function describeUrl(url: string): string {
  if (url.startsWith('pglite:')) return url;
  try {
    const u = new URL(url);
    const user = decodeURIComponent(u.username) || process.env.PGUSER || 'postgres';
    const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || user;
    return `${user}@${u.hostname || 'localhost'}:${u.port || '5432'}/${db}`;
  } catch {
    return '<unparsable database URL>';
  }
}

/** Removes the password of `url` (raw and URL-encoded) and any `scheme://user:secret@` credentials from text. */
export function redact(text: string, url?: string): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
  const secrets = url ? passwordsOf(url) : [];
  for (const secret of secrets) if (secret.length >= 1) out = out.split(secret).join('***');
  return out;
}

function passwordsOf(url: string): string[] {
  try {
    const u = new URL(url);
    if (!u.password) return [];
    const decoded = decodeURIComponent(u.password);
    return [...new Set([u.password, decoded])].sort((a, b) => b.length - a.length);
  } catch {
    return [];
  }
}
