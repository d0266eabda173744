// Seeded randomness for the synthetic generator. Everything is 32-bit integer maths (Math.imul), so results are
// identical on every platform and Node version, and cheap enough for hundreds of thousands of records.

export type Rng = () => number;

/** murmur3's 32-bit finaliser: a good avalanche, so neighbouring indices give unrelated seeds. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds any finite number (also negative or > 2^32) into 32 bits without discarding its high part. */
export function seed32(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const n = Math.trunc(seed);
  const lo = n >>> 0; // ToUint32 is modulo 2^32, also for negatives
  const hi = Math.floor(n / 4294967296) >>> 0;
  return fmix32(lo ^ fmix32(hi + 0x9e3779b9));
}

/** Seed for one item of one stream: depends only on (seed, stream, index), so any slice can be made independently. */
export function deriveSeed(seed: number, stream: number, index: number): number {
  let h = fmix32(seed32(seed) ^ Math.imul(stream + 1, 0x9e3779b1));
  h = fmix32(h ^ seed32(index));
  return h;
}

/** FNV-1a over UTF-16 code units, finalised; used to key streams on strings such as a household ref. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** mulberry32: tiny, fast and statistically fine for test data (not for cryptography). Returns [0, 1). */
export function createRng(seed: number): Rng {
  let a = seed32(seed);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [lo, hi], both inclusive. */
export function int(r: Rng, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

/** Integer in [lo, hi] peaked in the middle (sum of two uniforms), for ages and durations. */
export function tri(r: Rng, lo: number, hi: number): number {
  return lo + Math.floor(((r() + r()) / 2) * (hi - lo + 1));
}

export function chance(r: Rng, p: number): boolean {
  return r() < p;
}

export function pick<T>(r: Rng, items: readonly T[]): T {
  const v = items[Math.floor(r() * items.length)];
  if (v === undefined) throw new RangeError('pick from an empty list');
  return v;
}

/** Picks a key by weight; `table` is a list of [value, weight] pairs with a positive total. */
export function weighted<T>(r: Rng, table: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of table) total += w;
  let x = r() * total;
  for (const [v, w] of table) {
    x -= w;
    if (x < 0) return v;
  }
  const last = table[table.length - 1];
  if (last === undefined) throw new RangeError('weighted pick from an empty table');
  return last[0];
}
