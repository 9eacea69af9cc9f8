// Test-only fault injection (docs/testing.md). SAFE_MIGRATE_FAULT=<point>:<action>[:<migration-id>]
// points: before-lock, after-ddl, before-commit, after-commit (fired by up and down alike; see execute.ts)
// actions: kill (SIGKILL this process), exit (exit code 99 without cleanup), error (throw)
// Unset in every normal run, in which case this returns undefined and the runner calls nothing.
export type FaultHook = (point: string, migrationId?: string) => Promise<void>;

export function faultHookFromEnv(env: NodeJS.ProcessEnv = process.env): FaultHook | undefined {
  const spec = env.SAFE_MIGRATE_FAULT;
  if (!spec) return undefined;
  const [point, action = 'kill', only] = spec.split(':');
  return async (at, migrationId) => {
    if (at !== point || (only && migrationId !== only)) return;
    if (action === 'kill') process.kill(process.pid, 'SIGKILL');
    if (action === 'exit') process.exit(99);
    if (action === 'error') throw new Error(`injected fault at ${at}`);
    // SIGKILL is asynchronous: never continue past a kill point.
    await new Promise(() => undefined);
  };
}
