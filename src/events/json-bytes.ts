// JSON text written as bytes straight into a buffer (the batch a chunk is generated into), without building
// a string first.
//
// Why: the serialisers built each event's JSON as a template string, which V8 keeps as a rope of pieces;
// writing it into the batch flattened the rope (a second copy) and then copied it: serialise + encode were
// 2 us of the 4.5 us an event cost to generate, and most of the garbage. Here every piece goes to its bytes
// once.
//
// Strings are written one byte per character: callers pass only ASCII without '"', '\' or control
// characters, which is what the event schemas allow (serializers.ts says why that is safe).

/** Thrown when a write would pass the end of the target; the caller grows the buffer or refuses the record. */
export const OVERFLOW: unique symbol = Symbol('loadgen: JSON bytes overflow');

/** A constant piece of JSON as bytes, for raw(): copying prepared bytes is 3-4x faster than writing characters. */
export function fragment(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

export class JsonBytes {
  private bytes: Uint8Array = new Uint8Array(0);
  /** The next byte to write. */
  at = 0;
  private end = 0;

  /** Writes go to bytes[at, end) from now on. */
  target(bytes: Uint8Array, at: number, end: number): void {
    this.bytes = bytes;
    this.at = at;
    this.end = end;
  }

  /** Bytes prepared once (fragment()): the JSON between two values, names and punctuation. */
  raw(bytes: Uint8Array): void {
    if (this.at + bytes.length > this.end) throw OVERFLOW;
    this.bytes.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** ASCII text as it is (a string value without its quotes, or a value known to need no escaping). */
  text(s: string): void {
    const n = s.length;
    if (this.at + n > this.end) throw OVERFLOW;
    const b = this.bytes;
    let at = this.at;
    for (let i = 0; i < n; i++) b[at++] = s.charCodeAt(i);
    this.at = at;
  }

  /** A string value in quotes, or null. */
  quoted(s: string | null): void {
    if (s === null) {
      this.text('null');
      return;
    }
    if (this.at + s.length + 2 > this.end) throw OVERFLOW;
    this.bytes[this.at++] = 34;
    this.text(s);
    this.bytes[this.at++] = 34;
  }

  /** A number exactly as JSON.stringify writes it, or null. */
  number(n: number | null): void {
    if (n === null) this.text('null');
    else if (Number.isSafeInteger(n)) this.integer(n);
    else {
      // Amounts in cents (every price): the shortest text that reads back as n, which is what JavaScript
      // prints, is the integer part and at most two decimals without a trailing zero. Anything else (or n
      // too large for that to hold) goes through String(), which allocates.
      const cents = Math.round(n * 100);
      if (cents / 100 === n && Math.abs(cents) < 1e15) this.cents(cents);
      else this.text(Number.isFinite(n) ? String(n) : 'null');
    }
  }

  private integer(n: number): void {
    if (n < 0) {
      this.text('-');
      n = -n;
    }
    let digits = 1;
    for (let p = 10; p <= n; p *= 10) digits++;
    if (this.at + digits > this.end) throw OVERFLOW;
    const b = this.bytes;
    for (let i = this.at + digits - 1; i >= this.at; i--) {
      const q = Math.floor(n / 10);
      b[i] = 48 + (n - q * 10);
      n = q;
    }
    this.at += digits;
  }

  private cents(cents: number): void {
    if (cents < 0) {
      this.text('-');
      cents = -cents;
    }
    const whole = Math.floor(cents / 100);
    const fraction = cents - whole * 100; // 1..99: a whole number was written as an integer
    this.integer(whole);
    if (this.at + 3 > this.end) throw OVERFLOW;
    const b = this.bytes;
    b[this.at++] = 46;
    b[this.at++] = 48 + Math.floor(fraction / 10);
    if (fraction % 10 !== 0) b[this.at++] = 48 + (fraction % 10);
  }
}
