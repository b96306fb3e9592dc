// Name allocation for one output file: derived names (nft sets, Proxmox aliases, IP sets, groups, file bases) unique by construction.

/** How a {@link NameTable} compares and shortens names. */
export interface NameTableOptions {
  /** Longest name the target accepts; a suffix added for uniqueness stays within it. */
  readonly max: number;
  /** Character put between a name and its uniqueness suffix (`_` for nft, `-` for Proxmox). */
  readonly filler: string;
  /** Names that differ only in case are the same name (Proxmox, file systems). */
  readonly caseInsensitive?: boolean;
  /** Names the target gives a meaning of its own; never handed out (compared like names). */
  readonly reserved?: readonly string[];
  /** Further reserved names, by pattern (e.g. Proxmox's `ipfilter-net0`). */
  readonly reservedPattern?: RegExp;
}

/**
 * Hands out names within one namespace of one file. The table is keyed by the final name: a
 * wanted name that another key already holds (or that is reserved) gets `<filler>2`,
 * `<filler>3`… until it is free, so two keys never share a name however their wanted names were
 * derived (a cleaned id, a hash, another id that happens to equal either). The same key always
 * gets the same name back.
 */
export class NameTable {
  private readonly byKey = new Map<string, string>();
  /** Folded final name → key holding it. */
  private readonly holders = new Map<string, string>();

  constructor(private readonly options: NameTableOptions) {
    for (const r of options.reserved ?? []) this.holders.set(this.fold(r), '\0reserved');
  }

  private fold(name: string): string {
    return this.options.caseInsensitive ? name.toLowerCase() : name;
  }

  private free(name: string): boolean {
    if (this.holders.has(this.fold(name))) return false;
    return !this.options.reservedPattern?.test(name);
  }

  /** The name of `key`: `wanted` (cut to the maximum) when free, else it with a counter. */
  claim(key: string, wanted: string): string {
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing;
    const { max, filler } = this.options;
    const base = wanted.slice(0, max);
    let name = base;
    for (let i = 2; !this.free(name); i++) {
      const suffix = `${filler}${i}`;
      name = `${base.slice(0, max - suffix.length)}${suffix}`;
    }
    this.byKey.set(key, name);
    this.holders.set(this.fold(name), key);
    return name;
  }

  /** True when `name` is neither held nor reserved. */
  isFree(name: string): boolean {
    return this.free(name.slice(0, this.options.max));
  }

  /** The name already claimed for `key`, if any. */
  get(key: string): string | undefined {
    return this.byKey.get(key);
  }
}
