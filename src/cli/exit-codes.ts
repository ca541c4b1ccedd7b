// The exit codes of the command line, for scripts: each names what a script may want to act on.
export const ExitCode = {
  /** Done as asked. */
  OK: 0,
  /** It ran and failed: a sync run FAILED, a refusal with the API's code (a paused integration), or something unexpected (the message says what). */
  FAILURE: 1,
  /** The command line or configuration is wrong: nothing was done. */
  USAGE: 2,
  /** Entra ID refused the credentials (AADSTS...): fix the tenant, client id or secret. */
  AUTH_FAILED: 3,
  /** Authenticated, but Graph permissions are missing or not consented. */
  PERMISSIONS_MISSING: 4,
  /** No integration has that id. */
  NOT_FOUND: 5,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A command's refusal with the exit code it maps to; the message goes to stderr. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}
