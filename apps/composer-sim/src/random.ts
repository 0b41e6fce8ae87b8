/** Randomness the simulator draws from; tests inject a seeded source. */
export type Random = () => number;

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length) % items.length]!;
}

export function between(random: Random, min: number, max: number): number {
  return Math.floor(min + random() * (max - min + 1));
}

const hexDigits = "0123456789abcdef";
const alnum = "0123456789abcdefghijklmnopqrstuvwxyz";

export function hex(random: Random, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += hexDigits[Math.floor(random() * 16)];
  return out;
}

export function alphanumeric(random: Random, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alnum[Math.floor(random() * alnum.length)];
  return out;
}

/** A small seeded generator (mulberry32) for reproducible runs. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
