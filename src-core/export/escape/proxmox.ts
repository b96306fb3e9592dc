// Proxmox VE firewall escaping: alias/IPSet/group names and rule comments.
import { oneLine, safeName } from './text';

/** Proxmox VE security group names are at most 18 characters. */
export const PROXMOX_GROUP_MAX = 18;
/** Aliases and IP sets: Proxmox allows longer names; 64 keeps files readable. */
export const PROXMOX_NAME_MAX = 64;

/**
 * A name Proxmox VE accepts for an alias, IP set or security group (`[A-Za-z][A-Za-z0-9_-]+`),
 * at most `max` characters. A name that had to change carries a hash of the original.
 */
export function proxmoxName(raw: string, max: number = PROXMOX_NAME_MAX): string {
  return safeName(raw, /[A-Za-z0-9_-]/, max, '-');
}

/** Text after `#` on a rule or section line: one line, no controls. */
export function proxmoxComment(s: string, max?: number): string {
  return oneLine(s, max);
}
