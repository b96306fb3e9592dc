// Telling apart library plans that share a name: what differs between them, shown beside the name.

/** The fields of a library entry this needs. */
export interface NamedPlan {
  readonly id: string;
  readonly name: string;
  readonly created: number;
  readonly filePath?: string | null;
}

/**
 * For each plan whose name another plan also has, a short note that tells it apart: the file it
 * belongs to when the files differ, else when it was created, and the start of its id when even
 * that is shared (two plans created in the same minute). Plans with a unique name get none.
 */
export function sameNameNotes(
  plans: readonly NamedPlan[],
  time: (t: number) => string,
): Map<string, string> {
  const byName = new Map<string, NamedPlan[]>();
  for (const p of plans) {
    const key = p.name.trim().toLowerCase();
    const list = byName.get(key);
    if (list) list.push(p);
    else byName.set(key, [p]);
  }
  const out = new Map<string, string>();
  const file = (p: NamedPlan) => (p.filePath ? (p.filePath.split(/[\\/]/).pop() ?? '') : '');
  for (const group of byName.values()) {
    if (group.length < 2) continue;
    const files = new Set(group.map(file));
    const times = new Map<string, number>();
    for (const p of group) times.set(time(p.created), (times.get(time(p.created)) ?? 0) + 1);
    for (const p of group) {
      const parts: string[] = [];
      if (files.size > 1 && file(p)) parts.push(file(p));
      parts.push(`created ${time(p.created)}`);
      if ((times.get(time(p.created)) ?? 0) > 1) parts.push(`#${p.id.slice(0, 6)}`);
      out.set(p.id, parts.join(' · '));
    }
  }
  return out;
}
