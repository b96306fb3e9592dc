// Plans for the report tests: a synthetic large plan with unique ports per row, a hostile plan.
import type { Plan, PlanNode } from '../../plan/types';

function node(partial: Partial<PlanNode> & Pick<PlanNode, 'id' | 'type' | 'name'>): PlanNode {
  return {
    addresses: [],
    extraRoles: [],
    options: {},
    position: { x: 0, y: 0 },
    ...partial,
  };
}

/**
 * One backup server and `guests` Linux guests in another zone. Each guest overrides its SSH
 * port and data-mover range to values no other guest uses, so every flow row of the document
 * carries a unique port text (2 flows per guest).
 */
export function syntheticPlan(guests: number): Plan {
  const nodes: PlanNode[] = [
    node({
      id: 'vbr',
      type: 'backup-server',
      name: 'VBR-MAIN',
      hostname: 'vbr.example.net',
      addresses: ['192.0.2.10'],
      zone: 'mgmt',
      position: { x: 0, y: 0 },
    }),
  ];
  for (let i = 1; i <= guests; i++) {
    const n = String(i).padStart(4, '0');
    nodes.push(
      node({
        id: `g${n}`,
        type: 'linux-guest',
        name: `VM-${n}`,
        addresses: [`203.0.113.${(i % 250) + 1}`],
        zone: 'servers',
        options: {
          portOverrides: {
            ssh: String(10000 + i),
            'data-mover': `${20000 + 2 * i}-${20001 + 2 * i}`,
          },
        },
        position: { x: 300 + (i % 20) * 200, y: Math.floor(i / 20) * 80 },
      }),
    );
  }
  return {
    format: 'portolan-plan',
    version: 1,
    name: `Synthetic ${guests} guests`,
    catalog: 'vbr12-pve',
    options: {},
    zones: [
      { id: 'mgmt', name: 'Management', cidrs: ['192.0.2.0/24'] },
      { id: 'servers', name: 'Servers', cidrs: ['203.0.113.0/24'] },
    ],
    nodes,
    connections: nodes.slice(1).map((g, i) => ({ id: `c${i + 1}`, from: 'vbr', to: g.id })),
    changeRequest: { number: 'CHG-500', title: 'Synthetic load test' },
  };
}

/** Strings that try to break out of HTML, CSS, SVG, Markdown tables and shells. */
export const HOSTILE = {
  script: '<script>alert(1)</script>',
  attr: '"><img src=x onerror=alert(2)>',
  style: '</style><script>alert(3)</script>',
  css: '"; } body { display: none } @import "http://evil.example/x.css"; /*',
  md: '| x | y |\n# heading [link](javascript:alert(4))',
  shell: 'host; rm -rf / #',
} as const;

/** A small valid plan whose every free-text field is hostile. */
export function hostilePlan(): Plan {
  return {
    format: 'portolan-plan',
    version: 1,
    name: HOSTILE.script,
    catalog: 'vbr12-pve',
    options: {},
    zones: [
      {
        id: 'a',
        name: HOSTILE.attr,
        cidrs: ['192.0.2.0/24'],
        color: '"/><script>alert(5)</script>',
      },
      { id: 'b', name: HOSTILE.style, cidrs: ['198.51.100.0/24'] },
    ],
    nodes: [
      node({
        id: 'vbr',
        type: 'backup-server',
        name: HOSTILE.script,
        hostname: HOSTILE.shell,
        addresses: ['192.0.2.10'],
        zone: 'a',
      }),
      node({
        id: 'w1',
        type: 'worker',
        name: HOSTILE.md,
        hostname: HOSTILE.shell,
        addresses: [],
        zone: 'b',
        position: { x: 300, y: 0 },
      }),
    ],
    connections: [{ id: 'c1', from: 'vbr', to: 'w1' }],
    changeRequest: {
      number: HOSTILE.css,
      title: HOSTILE.style,
      requester: HOSTILE.attr,
      approvers: [HOSTILE.script, HOSTILE.md],
      justification: `${HOSTILE.script}\n\n${HOSTILE.md}`,
      rollbackPlan: HOSTILE.style,
    },
  };
}
