// Seeded randomness. Two kinds, both pure functions of the seed:
// - Random: a sequential stream (sfc32) for decisions in order, one per generator stream (worker), so
//   streams never share state and a stream replays exactly given (seed, stream index).
// - hash32/unitHash: stateless hashing for facts that every stream must agree on without talking, such as
//   a product's price in a time bucket.

/** A 32-bit integer finaliser with good avalanche (lowbias32, by Chris Wellons). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash of up to three integers under a seed: equal inputs give equal outputs on every thread and run. */
export function hash32(seed: number, a: number, b = 0, c = 0): number {
  return mix32(seed ^ mix32((a | 0) ^ mix32((b | 0) ^ mix32((c | 0) + 0x9e3779b9))));
}

/** hash32 as a number in [0, 1). */
export function unitHash(seed: number, a: number, b = 0, c = 0): number {
  return hash32(seed, a, b, c) / 4294967296;
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128-bit state, fast in 32-bit JS arithmetic. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    this.a = mix32(seed ^ 0x243f6a88);
    this.b = mix32(seed + stream * 0x9e3779b9);
    this.c = mix32(stream ^ 0xb7e15162);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.u32(); // discard the warm-up outputs
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Index drawn from cumulative weights (ascending, last = total). */
  pick(cumulative: readonly number[]): number {
    const total = cumulative[cumulative.length - 1] ?? 0;
    const u = this.next() * total;
    for (let i = 0; i < cumulative.length; i++) if (u < (cumulative[i] ?? 0)) return i;
    return cumulative.length - 1;
  }
}

/** Running sums of weights, for Random.pick. */
export function cumulative(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}
