// The rule registry: every built-in rule, sorted by id. One rule per file beside this one,
// each with a test and a page under docs/rules/ (registry.test.ts keeps the three in step).
import type { Rule } from '../types.js';
import { addRequiredColumn } from './add-required-column.js';
import { addWriteRestriction } from './add-write-restriction.js';
import { backfillTooEarly } from './backfill-too-early.js';
import { banChar } from './ban-char.js';
import { changeColumnType } from './change-column-type.js';
import { concurrentlyInTransaction } from './concurrently-in-transaction.js';
import { constraintMissingNotValid } from './constraint-missing-not-valid.js';
import { deleteWithoutWhere } from './delete-without-where.js';
import { dropColumn } from './drop-column.js';
import { dropDefault } from './drop-default.js';
import { dropNotNull } from './drop-not-null.js';
import { dropObject } from './drop-object.js';
import { dropTable } from './drop-table.js';
import { enumValueInTransaction } from './enum-value-in-transaction.js';
import { exclusionConstraint } from './exclusion-constraint.js';
import { expandAndContractTogether } from './expand-and-contract-together.js';
import { fkWithoutIndex } from './fk-without-index.js';
import { identifierTooLong } from './identifier-too-long.js';
import { missingDown } from './missing-down.js';
import { preferBigint } from './prefer-bigint.js';
import { preferIdentity } from './prefer-identity.js';
import { preferJsonb } from './prefer-jsonb.js';
import { preferRobustStatements } from './prefer-robust-statements.js';
import { preferText } from './prefer-text.js';
import { preferTimestamptz } from './prefer-timestamptz.js';
import { renameColumn } from './rename-column.js';
import { renameObject } from './rename-object.js';
import { renameTable } from './rename-table.js';
import { requireConcurrentIndex } from './require-concurrent-index.js';
import { requireConcurrentIndexDrop } from './require-concurrent-index-drop.js';
import { requireConcurrentReindex } from './require-concurrent-reindex.js';
import { setNotNull } from './set-not-null.js';
import { setNotNullNeedsCheck } from './set-not-null-needs-check.js';
import { storedGeneratedColumn } from './stored-generated-column.js';
import { syntaxError } from './syntax-error.js';
import { tableRewriteTypeChange } from './table-rewrite-type-change.js';
import { truncate } from './truncate.js';
import { truncateCascade } from './truncate-cascade.js';
import { unbatchedBackfill } from './unbatched-backfill.js';
import { uniqueWithoutIndex } from './unique-without-index.js';
import { unknownStatement } from './unknown-statement.js';
import { unusedIgnore } from './unused-ignore.js';
import { vacuumFull } from './vacuum-full.js';
import { validateInSameTransaction } from './validate-in-same-transaction.js';
import { volatileDefault } from './volatile-default.js';

export const rules: readonly Rule[] = [
  addRequiredColumn,
  addWriteRestriction,
  backfillTooEarly,
  banChar,
  changeColumnType,
  concurrentlyInTransaction,
  constraintMissingNotValid,
  deleteWithoutWhere,
  dropColumn,
  dropDefault,
  dropNotNull,
  dropObject,
  dropTable,
  enumValueInTransaction,
  exclusionConstraint,
  expandAndContractTogether,
  fkWithoutIndex,
  identifierTooLong,
  missingDown,
  preferBigint,
  preferIdentity,
  preferJsonb,
  preferRobustStatements,
  preferText,
  preferTimestamptz,
  renameColumn,
  renameObject,
  renameTable,
  requireConcurrentIndex,
  requireConcurrentIndexDrop,
  requireConcurrentReindex,
  setNotNull,
  setNotNullNeedsCheck,
  storedGeneratedColumn,
  syntaxError,
  tableRewriteTypeChange,
  truncate,
  truncateCascade,
  unbatchedBackfill,
  uniqueWithoutIndex,
  unknownStatement,
  unusedIgnore,
  vacuumFull,
  validateInSameTransaction,
  volatileDefault,
];
