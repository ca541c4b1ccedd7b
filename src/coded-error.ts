// Errors a caller can act on. Each carries the code clients read in `extensions.code` and what
// else they need to act on it; domain modules throw them, and src/graphql/mask-errors.ts turns
// them into GraphQL errors, the one place that does. Anything else a client sees is masked.

/** The codes of the GraphQL API (docs/graphql-api.md); clients branch on them. */
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "ENTRA_AUTH_FAILED"
  | "INTEGRATION_PAUSED";

export abstract class CodedError extends Error {
  abstract readonly code: ErrorCode;

  /**
   * Extensions besides the code: `field` (the input at fault) for BAD_USER_INPUT, and `fields`
   * when the fault is a choice among several; `reason`, `aadsts` and `hint` for ENTRA_AUTH_FAILED.
   * Undefined values are left out.
   */
  constructor(
    message: string,
    readonly details: Readonly<Record<string, string | readonly string[] | undefined>> = {},
  ) {
    super(message);
  }
}

/** Input the caller must correct; `field` names it as the operation's input does, e.g. "input.tenantId". */
export class InputError extends CodedError {
  override readonly name: string = "InputError";
  readonly code = "BAD_USER_INPUT";
  constructor(field: string, message: string, details: { readonly fields?: readonly string[] } = {}) {
    super(message, { field, ...details });
  }
}
