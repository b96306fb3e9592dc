// Inventory import (CSV, Proxmox VE cluster resources): readers and the merge into a plan.
export { readHostsCsv, CSV_REQUIRED_COLUMNS, CSV_OPTIONAL_COLUMNS, MAX_IMPORT_ROWS } from './csv';
export { readPveResources, readAddresses } from './pve';
export { mergeImport, importSummary, emptyPlan, uniqueId } from './merge';
export type { ImportedHost, ImportRead, ImportChange } from './types';
