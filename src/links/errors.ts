// Refusals of link operations, each with the code a client acts on (see src/coded-error.ts).
import { CodedError } from "../coded-error.js";

/** The caller's input is wrong; `field` names it, e.g. "apiKeyId". */
export class LinkInputError extends CodedError {
  override readonly name = "LinkInputError";
  readonly code = "BAD_USER_INPUT";
  constructor(field: string, message: string) {
    super(message, { field });
  }
}

/** The key or session is linked to someone else already: unlink it first. */
export class LinkConflictError extends CodedError {
  override readonly name = "LinkConflictError";
  readonly code = "CONFLICT";
}

/** No such link in the caller's organisation. */
export class LinkNotFoundError extends CodedError {
  override readonly name = "LinkNotFoundError";
  readonly code = "NOT_FOUND";
  constructor() {
    super("The link was not found");
  }
}
