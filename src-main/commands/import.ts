// `portolan import csv|pve FILE --out PLAN [--into EXISTING]`: hosts from an inventory into a plan.
import { basename, resolve } from 'node:path';
import {
  findCatalog,
  catalogEditions,
  formatPlanError,
  restorePlan,
  serializePlan,
} from '../../src-core/index';
import type { Catalog, Plan } from '../../src-core/index';
import {
  emptyPlan,
  importSummary,
  mergeImport,
  readAddresses,
  readHostsCsv,
  readPveResources,
} from '../../src-core/import/index';
import type { ImportRead } from '../../src-core/import/index';
import { writeFileAtomic } from '../files';
import { loadPlanFile, oneLine, parseArgs, usageError } from './plan-file';
import type { CliCommand, CliIo } from './types';
import { EXIT_INVALID, EXIT_OK } from './types';

/** What the command writes to; tests replace it. */
export interface ImportDeps {
  readonly writeFile: (file: string, data: string) => Promise<void>;
}

/** One line for a terminal: no control characters (input text could hold escapes). */
function terminalLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- terminal escape sequences are what we remove
  return oneLine(text).replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ');
}

async function read(io: CliIo, file: string): Promise<string | null> {
  try {
    return await io.readFile(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    io.stderr(
      `${file}: cannot read: ${code === 'ENOENT' ? 'no such file' : terminalLine((e as Error).message)}\n`,
    );
    return null;
  }
}

/** Builds the import command with its file writer injected. */
export function createImportCommand(deps: ImportDeps): CliCommand {
  return {
    name: 'import',
    summary: 'Add hosts from a CSV or a Proxmox VE cluster to a plan',
    usage: [
      'Usage: portolan import csv FILE --out PLAN [--into EXISTING] [--catalog EDITION]',
      '       portolan import pve FILE [--addresses FILE] --out PLAN [--into EXISTING] [--catalog EDITION]',
      '',
      '  csv FILE         header line name,type,address,hostname,zone (optional vmid); one host per line;',
      '                   address may hold several, separated by spaces (ranges A-B and CIDRs allowed)',
      '  pve FILE         the JSON of `pvesh get /cluster/resources --output-format json`',
      '  --addresses F    guest addresses: CSV vmid,address, or JSON {vmid: network-get-interfaces answer}',
      '  --out PLAN       plan file to write (replaced atomically)',
      '  --into EXISTING  extend this plan (same name: node updated); default: a new plan',
      `  --catalog E      catalog edition of a new plan (${catalogEditions().join(', ')}; default vbr12-pve)`,
      '',
      '  Any problem stops the import (exit 1, one message per problem); nothing is written.',
    ].join('\n'),
    async run(args, io) {
      const parsed = parseArgs(args, [], ['--out', '--into', '--addresses', '--catalog']);
      if (typeof parsed === 'string') return usageError(io, this, parsed);
      const [kind, file, ...more] = parsed.positional;
      if (kind !== 'csv' && kind !== 'pve') {
        return usageError(io, this, 'expected "csv" or "pve" and a FILE');
      }
      if (file === undefined || more.length > 0) {
        return usageError(io, this, 'expected exactly one FILE');
      }
      const out = parsed.flags.get('--out');
      if (typeof out !== 'string') return usageError(io, this, '--out PLAN is required');
      const addressesFile = parsed.flags.get('--addresses');
      if (addressesFile !== undefined && kind !== 'pve') {
        return usageError(io, this, '--addresses is for "import pve"');
      }
      const into = parsed.flags.get('--into');
      const edition = parsed.flags.get('--catalog');
      if (edition !== undefined && into !== undefined) {
        return usageError(io, this, '--catalog is for a new plan; --into keeps its own');
      }

      let base: Plan;
      let catalog: Catalog;
      if (typeof into === 'string') {
        const loaded = await loadPlanFile(io, into);
        if (!loaded.ok) return loaded.exitCode;
        base = loaded.plan;
        catalog = loaded.catalog;
      } else {
        const found = findCatalog(typeof edition === 'string' ? edition : 'vbr12-pve');
        if (!found) {
          return usageError(
            io,
            this,
            `unknown catalog edition "${terminalLine(String(edition))}" (known: ${catalogEditions().join(', ')})`,
          );
        }
        catalog = found;
        base = emptyPlan(
          basename(out).replace(/\.portolan\.json$|\.json$/i, '') || 'Imported',
          catalog,
        );
      }

      const text = await read(io, file);
      if (text === null) return EXIT_INVALID;
      let result: ImportRead;
      if (kind === 'csv') {
        result = readHostsCsv(text, catalog);
      } else {
        let addresses: ReadonlyMap<string, readonly string[]> = new Map();
        if (typeof addressesFile === 'string') {
          const addressText = await read(io, addressesFile);
          if (addressText === null) return EXIT_INVALID;
          const a = readAddresses(addressText);
          if (!a.ok) {
            for (const e of a.errors) io.stderr(`${addressesFile}: ${terminalLine(e)}\n`);
            return EXIT_INVALID;
          }
          addresses = a.addresses;
        }
        result = readPveResources(text, catalog, addresses);
      }
      if (!result.ok) {
        for (const e of result.errors) io.stderr(`${file}: ${terminalLine(e)}\n`);
        return EXIT_INVALID;
      }
      for (const w of result.warnings) io.stderr(`${file}: warning: ${terminalLine(w)}\n`);
      const { plan, changes } = mergeImport(base, result.hosts);
      // The written file must load: the same restore every open goes through.
      const checked = restorePlan(JSON.parse(serializePlan(plan)));
      if (!checked.ok) {
        for (const e of checked.errors) io.stderr(`${file}: ${terminalLine(formatPlanError(e))}\n`);
        return EXIT_INVALID;
      }
      const target = resolve(io.cwd, out);
      try {
        await deps.writeFile(target, serializePlan(checked.plan));
      } catch (e) {
        io.stderr(`${out}: cannot write: ${terminalLine((e as Error).message)}\n`);
        return EXIT_INVALID;
      }
      for (const line of importSummary(changes)) io.stdout(`${terminalLine(line)}\n`);
      io.stdout(`${out}: plan written (${checked.plan.nodes.length} nodes)\n`);
      return EXIT_OK;
    },
  };
}

export const importCommand: CliCommand = createImportCommand({
  writeFile: (file, data) => writeFileAtomic(file, data),
});

export default importCommand;
