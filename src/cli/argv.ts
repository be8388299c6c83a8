// Two repairs to argv around cac, whose parser (mri) would otherwise give messages that do not name what the
// user typed: `--rate -5` reads as an unknown option `-5`, and `--no-such-flag` as an unknown `--suchFlag`.

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
