// Certificates for app registrations, made as an admin would with openssl: self-signed, or signed
// by an issuer of ours for a chain, with any validity window (openssl ca accepts start and end
// dates, so expired ones can be made too).
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface AppCertificate {
  readonly certificatePem: string;
  /** PKCS#8 PEM, unencrypted. */
  readonly privateKeyPem: string;
}

export interface AppCertificateOptions {
  readonly subject?: string;
  /** Default: an hour ago. */
  readonly notBefore?: Date;
  /** Default: a year from now. */
  readonly notAfter?: Date;
  /** Default "rsa" (2048 bits); Entra refuses other kinds. */
  readonly key?: "rsa" | "rsa-1024" | "ec";
  /** The certificate that signs this one (an intermediate or root CA); default: self-signed. */
  readonly issuer?: AppCertificate;
}

const CA_CONFIG = `[ca]
default_ca = app
[app]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = anything
[anything]
commonName = supplied
`;

export function makeAppCertificate(options: AppCertificateOptions = {}): AppCertificate {
  const privateKeyPem = generateKey(options.key ?? "rsa");
  const dir = mkdtempSync(join(tmpdir(), "app-certificate-"));
  try {
    const file = (name: string) => join(dir, name);
    writeFileSync(file("key.pem"), privateKeyPem, { mode: 0o600 });
    writeFileSync(file("ca.cnf"), CA_CONFIG);
    writeFileSync(file("index.txt"), "");
    writeFileSync(file("serial"), "01\n");
    const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    openssl("req", "-new", "-key", "key.pem", "-subj", `/CN=${options.subject ?? "identity-subgraph test app"}`, "-out", "app.csr");
    const signer = options.issuer ? ["-cert", "issuer.pem", "-keyfile", "issuer-key.pem"] : ["-selfsign", "-keyfile", "key.pem"];
    if (options.issuer) {
      writeFileSync(file("issuer.pem"), options.issuer.certificatePem);
      writeFileSync(file("issuer-key.pem"), options.issuer.privateKeyPem, { mode: 0o600 });
    }
    openssl(
      "ca", "-batch", "-config", "ca.cnf", ...signer, "-in", "app.csr", "-notext",
      "-startdate", opensslDate(options.notBefore ?? new Date(Date.now() - 3600_000)),
      "-enddate", opensslDate(options.notAfter ?? new Date(Date.now() + 365 * 86400_000)),
      "-out", "app.pem",
    );
    return { certificatePem: readFileSync(file("app.pem"), "utf8"), privateKeyPem };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function generateKey(key: NonNullable<AppCertificateOptions["key"]>): string {
  const pair =
    key === "ec"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : generateKeyPairSync("rsa", { modulusLength: key === "rsa-1024" ? 1024 : 2048 });
  return pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

/** YYYYMMDDHHMMSSZ, as openssl ca takes it. */
function opensslDate(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;
}
