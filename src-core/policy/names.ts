// Object names valid on every network-firewall target, allocated from one table so they are unique by construction.

/**
 * Longest object name. The tightest targets take 63 characters (PAN-OS, Junos SRX address-book
 * and application names); ASA object groups 64, FortiGate 79, Capirca tokens are unbounded. 60
 * leaves room for a target that appends a short suffix of its own.
 */
export const MAX_NAME_LENGTH = 60;

/**
 * The one alphabet: upper-case letters, digits and `_`, starting with a letter. It is a subset of
 * every target's alphabet (ASA, FortiGate, PAN-OS `[A-Za-z0-9_.\- ]`, SRX, Capirca `[A-Z0-9_]`),
 * needs no quoting anywhere, and being one case makes names unique case-insensitively too.
 */
export const NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,59}$/;

/**
 * Words the targets reserve or predefine (`any` in ASA/PAN-OS/SRX/FortiGate, `all` and `ALL` in
 * FortiGate, `application-default` in PAN-OS, Capirca's usual `ANY`/`INTERNET` tokens, ASA's
 * `interface`, `host` and `object` keywords): never allocated, so a node named "any" gets `ANY_2`.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'ANY',
  'ANY4',
  'ANY6',
  'ANY_IPV4',
  'ANY_IPV6',
  'ALL',
  'ALL_ICMP',
  'ALL_TCP',
  'ALL_UDP',
  'NONE',
  'DEFAULT',
  'SELF',
  'INTERNET',
  'LOCAL',
  'HOST',
  'OBJECT',
  'INTERFACE',
  'APPLICATION_DEFAULT',
  'RESERVED',
  'RFC1918',
]);

// eslint-disable-next-line no-control-regex -- the whole ASCII range, controls included
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Plan or catalog text reduced to the alphabet: ASCII letters and digits upper-cased, every other
 * run of characters one `_`, no leading/trailing `_`; "" when nothing is left.
 */
export function cleanName(text: string): string {
  // ASCII has no compatibility decompositions: NFKD would return it unchanged.
  return (ASCII.test(text) ? text : text.normalize('NFKD'))
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/** Cuts a cleaned name to `max` characters without leaving a trailing `_`. */
function cut(name: string, max: number): string {
  return name.length <= max ? name : name.slice(0, max).replace(/_+$/, '');
}

/**
 * A text as a name of the alphabet, before uniqueness: cleaned, `fallback` (a valid name) when
 * nothing is left, prefixed with `fallback_` when it starts with a digit, cut to the limit.
 * `cleaned` remembers cleaned texts across calls (see {@link cleanedName}).
 */
export function fitName(text: string, fallback: string, cleaned?: Map<string, string>): string {
  const name = cleanedName(text, cleaned);
  return name === '' ? cut(fallback, MAX_NAME_LENGTH) : fitCleaned(name, fallback);
}

/** {@link cleanName}, remembered in `cleaned` when given (many groups share a text). */
export function cleanedName(text: string, cleaned?: Map<string, string>): string {
  if (!cleaned) return cleanName(text);
  let name = cleaned.get(text);
  if (name === undefined) cleaned.set(text, (name = cleanName(text)));
  return name;
}

/** {@link fitName} of a text whose (non-empty) {@link cleanName} is `name`. */
function fitCleaned(name: string, fallback: string): string {
  return cut(/^[A-Z]/.test(name) ? name : `${fallback}_${name}`, MAX_NAME_LENGTH);
}

/**
 * The names {@link NameTable.allocate} tries for `preferred`, in order: each text that cleans to
 * something, fitted; `fallback` alone when none does. Computed once per wish by callers that
 * allocate many (each text is cleaned once, not once per use; `cleaned` remembers texts).
 */
export function candidateNames(
  preferred: readonly string[],
  fallback: string,
  cleaned?: Map<string, string>,
): string[] {
  const out: string[] = [];
  for (const text of preferred) {
    const name = cleanedName(text, cleaned);
    if (name !== '') out.push(fitCleaned(name, fallback));
  }
  if (!out.length) out.push(fitName(fallback, fallback));
  return out;
}

/**
 * Allocates names from one table keyed by the final name: a name is handed out once, whatever
 * texts cleaned up to it. Callers allocate in a deterministic order, so the same policy gets the
 * same names.
 */
export class NameTable {
  readonly #taken = new Set<string>(RESERVED_NAMES);
  /** Next numeric suffix to try per base, so many groups of one base stay linear. */
  readonly #next = new Map<string, number>();

  /**
   * The first free name among `preferred` (each cleaned, cut to the limit, given a leading
   * `fallback_` when it starts with a digit; texts that clean to nothing are skipped), else the
   * first of them plus `_2`, `_3`… `fallback` (a valid name) stands in when all are empty.
   */
  allocate(preferred: readonly string[], fallback: string): string {
    return this.allocateFrom(candidateNames(preferred, fallback));
  }

  /** {@link allocate} from its {@link candidateNames} (valid names, at least one). */
  allocateFrom(candidates: readonly string[]): string {
    for (const name of candidates) {
      if (!this.#taken.has(name)) return this.#take(name);
    }
    const base = candidates[0]!;
    for (let n = this.#next.get(base) ?? 2; ; n++) {
      const suffix = `_${n}`;
      const name = `${cut(base, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
      if (!this.#taken.has(name)) {
        this.#next.set(base, n + 1);
        return this.#take(name);
      }
    }
  }

  #take(name: string): string {
    this.#taken.add(name);
    return name;
  }
}
