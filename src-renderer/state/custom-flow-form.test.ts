// The custom-flow form's validation and the plan edits behind it (add, replace, remove, acknowledge).
import { describe, expect, it } from 'vitest';
import { restorePlan } from '../../src-core/plan/restore';
import { getCatalog } from '../../src-core/catalog/registry';
import { computeFlows } from '../../src-core/flows/engine';
import type { Plan } from '../../src-core/plan/types';
import { samplePlan } from './samples';
import { draftOf, flowOf, validateDraft, type CustomFlowDraft } from './custom-flow-form';
import {
  customFlowId,
  removeCustomFlow,
  removeElements,
  setAcknowledged,
  upsertCustomFlow,
} from './plan-edits';
import { validateMembers, validateAddresses } from './field-validation';

const plan: Plan = samplePlan();
const draft = (over: Partial<CustomFlowDraft> = {}): CustomFlowDraft => ({
  id: 'vbr-apps',
  from: 'vbr',
  to: 'apps',
  protocol: 'tcp',
  ports: '9100',
  purpose: 'Scrape',
  justification: 'CHG-1',
  owner: '',
  expires: '',
  ...over,
});

describe('custom-flow form', () => {
  it('accepts a valid draft and saves a flow the plan schema accepts', () => {
    expect(validateDraft(draft(), plan)).toEqual({});
    const next = upsertCustomFlow(plan, flowOf(draft({ owner: ' ops ', expires: '2027-01-31' })));
    expect(next.customFlows?.at(-1)).toEqual({
      id: 'vbr-apps',
      from: 'vbr',
      to: 'apps',
      protocol: 'tcp',
      ports: '9100',
      purpose: 'Scrape',
      justification: 'CHG-1',
      owner: 'ops',
      expires: '2027-01-31',
    });
    expect(restorePlan(next).ok).toBe(true);
  });

  it('names every invalid field', () => {
    const errors = validateDraft(
      draft({
        id: 'ntp',
        to: 'vbr',
        ports: '0',
        purpose: ' ',
        justification: '',
        expires: '2027-13-01',
        owner: 'a\u202eb',
      }),
      plan,
    );
    expect(Object.keys(errors).sort()).toEqual([
      'expires',
      'id',
      'justification',
      'owner',
      'ports',
      'purpose',
      'to',
    ]);
    expect(errors.id).toContain('"ntp"');
    // Editing a flow keeps its own id.
    const own = plan.customFlows![0]!;
    expect(validateDraft(draftOf(own), plan, own.id)).toEqual({});
  });

  it('ids are free; replace keeps the place; remove drops the field when empty', () => {
    expect(customFlowId(plan, 'vbr', 'apps')).toBe('vbr-apps');
    expect(customFlowId(plan, 'pve1', 'vbr')).toBe('pve1-vbr');
    const own = plan.customFlows![0]!;
    const edited = upsertCustomFlow(plan, { ...own, ports: '124' }, own.id);
    expect(edited.customFlows).toEqual([{ ...own, ports: '124' }]);
    const gone = removeCustomFlow(plan, own.id);
    expect('customFlows' in gone).toBe(false);
  });

  it('deleting a node takes its custom flows with it, so the plan stays valid', () => {
    const next = removeElements(plan, new Set(['pve1']), new Set());
    expect(next.customFlows).toEqual([]);
    expect(restorePlan(next).ok).toBe(true);
  });

  it('acknowledgements are set and cleared', () => {
    const w = { code: 'x', nodes: ['vbr'], reason: 'ok' };
    const acked = setAcknowledged(plan, [w]);
    expect(acked.acknowledgedWarnings).toEqual([w]);
    expect('acknowledgedWarnings' in setAcknowledged(acked, [])).toBe(false);
    expect(computeFlows(acked, getCatalog(plan.catalog)).warnings).toEqual([]);
  });
});

describe('group fields', () => {
  it('addresses take ranges; members take "name address" lines', () => {
    expect(validateAddresses('203.0.113.100-203.0.113.139')).toEqual({
      ok: true,
      value: ['203.0.113.100-203.0.113.139'],
    });
    expect(validateAddresses('203.0.113.139-203.0.113.100').ok).toBe(false);
    expect(validateMembers('web 01\t203.0.113.1\nweb-02, 2001:DB8::2\n\n')).toEqual({
      ok: true,
      value: [
        { name: 'web 01', address: '203.0.113.1' },
        { name: 'web-02', address: '2001:db8::2' },
      ],
    });
    const bad = validateMembers('web-01 203.0.113.0/24');
    expect(bad.ok ? '' : bad.error).toContain('Line 1');
  });
});
