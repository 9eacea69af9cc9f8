// Exit codes, spec §9. Only cli/ chooses them.
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  blocked: 3,
  stepFailed: 4,
  unavailable: 5,
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
