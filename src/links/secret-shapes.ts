// Tells an API key *identifier* from an API key: admins link ids or fingerprints, and a value
// that looks like a provider's secret is refused before anything is stored or logged.

/** Provider secret formats, by the prefix or shape their issuers document. */
const SECRET_SHAPES: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: "an Anthropic API key", pattern: /^sk-ant-/i },
  { name: "an OpenAI-style secret key", pattern: /^sk-[A-Za-z0-9_-]{16,}/ },
  { name: "an AWS access key id", pattern: /^(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}$/ },
  { name: "a GitHub token", pattern: /^(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_)/ },
  { name: "a GitLab token", pattern: /^glpat-/ },
  { name: "a Slack token", pattern: /^xox[abprs]-/ },
  { name: "a Google API key", pattern: /^AIza[0-9A-Za-z_-]{30,}/ },
  { name: "a Hugging Face token", pattern: /^hf_[A-Za-z0-9]{30,}/ },
  { name: "a Stripe secret key", pattern: /^(sk|rk)_(live|test)_/ },
  { name: "a JSON Web Token", pattern: /^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\./ },
  { name: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

/** Ids are printable and short; anything else is a paste accident, not an id. */
const ID_SHAPE = /^[A-Za-z0-9._:/@+=~-]{1,200}$/;

/**
 * Long random strings are secrets whatever their prefix. Hex digests and GUIDs (fingerprints,
 * ids) carry at most 4 bits per character, so they pass; base62/base64 keys carry ~5.
 */
const MIN_RANDOM_LENGTH = 32;
const MAX_ID_ENTROPY_BITS = 4.3;

export type IdRefusal = { reason: "BAD_ID" | "LOOKS_LIKE_SECRET"; message: string };

/** Why `value` cannot be stored as a key or session id, or null when it can. */
export function refuseLinkId(value: string, what: "API key id" | "session id"): IdRefusal | null {
  const shape = SECRET_SHAPES.find((s) => s.pattern.test(value));
  if (shape) {
    return { reason: "LOOKS_LIKE_SECRET", message: `This ${what} looks like ${shape.name}: link its id or fingerprint, never the key itself` };
  }
  if (!ID_SHAPE.test(value)) {
    return { reason: "BAD_ID", message: `${what === "API key id" ? "An" : "A"} ${what} is 1-200 letters, digits or . _ : / @ + = ~ -` };
  }
  if (value.length >= MIN_RANDOM_LENGTH && entropyPerCharacter(value) > MAX_ID_ENTROPY_BITS) {
    return { reason: "LOOKS_LIKE_SECRET", message: `This ${what} looks like a random secret: link its id or fingerprint, never the key itself` };
  }
  return null;
}

// Private helpers below.

/** Shannon entropy of the string's own character distribution, in bits per character. */
function entropyPerCharacter(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
