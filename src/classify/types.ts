// What the classifier says about one statement (spec §4). Pure data, serialised as-is
// into `lint --format json` and `plan --format json`.

export type Effect = 'additive' | 'destructive' | 'data' | 'neutral' | 'unknown';

export type ObjectType =
  | 'table' | 'column' | 'view' | 'materialized-view' | 'index' | 'constraint' | 'sequence' | 'type'
  | 'function' | 'trigger' | 'schema' | 'extension' | 'policy' | 'role' | 'database' | 'other';

export type ObjectAction = 'create' | 'drop' | 'rename' | 'alter' | 'write' | 'read';

export interface ObjectRef {
  type: ObjectType;
  /** Always schema-qualified: `public.users`, `public.users.email`, `public.users_email_idx`. */
  name: string;
  action: ObjectAction;
  /** For renames: the new schema-qualified name. */
  newName?: string;
}

/** PostgreSQL table-level lock modes, weakest to strongest, plus `none`. */
export type LockLevel =
  | 'none' | 'ACCESS SHARE' | 'ROW SHARE' | 'ROW EXCLUSIVE' | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE' | 'SHARE ROW EXCLUSIVE' | 'EXCLUSIVE' | 'ACCESS EXCLUSIVE';

export interface Classification {
  /** Parser node name, e.g. `AlterTableStmt`. */
  kind: string;
  effect: Effect;
  objects: ObjectRef[];
  /** The strongest lock the statement takes and the relations it takes it on (`none`, `[]` when it locks no relation). */
  lock: { level: LockLevel; tables: string[] };
  /**
   * Every lock level taken, strongest first, present only when relations are locked at different
   * levels (ALTER TABLE … ADD FOREIGN KEY, INSERT … SELECT): `lock` then shows just the strongest.
   */
  locks?: Array<{ level: LockLevel; tables: string[] }>;
  /** The statement rewrites a whole table (e.g. a type change needing a cast). */
  rewrite: boolean;
  /** The statement scans a whole table under its lock (e.g. SET NOT NULL, VALIDATE, non-concurrent index). */
  scan: boolean;
  /** False for statements PostgreSQL refuses inside a transaction block. */
  transactional: boolean;
  /**
   * Objects whose users this statement may break, for the colour gate (spec §5.3): for
   * DROP/RENAME/type changes the object itself (a table also covers its columns); for SET NOT NULL
   * and new write restrictions the written columns; for a required new column its table.
   * Empty for non-destructive statements.
   */
  breaks: string[];
  /** Short human notes, e.g. "rewrites public.users under ACCESS EXCLUSIVE". */
  notes: string[];
}
