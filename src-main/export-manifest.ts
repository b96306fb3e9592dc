// The manifest an export batch leaves in its folder: which plan and scope wrote which file.
import { compareStrings } from '../src-core/util/compare';
import { relativeFileNameProblem } from '../src-core/util/file-name';

/** `format` field of every manifest. */
export const MANIFEST_FORMAT = 'portolan-export-manifest';
/** Manifest version written by this build (1 listed bare names, without plan or scope). */
export const MANIFEST_VERSION = 2;

/** One file an export wrote. */
export interface ManifestEntry {
  /** File name inside the folder. */
  readonly name: string;
  /** Name of the plan exported; absent in version-1 manifests. */
  readonly plan?: string;
  /** Scope of the export that wrote it, in words ("all", "nodes w1", "zone dmz"). */
  readonly scope?: string;
  /** Node the file is for; absent for plan-wide files (rule lists, cluster.fw). */
  readonly node?: string;
}

/**
 * The export now being written: its plan, its scope, and how to tell which nodes the scope
 * covers and which the plan still has. Its clean-up only touches files of this plan it covers.
 */
export interface BatchOwner {
  readonly plan: string;
  /** Scope in words, recorded in the manifest and quoted in messages. */
  readonly scope: string;
  /** True for the scope "all": plan-wide files are then this export's to remove. */
  readonly full: boolean;
  inScope(node: string): boolean;
  hasNode(node: string): boolean;
}

/** Owner of a batch that says nothing of its plan (the app's export into its own sub-folder). */
export const ANY_OWNER: BatchOwner = {
  plan: '',
  scope: 'all',
  full: true,
  inScope: () => true,
  hasNode: () => true,
};

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Entries of a manifest's text. Version 1 (a list of names) and version 2 (entries) are read;
 * anything unreadable gives no entries, and entries whose name is not a plain file name (or a
 * few plain parts joined by "/") are dropped, so a tampered manifest can never point outside
 * its folder.
 */
export function parseManifest(text: string): ManifestEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  const files = (data as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) return [];
  const entries: ManifestEntry[] = [];
  for (const item of files as unknown[]) {
    const raw: Record<string, unknown> | null =
      typeof item === 'string'
        ? { name: item }
        : typeof item === 'object' && item !== null
          ? (item as Record<string, unknown>)
          : null;
    const name = optionalString(raw?.name);
    if (raw === null || name === undefined || relativeFileNameProblem(name) !== null) continue;
    const plan = optionalString(raw.plan);
    const scope = optionalString(raw.scope);
    const node = optionalString(raw.node);
    entries.push({
      name,
      ...(plan !== undefined ? { plan } : {}),
      ...(scope !== undefined ? { scope } : {}),
      ...(node !== undefined ? { node } : {}),
    });
  }
  return entries;
}

/** The manifest's text: entries sorted by name, so the file does not churn between exports. */
export function serializeManifest(entries: readonly ManifestEntry[]): string {
  const files = [...entries].sort((a, b) => compareStrings(a.name, b.name));
  return `${JSON.stringify({ format: MANIFEST_FORMAT, version: MANIFEST_VERSION, files }, null, 2)}\n`;
}

/** A file an earlier export wrote that this one removes, and why (shown to the user). */
export interface StaleFile {
  readonly name: string;
  readonly reason: string;
}

/** What the clean-up decides for the entries of an earlier manifest. */
export interface CleanupPlan {
  /** Files to remove, each with its reason. */
  readonly remove: readonly StaleFile[];
  /** Entries that stay listed (other plans', other scopes', and untouched ones). */
  readonly keep: readonly ManifestEntry[];
}

/**
 * Decides, for each file an earlier export listed, whether this export removes it. A file is
 * removed only when it belongs to this plan and this export covers it: its host left the plan,
 * or its host is in scope but no longer gets the file, or (full export only) a plan-wide file
 * the plan no longer produces. Another plan's files and files of hosts outside the scope stay.
 * `writing` holds the lower-cased names of the batch (case-insensitive file systems).
 */
export function planCleanup(
  previous: readonly ManifestEntry[],
  writing: ReadonlySet<string>,
  owner: BatchOwner,
): CleanupPlan {
  const remove: StaleFile[] = [];
  const keep: ManifestEntry[] = [];
  const seen = new Set<string>();
  for (const entry of previous) {
    const key = entry.name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const ours = entry.plan === undefined || entry.plan === owner.plan;
    // Rewritten by this batch (even a file of another plan of the same name): its new entry
    // replaces this one.
    if (writing.has(key)) continue;
    if (!ours) {
      keep.push(entry);
      continue;
    }
    const reason = staleReason(entry, owner);
    if (reason === null) keep.push(entry);
    else remove.push({ name: entry.name, reason });
  }
  return { remove, keep };
}

function staleReason(entry: ManifestEntry, owner: BatchOwner): string | null {
  if (entry.plan === undefined) {
    return owner.full
      ? 'listed by an earlier export that did not record its plan; this full export no longer writes it'
      : null;
  }
  if (entry.node !== undefined) {
    if (!owner.hasNode(entry.node)) return `host "${entry.node}" is no longer in the plan`;
    if (owner.inScope(entry.node)) {
      return `host "${entry.node}" is in this export's scope (${owner.scope}) but no longer gets this file`;
    }
    return null;
  }
  return owner.full ? 'the plan no longer produces this plan-wide file' : null;
}
