// A throwaway certificate authority and a localhost server certificate, made with the openssl CLI.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface TestCertificates {
  /** The CA certificate file, for NODE_EXTRA_CA_CERTS. */
  readonly caPath: string;
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

const CA_CERT = "ca.pem";
const SERVER_CERT = "server.pem";
const SERVER_KEY = "server-key.pem";

export function createTestCertificates(dir: string): TestCertificates {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  // P-256 keys: generated in milliseconds, unlike RSA.
  const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(
    "req", "-x509", ...ecKey,
    "-keyout", file("ca-key.pem"), "-out", file(CA_CERT),
    "-days", "2", "-subj", "/CN=Entra emulator test CA",
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  );
  openssl("req", ...ecKey, "-keyout", file(SERVER_KEY), "-out", file("server.csr"), "-subj", "/CN=localhost");
  writeFileSync(
    file("server.ext"),
    [
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "basicConstraints=critical,CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
    ].join("\n"),
  );
  openssl(
    "x509", "-req", "-in", file("server.csr"),
    "-CA", file(CA_CERT), "-CAkey", file("ca-key.pem"),
    "-set_serial", `0x${randomBytes(8).toString("hex")}`,
    "-days", "2", "-extfile", file("server.ext"), "-out", file(SERVER_CERT),
  );
  return { caPath: file(CA_CERT), caPem: readFileSync(file(CA_CERT), "utf8"), ...loadServerCertificate(dir) };
}

/** The server certificate and key that createTestCertificates left in `dir`. */
export function loadServerCertificate(dir: string): { certPem: string; keyPem: string } {
  return {
    certPem: readFileSync(join(dir, SERVER_CERT), "utf8"),
    keyPem: readFileSync(join(dir, SERVER_KEY), "utf8"),
  };
}
