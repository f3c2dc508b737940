/** A source of numbers in [0, 1). Seeded so that a run with the same seed injects the same faults. */
export type Random = () => number;

/** mulberry32: tiny, fast and good enough to pick faults and outcomes reproducibly. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random string over `alphabet`, e.g. Paypro's 16-character platFormTradeNo. */
export function randomToken(random: Random, length: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}
