// `token`: mints a bearer token for a role and organisation, signed with the secret the server
// verifies with (AUTH_JWT_SECRET, or in development the one generated into DATA_DIR).
import { loadJwtSecret, mintToken } from "../../graphql/auth.js";
import { cliConfig, TOKEN_SIGNING } from "../environment.js";
import { CliError, ExitCode } from "../exit-codes.js";
import { println, type Terminal } from "../terminal.js";

export interface TokenOptions {
  role: string[];
  org?: string;
  sub: string;
  expires: string;
}

/** A lifetime as jose reads it, a whole number of units: "90s", "30m", "1h", "30d", "1 week". */
const LIFETIME = /^\d+\s?(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|y|yrs?|years?)$/i;

export async function tokenCommand(options: TokenOptions, terminal: Terminal): Promise<ExitCode> {
  const config = cliConfig(terminal, TOKEN_SIGNING);
  if (!LIFETIME.test(options.expires) || Number.parseInt(options.expires, 10) < 1) {
    throw new CliError(ExitCode.USAGE, `--expires: ${options.expires} is not a lifetime such as 1h or 30d`);
  }
  if (options.org !== undefined && options.org.trim() === "") {
    throw new CliError(ExitCode.USAGE, "--org: an organisation is a non-empty name (leave --org out for the default one)");
  }
  if (config.auth.jwksUrl) {
    throw new CliError(ExitCode.USAGE, "AUTH_JWKS_URL is set: tokens come from your identity provider, not from this tool");
  }
  const token = await mintToken(
    await loadJwtSecret(config),
    { sub: options.sub, org: options.org, roles: options.role },
    { expiresIn: options.expires, issuer: config.auth.issuer, audience: config.auth.audience },
  );
  // The token alone on stdout: `TOKEN=$(identity-subgraph token --role admin)`.
  println(terminal.out, token);
  return ExitCode.OK;
}
