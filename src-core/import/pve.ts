// Hosts from a Proxmox VE cluster: `pvesh get /cluster/resources --output-format json`, plus addresses.
import { parse } from 'csv-parse/browser/esm/sync';
import type { Catalog } from '../catalog/types';
import { quoteValue } from '../plan/schema';
import { parseAddress } from '../util/ip';
import { checkAddresses, checkDisplayText, MAX_IMPORT_ROWS } from './csv';
import type { ImportedHost, ImportRead } from './types';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Guest types the cluster lists; other item types (storage, pool, sdn…) are ignored. */
const GUEST_TYPES = new Set(['qemu', 'lxc']);

/** Tags of a guest: Proxmox writes them separated by ";" (older releases: "," or spaces). */
function tagsOf(value: unknown): string[] {
  return typeof value === 'string' ? value.split(/[;,\s]+/).filter(Boolean) : [];
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
}

/**
 * Reads the cluster's resources. Each `node` item becomes a `pve-server`; each `qemu`/`lxc`
 * item a guest named after it with `vmid`, typed by its first tag that names a component type
 * of the catalog (`mssql-guest`…), else `linux-guest`; templates are skipped; other items
 * (storage, pools) are ignored. Addresses come from `addresses` (see {@link readAddresses}).
 */
export function readPveResources(
  text: string,
  catalog: Catalog,
  addresses: ReadonlyMap<string, readonly string[]> = new Map(),
): ImportRead {
  const json = parseJson(text);
  if (!json.ok) return { ok: false, errors: [json.error] };
  if (!Array.isArray(json.value)) {
    return {
      ok: false,
      errors: ['expected the JSON array of `pvesh get /cluster/resources --output-format json`'],
    };
  }
  if (json.value.length > MAX_IMPORT_ROWS * 4) {
    return { ok: false, errors: [`more than ${MAX_IMPORT_ROWS * 4} items; split the file`] };
  }
  const types = new Set(catalog.componentTypes.map((t) => t.id));
  const hasPve = types.has('pve-server');
  const errors: string[] = [];
  const warnings: string[] = [];
  const hosts: ImportedHost[] = [];
  const names = new Map<string, string>();
  json.value.forEach((item: unknown, i: number) => {
    const where = `item ${i + 1}`;
    if (!isRecord(item)) {
      errors.push(`${where}: expected an object, got ${item === null ? 'null' : typeof item}`);
      return;
    }
    const kind = item.type;
    const label = typeof item.id === 'string' ? `${where} (${item.id.slice(0, 40)})` : where;
    if (typeof kind !== 'string') {
      errors.push(`${label}: field "type" is missing`);
      return;
    }
    let host: ImportedHost | null = null;
    if (kind === 'node') {
      const name = item.node;
      if (typeof name !== 'string') {
        errors.push(`${label}: a node item needs its "node" name`);
        return;
      }
      const problem = checkDisplayText(name, 'node name');
      if (problem) {
        errors.push(`${label}: ${problem}`);
        return;
      }
      if (!hasPve) {
        errors.push(`${label}: catalog ${catalog.edition} has no pve-server type`);
        return;
      }
      host = { name, type: 'pve-server', addresses: addresses.get(name) ?? [], origin: label };
    } else if (GUEST_TYPES.has(kind)) {
      if (item.template === 1 || item.template === true || item.template === '1') return;
      const vmid = item.vmid;
      if (typeof vmid !== 'number' || !Number.isInteger(vmid) || vmid < 100 || vmid > 999_999_999) {
        errors.push(`${label}: "vmid" is not a Proxmox VE VM id, got ${quoteValue(vmid)}`);
        return;
      }
      const name = typeof item.name === 'string' && item.name !== '' ? item.name : `vm-${vmid}`;
      const problem = checkDisplayText(name, 'name');
      if (problem) {
        errors.push(`${label}: ${problem}`);
        return;
      }
      const tagged = tagsOf(item.tags).find((t) => types.has(t));
      const type = tagged ?? 'linux-guest';
      if (!types.has(type)) {
        errors.push(`${label}: catalog ${catalog.edition} has no ${type} type`);
        return;
      }
      const found = addresses.get(String(vmid)) ?? [];
      if (found.length === 0) {
        warnings.push(
          `${label}: guest ${name} (vmid ${vmid}) has no address; add one before exporting`,
        );
      }
      host = { name, type, addresses: found, vmid, origin: label };
    } else return;
    const first = names.get(host.name);
    if (first !== undefined) {
      errors.push(`${label}: name ${quoteValue(host.name)} appears twice (also ${first})`);
      return;
    }
    names.set(host.name, label);
    hosts.push(host);
  });
  return errors.length ? { ok: false, errors } : { ok: true, hosts, warnings };
}

/** Loopback and link-local addresses are the guest's own, never a firewall peer. */
function usable(address: string): boolean {
  const p = parseAddress(address);
  if (!p || p.cidr) return false;
  const range = p.address.range();
  return range !== 'loopback' && range !== 'linkLocal' && range !== 'unspecified';
}

/** The addresses of one guest agent `network-get-interfaces` answer (`{result:[…]}` or `[…]`). */
function agentAddresses(value: unknown, where: string, errors: string[]): string[] {
  const list = isRecord(value) ? value.result : value;
  if (!Array.isArray(list)) {
    errors.push(
      `${where}: expected the guest agent's network-get-interfaces answer (a "result" list)`,
    );
    return [];
  }
  const out: string[] = [];
  list.forEach((iface: unknown, i) => {
    if (!isRecord(iface)) {
      errors.push(`${where}: interface ${i + 1}: expected an object`);
      return;
    }
    const ips = iface['ip-addresses'];
    if (ips === undefined) return;
    if (!Array.isArray(ips)) {
      errors.push(`${where}: interface ${i + 1}: "ip-addresses" is not a list`);
      return;
    }
    for (const ip of ips) {
      const text = isRecord(ip) ? ip['ip-address'] : undefined;
      if (typeof text !== 'string') {
        errors.push(`${where}: interface ${i + 1}: an entry has no "ip-address"`);
        continue;
      }
      if (usable(text)) out.push(parseAddress(text)!.canonical);
    }
  });
  return [...new Set(out)];
}

/**
 * Reads the addresses file of `import pve --addresses`: a CSV with columns `vmid,address`
 * (vmid may also be a Proxmox VE node name; address may hold several, separated by spaces), or
 * a JSON object mapping each vmid to its guest agent's `network-get-interfaces` answer
 * (loopback and link-local addresses are left out). Keys are vmids (or node names) as text.
 */
export function readAddresses(
  text: string,
):
  | { ok: true; addresses: ReadonlyMap<string, readonly string[]> }
  | { ok: false; errors: string[] } {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  const errors: string[] = [];
  const map = new Map<string, string[]>();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = parseJson(trimmed);
    if (!json.ok) return { ok: false, errors: [json.error] };
    if (!isRecord(json.value)) {
      return {
        ok: false,
        errors: ['expected a JSON object mapping each vmid to its network-get-interfaces answer'],
      };
    }
    for (const [key, value] of Object.entries(json.value)) {
      if (!/^\d{3,9}$/.test(key)) {
        errors.push(`key ${quoteValue(key)}: not a Proxmox VE VM id`);
        continue;
      }
      map.set(key, agentAddresses(value, `vmid ${key}`, errors));
    }
    return errors.length ? { ok: false, errors } : { ok: true, addresses: map };
  }
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(trimmed, {
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as typeof rows;
  } catch (e) {
    return { ok: false, errors: [`not valid CSV or JSON: ${(e as Error).message}`] };
  }
  const [header, ...data] = rows;
  const columns = header?.record.map((c) => c.toLowerCase()) ?? [];
  const vi = columns.indexOf('vmid');
  const ai = columns.indexOf('address');
  if (vi < 0 || ai < 0) {
    return { ok: false, errors: ['line 1: expected a header line "vmid,address"'] };
  }
  for (const row of data) {
    const line = `line ${row.info.lines}`;
    const key = row.record[vi] ?? '';
    if (key === '' || checkDisplayText(key, 'vmid') !== null) {
      errors.push(`${line}: vmid ${quoteValue(key)} is not a VM id or node name`);
      continue;
    }
    const { addresses, errors: problems } = checkAddresses(row.record[ai] ?? '');
    for (const p of problems) errors.push(`${line}: ${p}`);
    map.set(key, [...(map.get(key) ?? []), ...addresses]);
  }
  return errors.length ? { ok: false, errors } : { ok: true, addresses: map };
}
