// THE table of statement kinds (spec §4): parser node name → handler, plus the one-line summary
// docs/classification.md is generated from. A kind missing here is classified `unknown`.
import { alterTable } from './alter-table.js';
import { comment, createFunction, createPolicy, alterPolicy, createRule, createTrigger, createView } from './definitions.js';
import { copy, deleteRows, insert, merge, refreshMaterializedView, select, update } from './data.js';
import { doBlock } from './do-block.js';
import { drop, dropGlobal, roleNames, truncate } from './drops.js';
import { cluster, createIndex, reindex } from './indexes.js';
import { explain, lockTable, neutral, opaque, transaction, vacuum, variableSet } from './misc.js';
import type { Handler } from './outcome.js';
import { alterDefaultPrivileges, alterOwner, alterRole, createRole, grant, grantRole } from './privileges.js';
import { rename, setSchema } from './renames.js';
import {
  alterDomain, alterEnum, alterExtension, alterOther, alterSequence, createExtension, createOther, createSchema,
  createSequence, createStatistics, createType, field, typeNameOf,
} from './schema-objects.js';
import { createTable, createTableAs } from './tables.js';

export interface KindEntry {
  handler: Handler;
  /** What the statement is. */
  description: string;
  /** Effect, with the conditions that change it. */
  effect: string;
  /** Lock level and on what (`none`: no table lock). */
  lock: string;
  /** When it rewrites or scans a table. */
  rewriteScan?: string;
  /** What `breaks` lists when destructive. */
  breaks?: string;
}

const A = 'additive';
const N = 'neutral';

export const STATEMENT_KINDS: Readonly<Record<string, KindEntry>> = {
  // Tables and columns
  CreateStmt: { handler: createTable, description: 'CREATE TABLE', effect: A, lock: 'SHARE ROW EXCLUSIVE on FK-referenced tables; PARTITION OF: ACCESS EXCLUSIVE on the parent' },
  CreateTableAsStmt: { handler: createTableAs, description: 'CREATE TABLE AS / CREATE MATERIALIZED VIEW', effect: A, lock: 'ACCESS SHARE on sources', rewriteScan: 'scans sources unless WITH NO DATA' },
  AlterTableStmt: { handler: alterTable, description: 'ALTER TABLE / INDEX / VIEW / SEQUENCE / TYPE … ATTRIBUTE', effect: 'per subcommand (table below); most severe wins', lock: 'per subcommand; strongest wins', rewriteScan: 'per subcommand', breaks: 'per subcommand' },
  CreateForeignTableStmt: { handler: (node, ctx) => createTable(node.base ?? {}, ctx), description: 'CREATE FOREIGN TABLE', effect: A, lock: 'none' },
  // Indexes
  IndexStmt: { handler: createIndex, description: 'CREATE [UNIQUE] INDEX [CONCURRENTLY]', effect: 'additive; UNIQUE: destructive (new write restriction)', lock: 'SHARE (CONCURRENTLY: SHARE UPDATE EXCLUSIVE) on the table', rewriteScan: 'scan', breaks: 'UNIQUE: the indexed columns' },
  ReindexStmt: { handler: reindex, description: 'REINDEX', effect: N, lock: 'ACCESS EXCLUSIVE on the index / SHARE on the table (CONCURRENTLY: SHARE UPDATE EXCLUSIVE)', rewriteScan: 'scan' },
  ClusterStmt: { handler: cluster, description: 'CLUSTER', effect: N, lock: 'ACCESS EXCLUSIVE', rewriteScan: 'rewrite' },
  // Drops
  DropStmt: { handler: drop, description: 'DROP TABLE / VIEW / INDEX / FUNCTION / TYPE / SCHEMA / TRIGGER / …', effect: 'destructive; non-unique INDEX and STATISTICS: neutral', lock: 'ACCESS EXCLUSIVE on dropped relations and on the table of a trigger/policy/rule/index (INDEX CONCURRENTLY: SHARE UPDATE EXCLUSIVE)', breaks: 'the dropped objects' },
  TruncateStmt: { handler: truncate, description: 'TRUNCATE', effect: 'destructive', lock: 'ACCESS EXCLUSIVE', breaks: 'the tables' },
  DropRoleStmt: { handler: dropGlobal('role', (n) => roleNames(n.roles)), description: 'DROP ROLE', effect: 'destructive', lock: 'none', breaks: 'the roles' },
  DropdbStmt: { handler: dropGlobal('database', (n) => [n.dbname]), description: 'DROP DATABASE', effect: 'destructive', lock: 'none', breaks: 'the database' },
  DropOwnedStmt: { handler: dropGlobal('role', (n) => roleNames(n.roles)), description: 'DROP OWNED BY', effect: 'destructive', lock: 'none', breaks: 'the roles (everything they own)' },
  DropTableSpaceStmt: { handler: dropGlobal('other', (n) => [n.tablespacename]), description: 'DROP TABLESPACE', effect: 'destructive', lock: 'none', breaks: 'the tablespace' },
  DropSubscriptionStmt: { handler: dropGlobal('other', (n) => [n.subname]), description: 'DROP SUBSCRIPTION', effect: 'destructive', lock: 'none', breaks: 'the subscription' },
  DropUserMappingStmt: { handler: dropGlobal('other', (n) => [`user mapping for ${roleNames([n.user])[0]} server ${n.servername}`]), description: 'DROP USER MAPPING', effect: 'destructive', lock: 'none', breaks: 'the mapping' },
  // Renames
  RenameStmt: { handler: rename, description: 'ALTER … RENAME [COLUMN | CONSTRAINT] … TO', effect: 'destructive', lock: 'ACCESS EXCLUSIVE on the relation (ALTER INDEX: SHARE UPDATE EXCLUSIVE); none for non-relations', breaks: 'the old name' },
  AlterObjectSchemaStmt: { handler: setSchema, description: 'ALTER … SET SCHEMA', effect: 'destructive', lock: 'ACCESS EXCLUSIVE on a relation', breaks: 'the old name' },
  // Data
  InsertStmt: { handler: insert, description: 'INSERT', effect: 'data', lock: 'ROW EXCLUSIVE; ACCESS SHARE on sources' },
  UpdateStmt: { handler: update, description: 'UPDATE', effect: 'data', lock: 'ROW EXCLUSIVE; ACCESS SHARE on sources', rewriteScan: 'scan without WHERE' },
  DeleteStmt: { handler: deleteRows, description: 'DELETE', effect: 'data; destructive without WHERE', lock: 'ROW EXCLUSIVE; ACCESS SHARE on sources', rewriteScan: 'scan without WHERE', breaks: 'without WHERE: the table' },
  CopyStmt: { handler: copy, description: 'COPY', effect: 'FROM: data; TO: neutral', lock: 'FROM: ROW EXCLUSIVE; TO: ACCESS SHARE' },
  MergeStmt: { handler: merge, description: 'MERGE', effect: 'data', lock: 'ROW EXCLUSIVE; ACCESS SHARE on sources' },
  RefreshMatViewStmt: { handler: refreshMaterializedView, description: 'REFRESH MATERIALIZED VIEW', effect: 'data', lock: 'ACCESS EXCLUSIVE (CONCURRENTLY: EXCLUSIVE)', rewriteScan: 'scan' },
  SelectStmt: { handler: select, description: 'SELECT (SELECT INTO creates a table)', effect: 'neutral; setval/nextval: data; other functions in the select list: unknown; INTO: additive; data-modifying CTEs: their effect', lock: 'ACCESS SHARE (FOR UPDATE/SHARE: ROW SHARE)' },
  // Views, functions, triggers, rules, policies, comments
  ViewStmt: { handler: createView, description: 'CREATE [OR REPLACE] VIEW', effect: A, lock: 'ACCESS SHARE on sources; OR REPLACE: ACCESS EXCLUSIVE on the view' },
  CreateFunctionStmt: { handler: createFunction, description: 'CREATE [OR REPLACE] FUNCTION / PROCEDURE', effect: A, lock: 'none' },
  CreateTrigStmt: { handler: createTrigger, description: 'CREATE [OR REPLACE] TRIGGER', effect: A, lock: 'SHARE ROW EXCLUSIVE on the table' },
  RuleStmt: { handler: createRule, description: 'CREATE RULE', effect: 'destructive', lock: 'ACCESS EXCLUSIVE on the table', breaks: 'the table' },
  CreatePolicyStmt: { handler: createPolicy, description: 'CREATE POLICY', effect: 'PERMISSIVE: additive; RESTRICTIVE: destructive', lock: 'ACCESS EXCLUSIVE on the table', breaks: 'the table' },
  AlterPolicyStmt: { handler: alterPolicy, description: 'ALTER POLICY', effect: 'destructive', lock: 'ACCESS EXCLUSIVE on the table', breaks: 'the table' },
  CommentStmt: { handler: comment, description: 'COMMENT ON', effect: A, lock: 'SHARE UPDATE EXCLUSIVE on a commented relation' },
  // Types, domains, sequences, extensions, schemas
  CreateEnumStmt: { handler: createType('type', typeNameOf), description: 'CREATE TYPE … AS ENUM', effect: A, lock: 'none' },
  AlterEnumStmt: { handler: alterEnum, description: 'ALTER TYPE … ADD VALUE / RENAME VALUE', effect: 'ADD VALUE: additive; RENAME VALUE: destructive', lock: 'none', breaks: 'the type' },
  CompositeTypeStmt: { handler: createType('type', (n, ctx) => ctx.names.relation(n.typevar)), description: 'CREATE TYPE … AS (…)', effect: A, lock: 'none' },
  CreateDomainStmt: { handler: createType('type', typeNameOf), description: 'CREATE DOMAIN', effect: A, lock: 'none' },
  AlterDomainStmt: { handler: alterDomain, description: 'ALTER DOMAIN', effect: 'ADD CONSTRAINT / SET NOT NULL: destructive; DROP …: additive; VALIDATE: neutral', lock: 'none (scans columns of the type)', rewriteScan: 'scan unless NOT VALID', breaks: 'the type' },
  CreateRangeStmt: { handler: createType('type', typeNameOf), description: 'CREATE TYPE … AS RANGE', effect: A, lock: 'none' },
  DefineStmt: { handler: createType('other', typeNameOf), description: 'CREATE AGGREGATE / OPERATOR / TYPE (base) / COLLATION / TEXT SEARCH …', effect: A, lock: 'none' },
  AlterTypeStmt: { handler: alterOther('changes type properties'), description: 'ALTER TYPE … SET (…)', effect: N, lock: 'none' },
  CreateSeqStmt: { handler: createSequence, description: 'CREATE SEQUENCE', effect: A, lock: 'none' },
  AlterSeqStmt: { handler: alterSequence, description: 'ALTER SEQUENCE', effect: N, lock: 'SHARE ROW EXCLUSIVE on the sequence' },
  CreateExtensionStmt: { handler: createExtension, description: 'CREATE EXTENSION', effect: A, lock: 'none' },
  AlterExtensionStmt: { handler: alterExtension, description: 'ALTER EXTENSION … UPDATE', effect: A, lock: 'none' },
  AlterExtensionContentsStmt: { handler: alterOther(), description: 'ALTER EXTENSION … ADD / DROP', effect: N, lock: 'none' },
  CreateSchemaStmt: { handler: createSchema, description: 'CREATE SCHEMA', effect: A, lock: 'none' },
  CreateStatsStmt: { handler: createStatistics, description: 'CREATE STATISTICS', effect: N, lock: 'SHARE UPDATE EXCLUSIVE on the table' },
  AlterStatsStmt: { handler: alterOther(), description: 'ALTER STATISTICS', effect: N, lock: 'none' },
  AlterFunctionStmt: { handler: alterOther('changes function attributes (volatility, security, settings)'), description: 'ALTER FUNCTION / PROCEDURE … (attributes)', effect: N, lock: 'none' },
  AlterOwnerStmt: { handler: alterOwner, description: 'ALTER … OWNER TO', effect: N, lock: 'none' },
  AlterObjectDependsStmt: { handler: alterOther(), description: 'ALTER … DEPENDS ON EXTENSION', effect: N, lock: 'none' },
  CreateEventTrigStmt: { handler: createOther(field('trigname')), description: 'CREATE EVENT TRIGGER', effect: A, lock: 'none' },
  AlterEventTrigStmt: { handler: alterOther(), description: 'ALTER EVENT TRIGGER', effect: N, lock: 'none' },
  CreateCastStmt: { handler: createOther(), description: 'CREATE CAST', effect: A, lock: 'none' },
  CreateConversionStmt: { handler: createOther(), description: 'CREATE CONVERSION', effect: A, lock: 'none' },
  CreateTransformStmt: { handler: createOther(), description: 'CREATE TRANSFORM', effect: A, lock: 'none' },
  CreateOpClassStmt: { handler: createOther(), description: 'CREATE OPERATOR CLASS', effect: A, lock: 'none' },
  CreateOpFamilyStmt: { handler: createOther(), description: 'CREATE OPERATOR FAMILY', effect: A, lock: 'none' },
  AlterOpFamilyStmt: { handler: alterOther(), description: 'ALTER OPERATOR FAMILY', effect: N, lock: 'none' },
  AlterOperatorStmt: { handler: alterOther(), description: 'ALTER OPERATOR', effect: N, lock: 'none' },
  AlterCollationStmt: { handler: alterOther(), description: 'ALTER COLLATION … REFRESH VERSION', effect: N, lock: 'none' },
  AlterTSDictionaryStmt: { handler: alterOther('text search results may change'), description: 'ALTER TEXT SEARCH DICTIONARY', effect: N, lock: 'none' },
  AlterTSConfigurationStmt: { handler: alterOther('text search results may change'), description: 'ALTER TEXT SEARCH CONFIGURATION', effect: N, lock: 'none' },
  CreatePLangStmt: { handler: createOther(field('plname')), description: 'CREATE LANGUAGE', effect: A, lock: 'none' },
  CreateAmStmt: { handler: createOther(field('amname')), description: 'CREATE ACCESS METHOD', effect: A, lock: 'none' },
  CreateFdwStmt: { handler: createOther(field('fdwname')), description: 'CREATE FOREIGN DATA WRAPPER', effect: A, lock: 'none' },
  AlterFdwStmt: { handler: alterOther(), description: 'ALTER FOREIGN DATA WRAPPER', effect: N, lock: 'none' },
  CreateForeignServerStmt: { handler: createOther(field('servername')), description: 'CREATE SERVER', effect: A, lock: 'none' },
  AlterForeignServerStmt: { handler: alterOther(), description: 'ALTER SERVER', effect: N, lock: 'none' },
  CreateUserMappingStmt: { handler: createOther(), description: 'CREATE USER MAPPING', effect: A, lock: 'none' },
  AlterUserMappingStmt: { handler: alterOther(), description: 'ALTER USER MAPPING', effect: N, lock: 'none' },
  ImportForeignSchemaStmt: { handler: createOther((n) => `${n.local_schema}.*`), description: 'IMPORT FOREIGN SCHEMA', effect: A, lock: 'none' },
  CreatePublicationStmt: { handler: createOther(field('pubname')), description: 'CREATE PUBLICATION', effect: A, lock: 'none' },
  AlterPublicationStmt: { handler: alterOther(), description: 'ALTER PUBLICATION', effect: N, lock: 'none' },
  CreateSubscriptionStmt: { handler: createOther(field('subname')), description: 'CREATE SUBSCRIPTION', effect: A, lock: 'none' },
  AlterSubscriptionStmt: { handler: alterOther(), description: 'ALTER SUBSCRIPTION', effect: N, lock: 'none' },
  CreateTableSpaceStmt: { handler: createOther(field('tablespacename')), description: 'CREATE TABLESPACE', effect: A, lock: 'none' },
  AlterTableSpaceOptionsStmt: { handler: alterOther(), description: 'ALTER TABLESPACE', effect: N, lock: 'none' },
  AlterTableMoveAllStmt: { handler: () => ({ effect: 'neutral', rewrite: true, notes: ['moves every matching relation to another tablespace under ACCESS EXCLUSIVE'] }), description: 'ALTER TABLE ALL IN TABLESPACE … SET TABLESPACE', effect: N, lock: 'ACCESS EXCLUSIVE on each moved relation', rewriteScan: 'rewrite' },
  CreatedbStmt: { handler: createOther(field('dbname')), description: 'CREATE DATABASE', effect: A, lock: 'none' },
  AlterDatabaseStmt: { handler: alterOther(), description: 'ALTER DATABASE', effect: N, lock: 'none' },
  AlterDatabaseSetStmt: { handler: alterOther('changes defaults for new sessions'), description: 'ALTER DATABASE … SET', effect: N, lock: 'none' },
  AlterDatabaseRefreshCollStmt: { handler: alterOther(), description: 'ALTER DATABASE … REFRESH COLLATION VERSION', effect: N, lock: 'none' },
  AlterSystemStmt: { handler: alterOther('changes server configuration'), description: 'ALTER SYSTEM', effect: N, lock: 'none' },
  SecLabelStmt: { handler: alterOther(), description: 'SECURITY LABEL', effect: N, lock: 'none' },
  // Privileges and roles
  GrantStmt: { handler: grant, description: 'GRANT / REVOKE on objects', effect: 'GRANT: additive; REVOKE: destructive', lock: 'none', breaks: 'REVOKE: the objects (the columns for column privileges)' },
  GrantRoleStmt: { handler: grantRole, description: 'GRANT / REVOKE role', effect: 'GRANT: additive; REVOKE: destructive', lock: 'none', breaks: 'REVOKE: the granted roles' },
  AlterDefaultPrivilegesStmt: { handler: alterDefaultPrivileges, description: 'ALTER DEFAULT PRIVILEGES', effect: 'GRANT: additive; REVOKE: neutral (future objects only)', lock: 'none' },
  CreateRoleStmt: { handler: createRole, description: 'CREATE ROLE / USER / GROUP', effect: A, lock: 'none' },
  AlterRoleStmt: { handler: alterRole, description: 'ALTER ROLE', effect: N, lock: 'none' },
  AlterRoleSetStmt: { handler: alterRole, description: 'ALTER ROLE … SET', effect: N, lock: 'none' },
  ReassignOwnedStmt: { handler: alterOwner, description: 'REASSIGN OWNED', effect: N, lock: 'none' },
  // Session, transaction, maintenance
  VariableSetStmt: { handler: variableSet, description: 'SET / RESET', effect: N, lock: 'none' },
  VariableShowStmt: { handler: neutral(), description: 'SHOW', effect: N, lock: 'none' },
  TransactionStmt: { handler: transaction, description: 'BEGIN / COMMIT / ROLLBACK / SAVEPOINT', effect: N, lock: 'none' },
  ConstraintsSetStmt: { handler: neutral(), description: 'SET CONSTRAINTS', effect: N, lock: 'none' },
  VacuumStmt: { handler: vacuum, description: 'VACUUM / ANALYZE', effect: N, lock: 'SHARE UPDATE EXCLUSIVE (VACUUM FULL: ACCESS EXCLUSIVE)', rewriteScan: 'scan; FULL: rewrite' },
  LockStmt: { handler: lockTable, description: 'LOCK TABLE', effect: N, lock: 'the requested mode (default ACCESS EXCLUSIVE)' },
  ExplainStmt: { handler: explain, description: 'EXPLAIN [ANALYZE]', effect: 'neutral; ANALYZE: that of the statement', lock: 'ANALYZE: that of the statement' },
  CheckPointStmt: { handler: neutral(), description: 'CHECKPOINT', effect: N, lock: 'none' },
  NotifyStmt: { handler: neutral(), description: 'NOTIFY', effect: N, lock: 'none' },
  ListenStmt: { handler: neutral(), description: 'LISTEN', effect: N, lock: 'none' },
  UnlistenStmt: { handler: neutral(), description: 'UNLISTEN', effect: N, lock: 'none' },
  DiscardStmt: { handler: neutral(), description: 'DISCARD', effect: N, lock: 'none' },
  LoadStmt: { handler: neutral(), description: 'LOAD', effect: N, lock: 'none' },
  PrepareStmt: { handler: neutral('prepares a statement; EXECUTE runs it'), description: 'PREPARE', effect: N, lock: 'none' },
  DeallocateStmt: { handler: neutral(), description: 'DEALLOCATE', effect: N, lock: 'none' },
  DeclareCursorStmt: { handler: neutral(), description: 'DECLARE CURSOR', effect: N, lock: 'none' },
  FetchStmt: { handler: neutral(), description: 'FETCH / MOVE', effect: N, lock: 'none' },
  ClosePortalStmt: { handler: neutral(), description: 'CLOSE', effect: N, lock: 'none' },
  CallStmt: { handler: opaque('CALL runs a procedure'), description: 'CALL', effect: 'unknown', lock: 'unknown', breaks: 'the procedure' },
  ExecuteStmt: { handler: opaque('EXECUTE runs a prepared statement'), description: 'EXECUTE (prepared statement)', effect: 'unknown', lock: 'unknown' },
  DoStmt: { handler: doBlock, description: 'DO block', effect: 'that of its static statements, most severe wins; dynamic EXECUTE: unknown', lock: 'strongest of its statements', rewriteScan: 'of its statements', breaks: 'of its statements; unknown: every object found' },
};

/** `STATEMENT_KINDS` without the handlers: what each kind is and how it is classified (for docs and `--help`). */
export const statementKinds: ReadonlyArray<{ kind: string } & Omit<KindEntry, 'handler'>> = Object.entries(STATEMENT_KINDS).map(
  ([kind, { handler: _handler, ...summary }]) => ({ kind, ...summary }),
);
