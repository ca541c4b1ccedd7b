// A credential an admin must correct before anything is tried or saved.

/** `field` names the input at fault as the GraphQL input does, e.g. "certificate.privateKeyPem". */
export class CredentialInputError extends Error {
  override readonly name = "CredentialInputError";

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
