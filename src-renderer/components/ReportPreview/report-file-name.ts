// Suggested file names of the exported change-request document.
import { safeFileName } from '../../../src-core/util/file-name';

/** "CHG-42-change-request" from the change number, else from the plan name; safe on every OS. */
export function reportFileName(changeNumber: string, planName: string): string {
  const base = (changeNumber.trim() || planName.trim())
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60);
  return safeFileName(base, '-change-request');
}
