// DO blocks: the static SQL inside (PL/pgSQL's execsql statements) is parsed and classified like
// top-level statements and combined, the most severe effect winning. Dynamic SQL (EXECUTE,
// OPEN … FOR EXECUTE), another language, or a body that does not parse makes the block unknown.
import { parseSql, plpgsqlStatements, type AstNode } from '../sql/index.js';
import { combine, toOutcome, type HandlerContext, type Outcome } from './outcome.js';

export function doBlock(node: AstNode, ctx: HandlerContext): Outcome {
  const args = (node.args ?? []) as AstNode[];
  const language = args.find((a) => a.DefElem?.defname === 'language')?.DefElem?.arg?.String?.sval ?? 'plpgsql';
  if (language.toLowerCase() !== 'plpgsql') {
    return { effect: 'unknown', notes: [`DO block in ${language}: cannot be classified offline`] };
  }
  const body = plpgsqlStatements(ctx.sql);
  if (body.error) return { effect: 'unknown', notes: [`DO block body does not parse as PL/pgSQL: ${body.error}`] };
  const parts: Outcome[] = [];
  const statements = [];
  for (const text of body.sql) {
    const parsed = parseSql(text);
    if (parsed.error) parts.push({ effect: 'unknown', notes: [`statement in DO block does not parse: ${parsed.error.message}`] });
    statements.push(...parsed.statements);
  }
  parts.push(...ctx.nested(statements).map(toOutcome));
  if (body.dynamic) parts.push({ effect: 'unknown', notes: ['DO block runs dynamic SQL (EXECUTE): it cannot be classified offline'] });
  if (parts.length === 0) return { effect: 'neutral', notes: ['DO block runs no SQL statement'] };
  const outcome = combine(parts);
  outcome.notes = [`DO block: ${statements.length} static statement(s)${body.dynamic ? ' and dynamic SQL' : ''}`, ...(outcome.notes ?? [])];
  // Unknown: the gate should see every object the block touches.
  if (outcome.effect === 'unknown') outcome.breaks = [...new Set([...(outcome.breaks ?? []), ...(outcome.objects ?? []).map((o) => o.name)])];
  return outcome;
}
