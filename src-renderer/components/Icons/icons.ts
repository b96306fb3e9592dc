// Portolan's icon set: 24×24 stroke drawings (currentColor) for component types and UI actions.

/** One drawn shape: an SVG path, stroked by default, or filled with currentColor. */
export interface IconShape {
  readonly d: string;
  readonly fill?: boolean;
}

/** A circle as a path, so every icon is a list of paths. */
function circle(cx: number, cy: number, r: number): string {
  return `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0Z`;
}

/** A rounded rectangle as a path. */
function rrect(x: number, y: number, w: number, h: number, r: number): string {
  return (
    `M${x + r} ${y}h${w - 2 * r}a${r} ${r} 0 0 1 ${r} ${r}v${h - 2 * r}` +
    `a${r} ${r} 0 0 1 ${-r} ${r}h${-(w - 2 * r)}a${r} ${r} 0 0 1 ${-r} ${-r}` +
    `v${-(h - 2 * r)}a${r} ${r} 0 0 1 ${r} ${-r}Z`
  );
}

/** Database cylinder body (top ellipse drawn separately). */
function cylinder(x: number, y: number, w: number, h: number): IconShape[] {
  const rx = w / 2;
  const ry = 2.5;
  return [
    { d: `M${x} ${y}a${rx} ${ry} 0 1 0 ${w} 0a${rx} ${ry} 0 1 0 ${-w} 0Z` },
    { d: `M${x} ${y}v${h}a${rx} ${ry} 0 0 0 ${w} 0v${-h}` },
    { d: `M${x} ${y + h / 2}a${rx} ${ry} 0 0 0 ${w} 0` },
  ];
}

/** Monitor frame used by the guest icons. */
const MONITOR: IconShape[] = [{ d: rrect(2.5, 3.5, 19, 13, 2) }, { d: 'M8.5 20.5h7M12 16.5v4' }];

/** Four-pane window mark (Windows guests). */
function panes(x: number, y: number, s: number): IconShape[] {
  const h = s / 2 - 0.6;
  return [
    { d: rrect(x, y, h, h, 0.4), fill: true },
    { d: rrect(x + s / 2 + 0.6, y, h, h, 0.4), fill: true },
    { d: rrect(x, y + s / 2 + 0.6, h, h, 0.4), fill: true },
    { d: rrect(x + s / 2 + 0.6, y + s / 2 + 0.6, h, h, 0.4), fill: true },
  ];
}

/** Icons for component type ids; `TYPE_FALLBACK` covers types added by later catalogs. */
export const TYPE_ICONS: Readonly<Record<string, readonly IconShape[]>> = {
  'backup-server': [
    { d: rrect(3.5, 3, 13, 7, 1.5) },
    { d: rrect(3.5, 12, 13, 7, 1.5) },
    { d: 'M6.5 6.5h1M6.5 15.5h1M10 6.5h3.5' },
    { d: 'M20.5 11.5a4.5 4.5 0 1 1-1.3-3.2M20.5 6.5v2.6h-2.6' },
  ],
  worker: [
    { d: circle(12, 12, 3) },
    {
      d: 'M12 2.8v2.4M12 18.8v2.4M2.8 12h2.4M18.8 12h2.4M5.5 5.5l1.7 1.7M16.8 16.8l1.7 1.7M5.5 18.5l1.7-1.7M16.8 7.2l1.7-1.7',
    },
    { d: circle(12, 12, 6.6) },
  ],
  'pve-server': [
    { d: rrect(2.5, 13, 19, 7.5, 1.5) },
    { d: 'M6 16.75h1.5M10 16.75h8' },
    { d: rrect(3.5, 4, 4.5, 5.5, 1) },
    { d: rrect(9.75, 4, 4.5, 5.5, 1) },
    { d: rrect(16, 4, 4.5, 5.5, 1) },
    { d: 'M5.75 9.5V13M12 9.5V13M18.25 9.5V13' },
  ],
  'backup-repository': [...cylinder(4.5, 5, 15, 13), { d: 'M12 9.5v6M9.5 13l2.5 2.5 2.5-2.5' }],
  'update-repository': [
    { d: 'M7 18.5a4.5 4.5 0 0 1-.6-8.96A6 6 0 0 1 18 8.5a4 4 0 0 1-.5 10' },
    { d: 'M12 11v9M9 17l3 3 3-3' },
  ],
  'flr-helper': [
    { d: 'M3 6.5a1.5 1.5 0 0 1 1.5-1.5h4l2 2.5h8a1.5 1.5 0 0 1 1.5 1.5v3' },
    { d: 'M3 6.5v11a1.5 1.5 0 0 0 1.5 1.5h6.5' },
    { d: circle(16, 16, 3.5) },
    { d: 'M18.5 18.5l2.5 2.5' },
  ],
  'guest-interaction-proxy': [
    { d: rrect(8, 7, 8, 10, 1.5) },
    { d: 'M2.5 10h5.5M5.5 7.5l2.5 2.5-2.5 2.5' },
    { d: 'M16 14h5.5M18.5 11.5l3 2.5-3 2.5' },
    { d: 'M10.5 10.5h3M10.5 13.5h3' },
  ],
  'log-shipping-server': [
    { d: 'M6 2.5h8l4.5 4.5v6' },
    { d: 'M6 2.5a1.5 1.5 0 0 0-1.5 1.5v15A1.5 1.5 0 0 0 6 20.5h6' },
    { d: 'M14 2.5V7h4.5M8 10h6M8 13.5h4' },
    { d: 'M14.5 18h7M18.5 15l3 3-3 3' },
  ],
  'linux-guest': [...MONITOR, { d: 'M6.5 7.5l3 2.5-3 2.5M11.5 12.5h5' }],
  'windows-guest': [...MONITOR, ...panes(8, 6, 8)],
  'mssql-guest': [...MONITOR, ...cylinder(8.5, 7.2, 7, 5.5)],
  'oracle-windows-guest': [
    ...MONITOR,
    { d: 'M6 10a6 3.2 0 1 0 12 0a6 3.2 0 1 0 -12 0Z' },
    ...panes(10.3, 8.3, 3.4),
  ],
  'oracle-linux-guest': [
    ...MONITOR,
    { d: 'M6 10a6 3.2 0 1 0 12 0a6 3.2 0 1 0 -12 0Z' },
    { d: 'M10 8.8l1.6 1.2-1.6 1.2M12.6 11.2h1.6' },
  ],
  'postgresql-guest': [
    ...MONITOR,
    ...cylinder(7, 7.2, 7, 5.5),
    { d: 'M14 9.5c2 0 3.5 .8 3.5 2.6v1.6' },
  ],
};

/** Generic host, for types without a drawn icon. */
export const TYPE_FALLBACK: readonly IconShape[] = [
  { d: rrect(4, 3, 16, 18, 2) },
  { d: 'M8 7.5h8M8 11h8M8 14.5h5' },
];

/** Visual family of a component type: tints its icon tile and node accent. */
export type TypeFamily = 'infra' | 'storage' | 'guest' | 'internet';

const FAMILY: Readonly<Record<string, TypeFamily>> = {
  'backup-server': 'infra',
  worker: 'infra',
  'pve-server': 'infra',
  'guest-interaction-proxy': 'infra',
  'flr-helper': 'infra',
  'log-shipping-server': 'infra',
  'backup-repository': 'storage',
  'update-repository': 'internet',
};

/** Family of a type id; guests are anything ending in "-guest". */
export function typeFamily(typeId: string): TypeFamily {
  return FAMILY[typeId] ?? (typeId.endsWith('-guest') ? 'guest' : 'infra');
}

/** UI icons of the toolbar, panels and menus. */
export const UI_ICONS = {
  undo: [{ d: 'M9 14L4 9l5-5' }, { d: 'M4 9h10.5a5.5 5.5 0 0 1 0 11H11' }],
  redo: [{ d: 'M15 14l5-5-5-5' }, { d: 'M20 9H9.5a5.5 5.5 0 0 0 0 11H13' }],
  layout: [
    { d: rrect(3, 3, 7, 5, 1) },
    { d: rrect(14, 10, 7, 5, 1) },
    { d: rrect(3, 16, 7, 5, 1) },
    { d: 'M10 5.5h2a2 2 0 0 1 2 2v5M10 18.5h2a2 2 0 0 0 2-2v-4' },
  ],
  fit: [
    {
      d: 'M4 9V5a1 1 0 0 1 1-1h4M15 4h4a1 1 0 0 1 1 1v4M20 15v4a1 1 0 0 1-1 1h-4M9 20H5a1 1 0 0 1-1-1v-4',
    },
    { d: rrect(8.5, 8.5, 7, 7, 1) },
  ],
  sun: [
    { d: circle(12, 12, 4) },
    {
      d: 'M12 2.5v2M12 19.5v2M2.5 12h2M19.5 12h2M5.3 5.3l1.4 1.4M17.3 17.3l1.4 1.4M5.3 18.7l1.4-1.4M17.3 6.7l1.4-1.4',
    },
  ],
  moon: [{ d: 'M20 14.5A8 8 0 1 1 9.5 4a6.5 6.5 0 0 0 10.5 10.5Z' }],
  monitor: [...MONITOR],
  export: [
    { d: 'M12 3v12M7.5 7.5L12 3l4.5 4.5' },
    { d: 'M5 13v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6' },
  ],
  report: [
    {
      d: 'M6 2.5h8l4.5 4.5v13a1.5 1.5 0 0 1-1.5 1.5H6a1.5 1.5 0 0 1-1.5-1.5V4A1.5 1.5 0 0 1 6 2.5Z',
    },
    { d: 'M14 2.5V7h4.5M8 12h8M8 15.5h8M8 8.5h3' },
  ],
  library: [
    { d: rrect(3, 4, 5, 16, 1) },
    { d: rrect(9.5, 4, 5, 16, 1) },
    { d: 'M16.5 5.2l4.2-1.1 3 15.4-4.2 1.1Z' },
  ],
  search: [{ d: circle(10.5, 10.5, 6) }, { d: 'M15 15l5.5 5.5' }],
  plus: [{ d: 'M12 5v14M5 12h14' }],
  close: [{ d: 'M6 6l12 12M18 6L6 18' }],
  trash: [
    { d: 'M4 6.5h16M9.5 6.5V4.5a1 1 0 0 1 1-1h3a1 1 0 0 1 1 1v2' },
    { d: 'M6 6.5l1 13a1.5 1.5 0 0 0 1.5 1.4h7a1.5 1.5 0 0 0 1.5-1.4l1-13M10 10.5v6.5M14 10.5v6.5' },
  ],
  warning: [
    { d: 'M10.3 3.9L2.4 17.5A2 2 0 0 0 4.1 20.5h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z' },
    { d: 'M12 9v4.5M12 17h.01' },
  ],
  info: [{ d: circle(12, 12, 9) }, { d: 'M12 11v5.5M12 7.5h.01' }],
  zone: [{ d: rrect(3, 3, 18, 18, 3) }, { d: 'M3 9h18' }, { d: 'M7 6h.01M10 6h.01' }],
  flows: [{ d: 'M4 7h13M13.5 3.5L17 7l-3.5 3.5' }, { d: 'M20 17H7M10.5 13.5L7 17l3.5 3.5' }],
  inspector: [{ d: rrect(3.5, 3.5, 17, 17, 2) }, { d: 'M7.5 8h9M7.5 12h9M7.5 16h5' }],
  copy: [
    { d: rrect(8, 8, 12.5, 12.5, 2) },
    { d: 'M16 8V5.5A2 2 0 0 0 14 3.5H5.5a2 2 0 0 0-2 2V14a2 2 0 0 0 2 2H8' },
  ],
  duplicate: [
    { d: rrect(8, 8, 12.5, 12.5, 2) },
    { d: 'M16 8V5.5A2 2 0 0 0 14 3.5H5.5a2 2 0 0 0-2 2V14a2 2 0 0 0 2 2H8' },
    { d: 'M14.25 11.5v5.5M11.5 14.25h5.5' },
  ],
  link: [
    { d: 'M10 14a4.5 4.5 0 0 0 6.4 0l3.2-3.2a4.5 4.5 0 0 0-6.4-6.4L12 5.6' },
    { d: 'M14 10a4.5 4.5 0 0 0-6.4 0l-3.2 3.2a4.5 4.5 0 0 0 6.4 6.4L12 18.4' },
  ],
  select: [{ d: 'M4 4l6.5 16 2.3-6.7L19.5 11Z' }],
  sample: [
    { d: 'M9 3.5h6M10 3.5v5.2L4.6 18a1.8 1.8 0 0 0 1.6 2.5h11.6a1.8 1.8 0 0 0 1.6-2.5L14 8.7V3.5' },
    { d: 'M7 14.5h10' },
  ],
  chevronDown: [{ d: 'M6 9l6 6 6-6' }],
  sortAsc: [{ d: 'M12 5v14M6.5 10.5L12 5l5.5 5.5' }],
  sortDesc: [{ d: 'M12 5v14M6.5 13.5L12 19l5.5-5.5' }],
  check: [{ d: 'M5 12.5l4.5 4.5L19 7.5' }],
  file: [
    {
      d: 'M6 2.5h8l4.5 4.5v13a1.5 1.5 0 0 1-1.5 1.5H6a1.5 1.5 0 0 1-1.5-1.5V4A1.5 1.5 0 0 1 6 2.5Z',
    },
    { d: 'M14 2.5V7h4.5' },
  ],
  save: [
    {
      d: 'M5 3.5h11l3.5 3.5v12a1.5 1.5 0 0 1-1.5 1.5H5A1.5 1.5 0 0 1 3.5 19V5A1.5 1.5 0 0 1 5 3.5Z',
    },
    { d: 'M7.5 3.5v5h8v-5M7.5 20.5v-6h9v6' },
  ],
  open: [
    { d: 'M3.5 6.5A1.5 1.5 0 0 1 5 5h4l2 2h8a1.5 1.5 0 0 1 1.5 1.5V9' },
    { d: 'M3.5 6.5V18a1.5 1.5 0 0 0 1.5 1.5h13l3-9H6.5l-3 8' },
  ],
  import: [
    { d: 'M12 3v11M7.5 9.5L12 14l4.5-4.5' },
    { d: 'M5 15v4a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-4' },
  ],
} satisfies Record<string, readonly IconShape[]>;

/** Name of a UI icon. */
export type UiIconName = keyof typeof UI_ICONS;

/** Short text glyphs of the component types, drawn instead of icons when zoomed out. */
const GLYPHS: Record<string, string> = {
  'backup-server': 'VBR',
  worker: 'WRK',
  'pve-server': 'PVE',
  'backup-repository': 'REPO',
  'update-repository': 'UPD',
  'ntp-server': 'NTP',
  'flr-helper': 'FLR',
  'guest-interaction-proxy': 'GIP',
  'log-shipping-server': 'LOG',
  'linux-guest': 'LNX',
  'windows-guest': 'WIN',
  'mssql-guest': 'SQL',
  'oracle-windows-guest': 'ORA',
  'oracle-linux-guest': 'ORA',
  'postgresql-guest': 'PG',
};

/** The glyph of a type: its abbreviation, or the initials of its id's words (at most 3). */
export function typeGlyph(typeId: string): string {
  return (
    GLYPHS[typeId] ??
    typeId
      .split(/[^a-z0-9]+/i)
      .filter(Boolean)
      .slice(0, 3)
      .map((w) => w[0]!.toUpperCase())
      .join('')
  );
}
