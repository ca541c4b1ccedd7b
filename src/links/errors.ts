// Refusals of link operations, each mapped to a contract code by src/graphql/link-resolver.ts.

/** The caller's input is wrong (BAD_USER_INPUT); `field` names it, e.g. "apiKeyId". */
export class LinkInputError extends Error {
  override readonly name = "LinkInputError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The key or session is linked to someone else already (CONFLICT): unlink it first. */
export class LinkConflictError extends Error {
  override readonly name = "LinkConflictError";
}

/** No such link in the caller's organisation (NOT_FOUND). */
export class LinkNotFoundError extends Error {
  override readonly name = "LinkNotFoundError";
}
