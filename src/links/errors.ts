// Refusals of link operations, each with the code a client acts on (see src/coded-error.ts).
import { CodedError, InputError } from "../coded-error.js";

/** Input an admin must correct in a link's mutation, e.g. a key id that looks like a key. */
export class LinkInputError extends InputError {
  override readonly name = "LinkInputError";
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
