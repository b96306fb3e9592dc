// Hosts from a CSV file (name,type,address,hostname,zone): parsed by csv-parse, validated row by row.
import { parse } from 'csv-parse/browser/esm/sync';
import type { Catalog } from '../catalog/types';
import { isHostname, quoteValue } from '../plan/schema';
import { parseAddressEntry } from '../util/ip';
import type { ImportedHost, ImportRead } from './types';
import { appendAll } from '../util/arrays';

/** Columns every hosts CSV has (any order, in a header line). */
export const CSV_REQUIRED_COLUMNS = ['name', 'type', 'address', 'hostname', 'zone'] as const;
/** Columns a hosts CSV may add. */
export const CSV_OPTIONAL_COLUMNS = ['vmid'] as const;

/** Most rows one import takes: beyond, the file is refused rather than half read. */
export const MAX_IMPORT_ROWS = 20_000;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** A plan name/zone text: 1-200 characters, no control, line-separator or bidi characters. */
export function checkDisplayText(value: string, what: string): string | null {
  if (value === '') return `${what} is empty`;
  if (value.length > 200) return `${what} is longer than 200 characters`;
  if (CONTROL.test(value)) return `${what} ${quoteValue(value)} contains a control character`;
  return null;
}

/** Validates one address field ("192.0.2.5 2001:db8::5", ranges and CIDRs allowed). */
export function checkAddresses(text: string): { addresses: string[]; errors: string[] } {
  const addresses: string[] = [];
  const errors: string[] = [];
  for (const part of text.split(/\s+/).filter(Boolean)) {
    const entry = parseAddressEntry(part);
    if (entry) addresses.push(entry.canonical);
    else
      errors.push(`address ${quoteValue(part)} is not an IPv4 or IPv6 address, network or range`);
  }
  return { addresses, errors };
}

interface Row {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/**
 * Reads a hosts CSV. A header line names the columns; each further line is one host. Every
 * problem is reported, one message per problem, each naming its line ("line 3: type
 * "toaster" is not a component type of vbr12-pve"); any problem means no host is returned.
 */
export function readHostsCsv(text: string, catalog: Catalog): ImportRead {
  let rows: Row[];
  try {
    rows = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as Row[];
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    const where = typeof err.lines === 'number' ? `line ${err.lines}: ` : '';
    return { ok: false, errors: [`${where}not valid CSV: ${String(err.message ?? e)}`] };
  }
  if (rows.length === 0) {
    return {
      ok: false,
      errors: [`line 1: no header line (expected ${CSV_REQUIRED_COLUMNS.join(',')})`],
    };
  }
  const [header, ...data] = rows;
  const columns = header!.record.map((c) => c.toLowerCase());
  const errors: string[] = [];
  const headerLine = `line ${header!.info.lines}`;
  const missing = CSV_REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) errors.push(`${headerLine}: missing column ${missing.join(', ')}`);
  const known: readonly string[] = [...CSV_REQUIRED_COLUMNS, ...CSV_OPTIONAL_COLUMNS];
  const unknown = columns.filter((c) => !known.includes(c));
  if (unknown.length) {
    errors.push(
      `${headerLine}: unknown column ${unknown.map((c) => quoteValue(c)).join(', ')} (columns: ${known.join(', ')})`,
    );
  }
  const dup = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (dup.length) errors.push(`${headerLine}: column ${dup.join(', ')} appears twice`);
  if (errors.length) return { ok: false, errors };
  if (data.length > MAX_IMPORT_ROWS) {
    return { ok: false, errors: [`more than ${MAX_IMPORT_ROWS} hosts; split the file`] };
  }

  const types = new Set(catalog.componentTypes.map((t) => t.id));
  const index = (c: string) => columns.indexOf(c);
  const hosts: ImportedHost[] = [];
  const seen = new Map<string, number>();
  for (const row of data) {
    const line = `line ${row.info.lines}`;
    const cell = (c: string) => (index(c) < 0 ? '' : (row.record[index(c)] ?? ''));
    if (row.record.length > columns.length) {
      errors.push(`${line}: ${row.record.length} fields, the header has ${columns.length}`);
      continue;
    }
    const name = cell('name');
    const type = cell('type');
    const problems: string[] = [];
    const nameProblem = checkDisplayText(name, 'name');
    if (nameProblem) problems.push(nameProblem);
    if (!types.has(type)) {
      problems.push(
        type === ''
          ? `type is empty (a component type of ${catalog.edition})`
          : `type ${quoteValue(type)} is not a component type of ${catalog.edition}`,
      );
    }
    const { addresses, errors: addressErrors } = checkAddresses(cell('address'));
    appendAll(problems, addressErrors);
    const hostname = cell('hostname');
    if (hostname !== '' && !isHostname(hostname)) {
      problems.push(`hostname ${quoteValue(hostname)} is not a valid host name`);
    }
    const zone = cell('zone');
    const zoneProblem = zone === '' ? null : checkDisplayText(zone, 'zone');
    if (zoneProblem) problems.push(zoneProblem);
    const vmidText = cell('vmid');
    let vmid: number | undefined;
    if (vmidText !== '') {
      vmid = /^\d{3,9}$/.test(vmidText) ? Number(vmidText) : undefined;
      if (vmid === undefined || vmid < 100) {
        problems.push(`vmid ${quoteValue(vmidText)} is not a Proxmox VE VM id (100-999999999)`);
      }
    }
    const first = seen.get(name);
    if (name !== '' && first !== undefined) {
      problems.push(`name ${quoteValue(name)} appears twice (also line ${first})`);
    } else if (name !== '') seen.set(name, row.info.lines);
    if (problems.length) {
      for (const p of problems) errors.push(`${line}: ${p}`);
      continue;
    }
    hosts.push({
      name,
      type,
      addresses,
      ...(hostname ? { hostname } : {}),
      ...(zone ? { zone } : {}),
      ...(vmid !== undefined ? { vmid } : {}),
      origin: line,
    });
  }
  return errors.length ? { ok: false, errors } : { ok: true, hosts, warnings: [] };
}
