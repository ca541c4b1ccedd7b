// Seeded pseudo-random numbers (mulberry32), so generated tenants and change mixes repeat exactly.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A version-4-shaped GUID, lower case. */
  guid(): string;
}

const HEX = "0123456789abcdef";
const DASH = "-".charCodeAt(0);

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const random: Random = {
    next: () => nextUint32() / 4294967296,
    int: (n) => Math.floor(random.next() * n),
    chance: (p) => random.next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[random.int(items.length)] as (typeof items)[number];
    },
    guid: () => {
      // Built from char codes: a concatenated id is a rope, and comparing ropes is ten times slower,
      // which a 1M-membership tenant feels.
      const codes: number[] = [];
      for (let word = 0; word < 4; word++) {
        const n = nextUint32();
        for (let shift = 28; shift >= 0; shift -= 4) codes.push(HEX.charCodeAt((n >>> shift) & 0xf));
      }
      codes[12] = HEX.charCodeAt(4);
      codes[16] = HEX.charCodeAt((HEX.indexOf(String.fromCharCode(codes[16] as number)) & 0x3) | 0x8);
      for (const at of [8, 13, 18, 23]) codes.splice(at, 0, DASH);
      return String.fromCharCode(...codes);
    },
  };
  return random;
}

