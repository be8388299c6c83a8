// Who a session belongs to. Each user is given a number of sessions K when first seen: K = 1 with the
// configured single-session share, otherwise 2 + a discrete Pareto-tailed amount whose mean makes E[K] the
// configured mean. A new session is a new user's with probability 1/E[K] (the steady state of "each user has
// K sessions"), else the next session of a waiting (returning) user. A user waits in the pool only between
// sessions, never during one, and the pool is bounded (a user who finds it full does not return), so state
// stays compact however long a run lasts.
import type { Random } from './random.js';
import type { Scenario } from './scenario.js';

export interface SessionUser {
  id: number;
  /** Sessions this user has after the current one. */
  remaining: number;
}

export class UserPopulation {
  private readonly ids: Float64Array;
  private readonly remaining: Uint32Array;
  private size = 0;
  private created = 0;
  private readonly newUserProbability: number;
  private readonly tailScale: number;

  constructor(
    private readonly config: Scenario['users'],
    private readonly stream: number,
    private readonly random: Random,
  ) {
    this.ids = new Float64Array(config.returning_pool);
    this.remaining = new Uint32Array(config.returning_pool);
    this.newUserProbability = 1 / config.mean_sessions;
    // For K >= 2, K = 2 + floor(Y), Y ~ Lomax(shape a, scale λ) with mean λ/(a-1); E[floor(Y)] ≈ E[Y] - 0.5.
    const meanIfReturning = (config.mean_sessions - config.single_session_share) / Math.max(1e-9, 1 - config.single_session_share);
    const a = config.tail_exponent;
    this.tailScale = Math.max(0, meanIfReturning - 2 + 0.5) * (a - 1);
  }

  /**
   * The user of a new session, and how many sessions that user has left after this one, written into `user`
   * (the stream reuses one object; the session table keeps the numbers) or a new object.
   */
  startSession(user: SessionUser = { id: 0, remaining: 0 }): SessionUser {
    const r = this.random;
    if (this.size > 0 && (this.size === this.ids.length || r.next() >= this.newUserProbability)) {
      const slot = r.int(this.size);
      user.id = this.ids[slot] ?? 0;
      user.remaining = (this.remaining[slot] ?? 1) - 1;
      this.removeSlot(slot);
      return user;
    }
    // Ids are unique per stream: stream s owns ids s * 2^32 + 1 ... (s + 1) * 2^32.
    user.id = this.stream * 4_294_967_296 + ++this.created;
    user.remaining = this.drawSessionCount() - 1;
    return user;
  }

  /** A session ended: its user waits for the next one, if any is left and the pool has room. */
  endSession(user: SessionUser): void {
    if (user.remaining <= 0 || this.size >= this.ids.length) return;
    this.ids[this.size] = user.id;
    this.remaining[this.size] = user.remaining;
    this.size++;
  }

  /** Sessions a new user will have in all (K). */
  drawSessionCount(): number {
    const r = this.random;
    if (r.next() < this.config.single_session_share) return 1;
    const y = this.tailScale * ((1 - r.next()) ** (-1 / this.config.tail_exponent) - 1);
    return 2 + Math.min(Math.floor(y), 100_000);
  }

  private removeSlot(slot: number): void {
    this.size--;
    this.ids[slot] = this.ids[this.size] ?? 0;
    this.remaining[slot] = this.remaining[this.size] ?? 0;
  }
}
