// The PowerShell script's order, read back from the script: new rules under a fresh group first, the old set removed last.
import { describe, expect, it } from 'vitest';
import { computeFlows, getCatalog } from '../index';
import { mixedPlan } from './__fixtures__/plans';
import { maskPowerShell } from './__fixtures__/verify';
import { POWERSHELL_RULE_GROUPS, powershell } from './powershell';

const plan = mixedPlan();
const catalog = getCatalog(plan.catalog);
const files = powershell.render({
  plan,
  catalog,
  result: computeFlows(plan, catalog),
  options: {},
}).files;

/** Top-level statements of a script (comments and strings masked), with the line they start on. */
function statements(src: string): { line: number; text: string }[] {
  const masked = maskPowerShell(src).split('\n');
  const out: { line: number; text: string }[] = [];
  let depth = 0;
  let current: { line: number; text: string } | null = null;
  masked.forEach((raw, i) => {
    const text = raw.trim();
    if (text === '' && depth === 0 && !current) return;
    if (!current) current = { line: i, text: '' };
    current.text += `${text}\n`;
    for (const c of text) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
    if (depth === 0 && !text.endsWith('`')) {
      if (current.text.trim()) out.push(current);
      current = null;
    }
  });
  return out;
}

/**
 * Runs the script's group logic against a fake rule store: the statements the script is made
 * of, interpreted for the handful of forms it uses. `failAt` makes the n-th New-NetFirewallRule
 * throw, as a midway failure would.
 */
function simulate(src: string, store: Map<string, string>, failAt?: number): void {
  const groups = [...POWERSHELL_RULE_GROUPS] as string[];
  const inGroup = (g: string) => [...store].filter(([, group]) => group === g).map(([n]) => n);
  const remove = (names: string[]) => names.forEach((n) => store.delete(n));
  let fresh = '';
  let created = 0;
  const body = statements(src);
  const run = (text: string): void => {
    if (text.startsWith('$live =')) return;
    if (text.startsWith('if ($live.Count')) {
      fresh = inGroup(groups[0]!).length > 0 ? groups[1]! : groups[0]!;
    } else if (text.startsWith('$stale =')) {
      remove(inGroup(fresh));
    } else if (text.startsWith('if ($stale.Count')) {
      // done with $stale above
    } else if (text.startsWith('try {')) {
      const inner = text.slice(text.indexOf('{') + 1, text.indexOf('} catch'));
      try {
        for (const cmd of inner.split('New-NetFirewallRule').slice(1)) {
          created++;
          if (created === failAt) throw new Error('midway failure');
          const n = /-Name \(\$fresh \+ ''\)/.test(cmd) ? 'x' : `${fresh}${created}`;
          expect(cmd).toContain('-Group $fresh');
          store.set(n, fresh);
        }
      } catch (e) {
        // The catch block: remove the fresh group, rethrow.
        expect(text).toMatch(
          /\} catch \{\s*Get-NetFirewallRule -Group \$fresh[^\n]*Remove-NetFirewallRule\s*throw\s*\}/,
        );
        remove(inGroup(fresh));
        throw e;
      }
    } else if (text.startsWith('$old =')) {
      remove(groups.filter((g) => g !== fresh).flatMap(inGroup));
    }
  };
  for (const s of body) run(s.text);
}

describe('PowerShell script order', () => {
  const file = files.find((f) => f.node === 'win')!;

  it('adds the new rules under a fresh group before it removes the old group', () => {
    const list = statements(file.content).map((s) => s.text.split('\n')[0]!);
    const first = (re: RegExp) => list.findIndex((t) => re.test(t));
    const tryAt = first(/^try \{/);
    const oldAt = first(/^\$old = /);
    expect(first(/^\$stale = /)).toBeLessThan(tryAt);
    expect(tryAt).toBeGreaterThan(0);
    expect(oldAt).toBeGreaterThan(tryAt);
    // Nothing removes the live set before the try block: only the fresh group's leftovers.
    const before = statements(file.content)
      .slice(0, tryAt)
      .map((s) => s.text)
      .join('');
    expect(before).not.toMatch(/\$old|\$live \| Remove/);
    expect(file.content.match(/New-NetFirewallRule/g)?.length).toBeGreaterThan(0);
  });

  it('a failure midway keeps the earlier set; a success replaces it; re-runs alternate groups', () => {
    const rules = file.content.match(/^ {2}New-NetFirewallRule/gm)!.length;
    const store = new Map<string, string>([
      ['legacy1', 'Portolan'],
      ['legacy2', 'Portolan'],
    ]);
    simulate(file.content, store);
    expect([...store.values()]).toEqual(Array(rules).fill('Portolan-B'));
    const live = new Map(store);
    if (rules > 1) {
      expect(() => simulate(file.content, store, rules)).toThrow('midway failure');
      expect(store).toEqual(live);
    }
    simulate(file.content, store);
    expect([...store.values()]).toEqual(Array(rules).fill('Portolan'));
  });

  it('names every rule after the fresh group, unique within the file', () => {
    const names = [...file.content.matchAll(/-Name \(\$fresh \+ '(-\d+)'\)/g)].map((m) => m[1]);
    expect(names.length).toBe(file.content.match(/^ {2}New-NetFirewallRule/gm)!.length);
    expect(new Set(names).size).toBe(names.length);
  });
});
