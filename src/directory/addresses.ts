// The addresses a person is known by: what traces carry as `userEmail` may be any of them.
import { storableText } from "../db/storable-text.js";

export interface AddressSource {
  mail: string | null;
  userPrincipalName: string;
  otherMails: string[];
  proxyAddresses: string[];
}

/**
 * Every address of a user, best first, deduplicated case-insensitively: mail (rank 0), UPN (1),
 * other mails (2), then the SMTP entries of proxyAddresses (3; "SMTP:" is the primary, "smtp:"
 * an alias; X500 and SIP entries are not mail).
 */
export function userAddresses(user: AddressSource): { address: string; rank: number }[] {
  const smtp = user.proxyAddresses
    .filter((proxy) => proxy.toLowerCase().startsWith("smtp:"))
    .map((proxy) => proxy.slice(5));
  const ranked: [string | null, number][] = [
    [user.mail, 0],
    [user.userPrincipalName, 1],
    ...user.otherMails.map((mail): [string, number] => [mail, 2]),
    ...smtp.map((mail): [string, number] => [mail, 3]),
  ];
  const seen = new Map<string, { address: string; rank: number }>();
  for (const [address, rank] of ranked) {
    const trimmed = address?.trim();
    if (trimmed && !seen.has(trimmed.toLowerCase())) seen.set(trimmed.toLowerCase(), { address: trimmed, rank });
  }
  return [...seen.values()];
}

/** The form addresses are stored and looked up in: a character PostgreSQL cannot store as U+FFFD, as the mirror holds it. */
export const normaliseAddress = (address: string): string => storableText(address.trim().toLowerCase());
