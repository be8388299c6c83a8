// Pure parsers for option values. Each names the flag in its error, so a mistyped value always
// produces a one-line message that tells the user which flag to fix (exit code 2).
import { errors } from '../errors.js';

/** A whole number in [min, max]; accepts numbers or decimal strings such as "6" (not "6.5", "0x6" or "6e2"). */
export function parseInteger(flag: string, raw: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
  const expected = max === Number.MAX_SAFE_INTEGER ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`;
  if (text === undefined || !/^-?\d+$/.test(text)) throw errors.invalidOption(flag, raw, expected);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) throw errors.invalidOption(flag, raw, expected);
  return value;
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * A duration such as "500ms", "10s", "1.5m", "2h"; a bare number means seconds. Returns whole milliseconds,
 * at least 1: a value that rounds to 0 ms (0.000001, 0.4ms) is refused like 0 rather than returned as 0,
 * which every caller would take as "no time at all" (a drain timeout of 0 ms gives up at once).
 */
export function parseDuration(flag: string, raw: unknown): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text);
  const unit = DURATION_UNITS_MS[match?.[2] ?? 's'];
  const ms = match?.[1] !== undefined && unit !== undefined ? Math.round(Number(match[1]) * unit) : NaN;
  if (!Number.isFinite(ms) || ms < 1) throw errors.invalidOption(flag, raw, 'a duration of at least 1ms, such as 500ms, 10s, 5m or 1h');
  return ms;
}

/** A decimal written out: "12", "0.05", ".5" (not "0x10", "1e3" or "-1"). */
const DECIMAL = /^(\d+\.?\d*|\.\d+)$/;
const decimal = (raw: unknown): number => (typeof raw === 'number' ? raw : typeof raw === 'string' && DECIMAL.test(raw.trim()) ? Number(raw) : NaN);

/** A finite number > 0, from a number or a decimal string. */
export function parsePositiveNumber(flag: string, raw: unknown): number {
  const value = decimal(raw);
  if (!Number.isFinite(value) || value <= 0) throw errors.invalidOption(flag, raw, 'a positive number');
  return value;
}

/** A fraction in [0, 1], from a number or a decimal string. */
export function parseFraction(flag: string, raw: unknown): number {
  const value = decimal(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw errors.invalidOption(flag, raw, 'a fraction from 0 to 1, e.g. 0.01');
  return value;
}
