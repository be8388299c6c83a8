// Repairs to argv around cac, whose parser (mri) would otherwise not check what the user typed: `--rate -5`
// reads as an unknown option `-5`, `--no-such-flag` as an unknown `--suchFlag`, and `--rate 0x10` as 16.

/** Joins a negative number to the flag before it (`--rate -5` => `--rate=-5`) so it is parsed as a value. */
export function attachNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const token of argv) {
    const previous = out[out.length - 1];
    if (/^-\d/.test(token) && previous !== undefined && /^--?[A-Za-z][\w-]*$/.test(previous)) {
      out[out.length - 1] = `${previous}=${token}`;
    } else {
      out.push(token);
    }
  }
  return out;
}

/**
 * The values of value-taking flags as typed, by option key, in order. mri turns whatever Number() reads into
 * a number ("0x10" into 16, "1e3" into 1000, " 7" into 7) before loadgen's parsers see it; the CLI puts the
 * typed string back, so each value is checked as written. `flags` maps each spelling ('-b', '--brokers') to
 * its key; stops at `--`.
 */
export function typedValues(argv: readonly string[], flags: ReadonlyMap<string, string>): Map<string, string[]> {
  const values = new Map<string, string[]>();
  const add = (key: string, value: string) => values.set(key, [...(values.get(key) ?? []), value]);
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') break;
    const eq = token.indexOf('=');
    const key = flags.get(eq > 0 ? token.slice(0, eq) : token);
    if (key === undefined) continue;
    if (eq > 0) add(key, token.slice(eq + 1));
    else if (i + 1 < argv.length) add(key, argv[++i] as string);
  }
  return values;
}

const NEGATIVE_NUMBER = /^-(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Flag spellings declared in cac raw names such as '-b, --brokers <list>'. */
export function declaredFlags(rawNames: readonly string[]): Set<string> {
  const flags = new Set<string>();
  for (const raw of rawNames) {
    for (const part of raw.split(/[\s,]+/)) if (part.startsWith('-')) flags.add(part);
  }
  return flags;
}

/**
 * The first flag in argv, as typed, that is not declared; undefined when all are known. Stops at `--`.
 * Every token that starts with '-' is a flag to mri except a lone '-' and a negative number: "-1v", "- v",
 * "-.v" or "---v" would otherwise pass unvetted and mri would read them as short flags (v: the version).
 */
export function firstUnknownFlag(argv: readonly string[], known: ReadonlySet<string>): string | undefined {
  for (const token of argv) {
    if (token === '--') return undefined;
    if (!token.startsWith('-') || token === '-' || NEGATIVE_NUMBER.test(token)) continue;
    const flag = token.split('=')[0] ?? token;
    if (!known.has(flag)) return flag;
  }
  return undefined;
}
