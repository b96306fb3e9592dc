// The change-request form's plan edits: trimming, defaults, no-op detection, approver lists.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src-core/plan/types';
import { reportFileName } from '../ReportPreview/report-file-name';
import { setChangeRequestField, toLocalInput } from './change-request-edit';

const plan: Plan = {
  format: 'portolan-plan',
  version: 1,
  name: 'P',
  catalog: 'vbr12-pve',
  options: {},
  zones: [],
  nodes: [],
  connections: [],
};

describe('setChangeRequestField', () => {
  it('sets, trims and removes fields; drops an empty change request', () => {
    const a = setChangeRequestField(plan, 'number', '  CHG-1 ');
    expect(a.changeRequest).toEqual({ number: 'CHG-1' });
    const b = setChangeRequestField(a, 'number', '');
    expect(b.changeRequest).toBeUndefined();
    expect('changeRequest' in b).toBe(false);
  });

  it('returns the same plan when nothing changes (no undo step)', () => {
    const a = setChangeRequestField(plan, 'title', 'T');
    expect(setChangeRequestField(a, 'title', ' T ')).toBe(a);
    expect(setChangeRequestField(plan, 'title', '')).toBe(plan);
    expect(setChangeRequestField(plan, 'approvers', ' \n ')).toBe(plan);
  });

  it('stores nothing while a long text equals its suggested text', () => {
    expect(setChangeRequestField(plan, 'justification', 'Default.\n', 'Default.')).toBe(plan);
    const own = setChangeRequestField(plan, 'justification', 'Line 1\n\nLine 2\n', 'Default.');
    expect(own.changeRequest?.justification).toBe('Line 1\n\nLine 2');
  });

  it('splits approvers on lines, commas and semicolons', () => {
    const a = setChangeRequestField(plan, 'approvers', 'Ann, Bob\nCy; ');
    expect(a.changeRequest?.approvers).toEqual(['Ann', 'Bob', 'Cy']);
    expect(setChangeRequestField(a, 'approvers', 'Ann\nBob\nCy')).toBe(a);
  });

  it('keeps other fields and the override choice', () => {
    const a = setChangeRequestField(setChangeRequestField(plan, 'risk', 'high'), 'number', 'X');
    expect(a.changeRequest).toEqual({ risk: 'high', number: 'X' });
    expect(setChangeRequestField(a, 'risk', '').changeRequest).toEqual({ number: 'X' });
  });
});

describe('helpers', () => {
  it('formats datetime-local values and file names', () => {
    expect(toLocalInput('2026-12-01T22:00:00Z')).toBe('2026-12-01T22:00');
    expect(toLocalInput('garbage')).toBe('');
    expect(reportFileName(' CHG 42/7 ', 'Plan')).toBe('CHG-42-7-change-request');
    expect(reportFileName('', 'Site Zürich <main>')).toBe('Site-Zurich-main-change-request');
    expect(reportFileName('', '../..')).toBe('plan-change-request');
  });
});
