// Statements PostgreSQL refuses inside a transaction block. The runner gives each
// of them an autocommit step of its own (spec §7.3), so the parser decides, not the user.
import type { AstNode } from './parser.js';

export function needsOwnStep(kind: string, node: AstNode): boolean {
  switch (kind) {
    case 'IndexStmt':
      return node.concurrent === true;
    case 'DropStmt':
      return node.concurrent === true;
    case 'ReindexStmt':
      return hasOption(node.params, 'concurrently');
    case 'VacuumStmt':
      // VACUUM (is_vacuumcmd) cannot run in a transaction; plain ANALYZE can.
      return node.is_vacuumcmd === true;
    case 'AlterTableStmt':
      return (node.cmds ?? []).some(
        (cmd: AstNode) => cmd.AlterTableCmd?.subtype === 'AT_DetachPartition' && cmd.AlterTableCmd?.def?.PartitionCmd?.concurrent === true,
      );
    case 'AlterSystemStmt':
    case 'CreatedbStmt':
    case 'DropdbStmt':
    case 'CreateTableSpaceStmt':
    case 'DropTableSpaceStmt':
    case 'CreateSubscriptionStmt':
    case 'DropSubscriptionStmt':
      return true;
    default:
      return false;
  }
}

function hasOption(params: AstNode[] | undefined, name: string): boolean {
  return (params ?? []).some((p) => p.DefElem?.defname === name);
}
