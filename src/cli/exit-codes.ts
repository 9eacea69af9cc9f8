// Exit codes, spec §9. Only cli/ chooses them.
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  blocked: 3,
  stepFailed: 4,
  unavailable: 5,
  internal: 70,
  /** backfill stopped by SIGINT/SIGTERM after committing its batch in flight (128 + SIGINT). */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
