// Which exported file implements which enforcement point: the files the exporter table lists.
import type { ExportFileName, ExportInput, Exporter } from '../export/exporter';
import { compareStrings } from '../util/compare';

/** One exported file, as the document cites it. */
export interface ScriptFile {
  /** Export format id (CLI `--format`), e.g. "nftables". */
  readonly format: string;
  /** Human label of the format, e.g. "nftables (Linux)". */
  readonly label: string;
  /** File name inside the export, e.g. "w1.nft". */
  readonly file: string;
  /** Node the file is for; absent for plan-wide files (rule lists, cluster.fw). */
  readonly node?: string;
}

/** Every file the exports of a plan produce. */
export interface ScriptIndex {
  readonly files: readonly ScriptFile[];
}

/** Formats that only list flows (for a network firewall team), not per-host enforcement. */
export const RULE_LIST_FORMATS: readonly string[] = ['csv', 'markdown'];
/** Formats that hold connectivity checks run from a source host. */
export const CHECK_FORMATS: readonly string[] = ['check-bash', 'check-powershell'];

function sortFiles(files: ScriptFile[]): ScriptFile[] {
  return files.sort(
    (a, b) =>
      compareStrings(a.node ?? '', b.node ?? '') ||
      compareStrings(a.format, b.format) ||
      compareStrings(a.file, b.file),
  );
}

/**
 * Records the files every exporter writes: its `files` list (held equal to what `render` writes
 * by the exporters' tests). This is the truth the document cites; an
 * exporter that fails is left out rather than guessed (its error shows in the export UI).
 */
export function scriptIndexFromExporters(
  exporters: readonly Exporter[],
  input: ExportInput,
): ScriptIndex {
  const files: ScriptFile[] = [];
  for (const exporter of exporters) {
    let listed: readonly ExportFileName[];
    try {
      // Listed, not rendered: rendering every export's content was most of the document's
      // build time.
      listed = exporter.files(input);
    } catch {
      continue;
    }
    for (const f of listed) {
      files.push({
        format: exporter.id,
        label: exporter.label,
        file: f.name,
        ...(f.node !== undefined ? { node: f.node } : {}),
      });
    }
  }
  return { files: sortFiles(files) };
}
