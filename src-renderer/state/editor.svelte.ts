// Editor state and actions: selection, side-panel tab, dialogs, clipboard and every edit the
/* eslint-disable svelte/prefer-svelte-reactivity -- sets and maps here are immutable snapshots rebuilt per change (the $state.raw pattern), never mutated reactively */
// screen offers, each one an undoable PlanStore.apply. Components call these; none edits a plan.
import { findCatalog } from '../../src-core/catalog/registry';
import type { Catalog, ComponentType, OptionValue } from '../../src-core/catalog/types';
import type { Flow, PlanWarning } from '../../src-core/flows/types';
import type { CustomFlow, Plan, PlanNode, Position } from '../../src-core/plan/types';
import { withAcknowledged, withoutAcknowledged } from '../../src-core/flows/acknowledge';
import type { ExternalFile, MenuCommand } from '../platform/platform';
import { layoutPlan, NODE_HEIGHT, NODE_WIDTH } from './auto-layout';
import { TEXT_NATIVE } from './commands';
import { counted } from './wording';
import type { PlanStore } from './plan-store.svelte';
import {
  addConnection,
  addNode,
  addZone,
  applyLayout,
  assignZone,
  connectionRefusal,
  extractFragment,
  GRID,
  insertFragment,
  customFlowId,
  removeCustomFlow,
  removeElements,
  setAcknowledged,
  upsertCustomFlow,
  removeZone,
  updateNode,
  updateZone,
  moveWithDrop,
  type PlanFragment,
} from './plan-edits';
import { setNodeOption, setPlanOption, switchEdition } from './plan-settings';
import type { ThemeState } from './theme.svelte';
import type { ToastState } from './toasts.svelte';

/** Tabs of the side panel. */
export type SideTab = 'inspector' | 'flows' | 'warnings' | 'zones';

/** Dialogs the shell can show (mounted by App.svelte). */
export type DialogId = 'export' | 'report' | 'library' | 'about' | 'custom-flow' | 'import' | null;

/** What the canvas exposes to the editor (set by Canvas.svelte once xyflow is ready). */
export interface CanvasApi {
  /** Flow coordinates of the visible centre. */
  centre(): Position;
  /** Zoom to the given nodes (all when none); `instant` skips the animation. */
  fit(nodeIds?: readonly string[], options?: { readonly instant?: boolean }): void;
  zoomIn(): void;
  zoomOut(): void;
  /** Current on-canvas positions (may differ from the plan while dragging). */
  positions(): ReadonlyMap<string, Position>;
  /** Move keyboard focus to a node's element. */
  focusNode(id: string): void;
  /** Move keyboard focus to the canvas itself (no node left to focus). */
  focusCanvas(): void;
}

/** File actions; the storage/platform engineers may replace them (see App.svelte header). */
export interface FileActions {
  newPlan(): void | Promise<void>;
  open(): void | Promise<void>;
  save(): void | Promise<void>;
  saveAs(): void | Promise<void>;
  /** A plan file dropped on the window or passed by the OS. */
  openExternal(file: ExternalFile): void;
}

/** Selected plan elements. */
export interface Selection {
  readonly nodes: ReadonlySet<string>;
  readonly connections: ReadonlySet<string>;
}

const EMPTY: Selection = { nodes: new Set(), connections: new Set() };

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** Flows indexed by node and connection id, for inspectors (built once per result). */
export interface FlowIndex {
  readonly byNode: ReadonlyMap<string, readonly Flow[]>;
  readonly byConnection: ReadonlyMap<string, readonly Flow[]>;
  readonly warningsByNode: ReadonlyMap<string, readonly PlanWarning[]>;
  /** Connection id → why no rule covers it. */
  readonly uncovered: ReadonlyMap<string, string>;
}

export class Editor {
  /** Current selection; replaced, never mutated. */
  selection = $state.raw<Selection>(EMPTY);
  /** Set by the canvas: applies a selection made outside it (warnings, tables, select all). */
  canvasSelection: ((selection: Selection) => void) | null = null;
  tab = $state<SideTab>('flows');
  dialog = $state<DialogId>(null);
  /** Ends proposed to the "Add custom flow" dialog (a connection's or node's), when it is open. */
  customFlowEnds = $state.raw<{ from: string; to: string } | null>(null);
  /** Zoom level reported by the canvas, for the status bar. */
  zoom = $state(1);
  /** True while an auto-layout runs. */
  layingOut = $state(false);
  canvas: CanvasApi | null = null;
  files: FileActions | null = null;

  #clipboard = $state.raw<PlanFragment | null>(null);
  #pasteCount = 0;
  /** Last command run from a key press, to ignore the native menu echoing the same accelerator. */
  #lastKey: { command: MenuCommand; at: number } | null = null;

  constructor(
    readonly store: PlanStore,
    readonly theme: ThemeState,
    readonly toasts: ToastState,
  ) {}

  get plan(): Plan {
    return this.store.plan;
  }
  get catalog(): Catalog {
    return this.store.catalog;
  }

  /** Node lookup by id for the current plan. */
  readonly nodesById: ReadonlyMap<string, PlanNode> = $derived.by(
    () => new Map(this.store.plan.nodes.map((n) => [n.id, n])),
  );
  /** Component types by id for the plan's catalog. */
  readonly typesById: ReadonlyMap<string, ComponentType> = $derived.by(
    () => new Map(this.store.catalog.componentTypes.map((t) => [t.id, t])),
  );

  readonly flowIndex: FlowIndex = $derived.by(() => {
    const byNode = new Map<string, Flow[]>();
    const byConnection = new Map<string, Flow[]>();
    const push = (m: Map<string, Flow[]>, k: string, f: Flow) => {
      const list = m.get(k);
      if (list) list.push(f);
      else m.set(k, [f]);
    };
    for (const f of this.store.result.flows) {
      push(byNode, f.from, f);
      if (f.to !== f.from) push(byNode, f.to, f);
      if (f.connection) push(byConnection, f.connection, f);
    }
    const warningsByNode = new Map<string, PlanWarning[]>();
    const uncovered = new Map<string, string>();
    for (const w of this.store.result.warnings) {
      // Acknowledged warnings stay in the Warnings panel only: no badge, no inspector count.
      if (w.acknowledged !== undefined) continue;
      for (const n of w.nodes) {
        const list = warningsByNode.get(n);
        if (list) list.push(w);
        else warningsByNode.set(n, [w]);
      }
      if (w.code === 'connection-not-covered') {
        for (const c of w.connections ?? []) uncovered.set(c, w.message);
      }
    }
    return { byNode, byConnection, warningsByNode, uncovered };
  });

  /** Name of a node for messages and tables (its id when unknown). */
  nodeName(id: string): string {
    return this.nodesById.get(id)?.name ?? id;
  }

  // ---- selection ---------------------------------------------------------------------------

  /** Selection changed on the canvas (xyflow); ignored when equal. */
  selectionFromCanvas(nodes: ReadonlySet<string>, connections: ReadonlySet<string>): void {
    if (sameSet(nodes, this.selection.nodes) && sameSet(connections, this.selection.connections)) {
      return;
    }
    this.selection = { nodes, connections };
  }

  /** Select elements from outside the canvas (warnings, tables, edits). */
  select(nodes: Iterable<string>, connections: Iterable<string> = [], reveal = false): void {
    this.selection = { nodes: new Set(nodes), connections: new Set(connections) };
    // Synchronously, so xyflow never reports its stale selection back before it sees this one.
    this.canvasSelection?.(this.selection);
    if (reveal && this.selection.nodes.size > 0) this.canvas?.fit([...this.selection.nodes]);
  }

  clearSelection(): void {
    this.select([]);
  }

  selectAll(): void {
    this.select(
      this.plan.nodes.map((n) => n.id),
      this.plan.connections.map((c) => c.id),
    );
  }

  /** Drop ids that no longer exist (after undo, delete). */
  pruneSelection(): void {
    const nodes = [...this.selection.nodes].filter((id) => this.nodesById.has(id));
    const conns = new Set(this.plan.connections.map((c) => c.id));
    const connections = [...this.selection.connections].filter((id) => conns.has(id));
    if (
      nodes.length !== this.selection.nodes.size ||
      connections.length !== this.selection.connections.size
    ) {
      this.selection = { nodes: new Set(nodes), connections: new Set(connections) };
    }
  }

  // ---- edits -------------------------------------------------------------------------------

  /** Add a node of a type with its top-left corner near `position` (flow coordinates). */
  addNodeAt(typeId: string, position: Position): string | null {
    const type = this.typesById.get(typeId);
    if (!type) {
      this.toasts.show(`Unknown component type "${typeId}".`, 'error');
      return null;
    }
    let id = '';
    this.store.apply(`Add ${type.label}`, (plan) => {
      const r = addNode(plan, this.catalog, typeId, this.#freeSpot(plan, position));
      id = r.id;
      return r.plan;
    });
    this.select([id]);
    this.toasts.show(`Added ${this.nodeName(id)}.`);
    return id;
  }

  /** Keyboard path: add a node at the centre of the visible canvas. */
  addNodeAtCentre(typeId: string): string | null {
    const c = this.canvas?.centre() ?? { x: 240, y: 160 };
    const id = this.addNodeAt(typeId, { x: c.x - NODE_WIDTH / 2, y: c.y - NODE_HEIGHT / 2 });
    if (id) this.tab = 'inspector';
    return id;
  }

  /** Move down-right by grid steps until no node sits exactly there, so adds never stack. */
  #freeSpot(plan: Plan, p: Position): Position {
    const taken = new Set(plan.nodes.map((n) => `${n.position.x},${n.position.y}`));
    let x = Math.round(p.x / GRID) * GRID;
    let y = Math.round(p.y / GRID) * GRID;
    for (let i = 0; i < 50 && taken.has(`${x},${y}`); i++) {
      x += GRID * 2;
      y += GRID * 2;
    }
    return { x, y };
  }

  /** Connect two nodes; refused (with a message) for self and duplicate connections. */
  connect(a: string, b: string): boolean {
    const refusal = connectionRefusal(this.plan, a, b);
    if (refusal) {
      this.toasts.show(refusal, 'error');
      return false;
    }
    let id = '';
    this.store.apply(`Connect ${this.nodeName(a)} – ${this.nodeName(b)}`, (plan) => {
      const r = addConnection(plan, a, b);
      id = r.id;
      return r.plan;
    });
    const reason = this.flowIndex.uncovered.get(id);
    if (reason) this.toasts.show(`Connected, but no catalog rule covers it: ${reason}`, 'error');
    else this.toasts.show(`Connected ${this.nodeName(a)} and ${this.nodeName(b)}.`);
    return true;
  }

  /**
   * Connect one node to several others as one undoable edit (Connect to…); refused pairs are
   * skipped and said. Returns how many connections were added.
   */
  connectMany(from: string, targets: readonly string[]): number {
    const refused: string[] = [];
    const ok: string[] = [];
    let plan = this.plan;
    for (const t of targets) {
      const refusal = connectionRefusal(plan, from, t);
      if (refusal) {
        refused.push(`${this.nodeName(t)}: ${refusal}`);
        continue;
      }
      plan = addConnection(plan, from, t).plan;
      ok.push(t);
    }
    if (ok.length > 0) {
      const label =
        ok.length === 1
          ? `Connect ${this.nodeName(from)} – ${this.nodeName(ok[0]!)}`
          : `Connect ${this.nodeName(from)} to ${ok.length} nodes`;
      this.store.apply(label, () => plan);
      this.toasts.show(
        `Connected ${this.nodeName(from)} to ${ok.map((t) => this.nodeName(t)).join(', ')}.`,
      );
    }
    if (refused.length > 0) this.toasts.show(`Not connected: ${refused.join(' ')}`, 'error');
    return ok.length;
  }

  /**
   * Commit on-canvas positions (drag end, keyboard moves) as one undoable move. Moved nodes dropped
   * inside a zone's frame join that zone in the same step.
   */
  commitPositions(positions: ReadonlyMap<string, Position>): void {
    const count = positions.size;
    let joined = new Map<string, string>();
    this.store.apply(count === 1 ? 'Move node' : `Move ${count} nodes`, (plan) => {
      const r = moveWithDrop(plan, positions);
      joined = r.joined;
      return r.plan;
    });
    if (joined.size > 0) {
      const zoneName = (id: string) => this.plan.zones.find((z) => z.id === id)?.name ?? id;
      const names = [...joined].map(([n, z]) => `${this.nodeName(n)} → ${zoneName(z)}`);
      this.toasts.show(`Zone set by drop: ${names.join(', ')}.`);
    }
  }

  deleteSelection(): void {
    const { nodes, connections } = this.selection;
    if (nodes.size === 0 && connections.size === 0) return;
    const count = nodes.size + connections.size;
    const label =
      nodes.size === 1 && connections.size === 0
        ? `Delete ${this.nodeName([...nodes][0] ?? '')}`
        : `Delete ${counted(count, 'item')}`;
    const next = this.#neighbourAfterDelete(nodes);
    this.store.apply(label, (plan) => removeElements(plan, nodes, connections));
    this.select([]);
    this.toasts.show(`Deleted ${counted(count, 'item')}.`);
    this.#focusAfterDelete(next);
  }

  deleteNode(id: string): void {
    const next = this.#neighbourAfterDelete(new Set([id]));
    this.store.apply(`Delete ${this.nodeName(id)}`, (plan) =>
      removeElements(plan, new Set([id]), new Set()),
    );
    this.pruneSelection();
    this.toasts.show(`Deleted 1 item.`);
    this.#focusAfterDelete(next);
  }

  deleteConnection(id: string): void {
    const c = this.plan.connections.find((x) => x.id === id);
    this.store.apply('Delete connection', (plan) => removeElements(plan, new Set(), new Set([id])));
    this.pruneSelection();
    this.toasts.show(`Deleted 1 item.`);
    this.#focusAfterDelete(c?.from ?? null);
  }

  /** The node nearest the first deleted one that survives the deletion (where focus goes). */
  #neighbourAfterDelete(deleted: ReadonlySet<string>): string | null {
    const first = [...deleted][0];
    const anchor = first ? this.nodesById.get(first) : undefined;
    if (!anchor) {
      const c = this.plan.connections.find((x) => this.selection.connections.has(x.id));
      return c?.from ?? null;
    }
    let best: string | null = null;
    let bestD = Infinity;
    for (const n of this.plan.nodes) {
      if (deleted.has(n.id)) continue;
      const d = Math.hypot(n.position.x - anchor.position.x, n.position.y - anchor.position.y);
      if (d < bestD) {
        bestD = d;
        best = n.id;
      }
    }
    return best;
  }

  /** After a deletion focus goes to the nearest node left, or the canvas itself, never the body. */
  #focusAfterDelete(nodeId: string | null): void {
    // After xyflow has rendered the new node list (it adopts it in its own effects).
    setTimeout(() => {
      if (nodeId && this.nodesById.has(nodeId)) this.canvas?.focusNode(nodeId);
      else this.canvas?.focusCanvas();
    }, 0);
  }

  /** True when Paste has something to insert. */
  get hasClipboard(): boolean {
    return (this.#clipboard?.nodes.length ?? 0) > 0;
  }

  copy(): boolean {
    if (this.selection.nodes.size === 0) return false;
    this.#clipboard = extractFragment(this.plan, this.selection.nodes);
    this.#pasteCount = 0;
    const n = this.#clipboard.nodes.length;
    this.toasts.show(`Copied ${n} node${n === 1 ? '' : 's'}.`);
    return true;
  }

  cut(): void {
    if (!this.copy()) return;
    const nodes = this.selection.nodes;
    this.store.apply(`Cut ${nodes.size} node${nodes.size === 1 ? '' : 's'}`, (plan) =>
      removeElements(plan, nodes, new Set()),
    );
    this.select([]);
  }

  paste(): void {
    const fragment = this.#clipboard;
    if (!fragment || fragment.nodes.length === 0) {
      this.toasts.show('Nothing to paste: copy some nodes first.');
      return;
    }
    this.#pasteCount++;
    this.#insert(fragment, `Paste ${counted(fragment.nodes.length, 'node')}`, this.#pasteCount);
  }

  duplicate(nodeIds: ReadonlySet<string> = this.selection.nodes): void {
    if (nodeIds.size === 0) return;
    this.#insert(
      extractFragment(this.plan, nodeIds),
      `Duplicate ${counted(nodeIds.size, 'node')}`,
      1,
    );
  }

  #insert(fragment: PlanFragment, label: string, step: number): void {
    let ids: string[] = [];
    const offset = { x: GRID * 2 * step, y: GRID * 2 * step };
    this.store.apply(label, (plan) => {
      const r = insertFragment(plan, fragment, offset);
      ids = r.nodeIds;
      return r.plan;
    });
    const idSet = new Set(ids);
    this.select(
      ids,
      this.plan.connections.filter((c) => idSet.has(c.from) && idSet.has(c.to)).map((c) => c.id),
    );
  }

  /** Change fields of one node (inspector); values are already validated. */
  updateNode(id: string, label: string, patch: Partial<PlanNode>): void {
    this.store.apply(label, (plan) => updateNode(plan, id, patch));
  }

  // ---- custom flows, acknowledged warnings, import -------------------------------------------

  /** Opens the "Add custom flow" dialog with the two ends proposed (the user may change them). */
  openCustomFlow(from: string, to: string): void {
    this.customFlowEnds = { from, to };
    this.dialog = 'custom-flow';
  }

  /** A free id for a new custom flow between two nodes. */
  newCustomFlowId(from: string, to: string): string {
    return customFlowId(this.plan, from, to);
  }

  /** Adds a custom flow, or replaces the one with id `replacing`; one undo step. */
  saveCustomFlow(flow: CustomFlow, replacing?: string): void {
    const label =
      replacing === undefined ? `Add custom flow ${flow.id}` : `Edit custom flow ${flow.id}`;
    this.store.apply(label, (plan) => upsertCustomFlow(plan, flow, replacing));
  }

  deleteCustomFlow(id: string): void {
    this.store.apply(`Delete custom flow ${id}`, (plan) => removeCustomFlow(plan, id));
  }

  /** Acknowledges a warning with a reason (stored in the plan); it leaves counts and badges. */
  acknowledgeWarning(w: PlanWarning, reason: string): void {
    this.store.apply(`Acknowledge warning ${w.code}`, (plan) =>
      setAcknowledged(plan, withAcknowledged(plan.acknowledgedWarnings, w, reason)),
    );
  }

  unacknowledgeWarning(w: PlanWarning): void {
    this.store.apply(`Un-acknowledge warning ${w.code}`, (plan) =>
      setAcknowledged(plan, withoutAcknowledged(plan.acknowledgedWarnings, w)),
    );
  }

  /** Replaces the plan with an import's result; one undo step. */
  applyImport(label: string, next: Plan): void {
    this.store.apply(label, () => next);
  }

  renamePlan(name: string): void {
    this.store.apply('Rename plan', (plan) => (plan.name === name ? plan : { ...plan, name }));
  }

  /** Set (or, with undefined or the default, unset) a plan option the catalog declares. */
  setPlanOption(id: string, label: string, value: OptionValue | undefined): void {
    this.store.apply(`Set ${label}`, (plan) => setPlanOption(plan, this.catalog, id, value));
  }

  /** Set (or unset) a node option the catalog declares. */
  setNodeOption(nodeId: string, id: string, label: string, value: OptionValue | undefined): void {
    this.store.apply(`Set ${label} of ${this.nodeName(nodeId)}`, (plan) =>
      setNodeOption(plan, this.catalog, nodeId, id, value),
    );
  }

  /**
   * Move the plan to another catalog edition as one undoable edit; returns why it was refused
   * (nodes whose type or extra roles the edition lacks), or null when done.
   */
  switchEdition(edition: string): string | null {
    const target = findCatalog(edition);
    if (!target) return `Unknown catalog edition "${edition}".`;
    const r = switchEdition(this.plan, target);
    if (!r.ok) return r.message;
    this.store.apply(`Switch catalog to ${target.edition}`, () => r.plan);
    return null;
  }

  addZone(): string {
    let id = '';
    this.store.apply('Add zone', (plan) => {
      const r = addZone(plan);
      id = r.id;
      return r.plan;
    });
    return id;
  }

  updateZone(id: string, label: string, patch: Parameters<typeof updateZone>[2]): void {
    this.store.apply(label, (plan) => updateZone(plan, id, patch));
  }

  removeZone(id: string): void {
    const name = this.plan.zones.find((z) => z.id === id)?.name ?? id;
    this.store.apply(`Delete zone ${name}`, (plan) => removeZone(plan, id));
  }

  assignZone(nodeIds: ReadonlySet<string>, zone: string | null): void {
    if (nodeIds.size === 0) return;
    const name = zone ? (this.plan.zones.find((z) => z.id === zone)?.name ?? zone) : 'no zone';
    this.store.apply(`Move ${counted(nodeIds.size, 'node')} to ${name}`, (plan) =>
      assignZone(plan, nodeIds, zone),
    );
  }

  undo(): void {
    if (!this.store.canUndo) return;
    const label = this.store.undoLabel;
    this.store.undo();
    this.pruneSelection();
    this.toasts.show(`Undone: ${label}`);
  }

  redo(): void {
    if (!this.store.canRedo) return;
    const label = this.store.redoLabel;
    this.store.redo();
    this.pruneSelection();
    this.toasts.show(`Redone: ${label}`);
  }

  async autoLayout(): Promise<void> {
    if (this.layingOut || this.plan.nodes.length === 0) return;
    this.layingOut = true;
    try {
      const layout = await layoutPlan(this.plan);
      this.store.apply('Auto-layout', (plan) => applyLayout(plan, layout));
      this.fitSoon();
    } catch (e) {
      this.toasts.show(
        `Auto-layout failed: ${e instanceof Error ? e.message : String(e)}`,
        'error',
      );
    } finally {
      this.layingOut = false;
    }
  }

  /** Zoom to fit once xyflow has taken the new positions (it adopts them in its own effects). */
  fitSoon(): void {
    setTimeout(() => this.canvas?.fit(), 80);
  }

  /** Replace the plan content with a sample (undoable; keeps where the plan is stored). */
  useSample(sample: Plan): void {
    this.store.apply('Start from sample', () => sample);
    this.select([]);
    this.fitSoon();
  }

  // ---- commands ----------------------------------------------------------------------------

  /** A command from a key press; returns true when handled (caller prevents the default). */
  runKeyCommand(command: MenuCommand, inText: boolean): boolean {
    if (inText && TEXT_NATIVE.has(command)) return false;
    this.#lastKey = { command, at: Date.now() };
    return this.run(command);
  }

  /** A command from the native menu; a text field keeps its own edit commands. */
  runMenuCommand(command: MenuCommand, inText: boolean): void {
    const last = this.#lastKey;
    if (last && last.command === command && Date.now() - last.at < 400) return;
    if (inText && TEXT_NATIVE.has(command)) {
      const native: Partial<Record<MenuCommand, string>> = {
        'edit.undo': 'undo',
        'edit.redo': 'redo',
        'edit.cut': 'cut',
        'edit.copy': 'copy',
        'edit.paste': 'paste',
        'edit.delete': 'delete',
        'edit.selectAll': 'selectAll',
      };
      const name = native[command];
      // execCommand is deprecated but still the only way to drive a field's own undo stack.
      if (name) document.execCommand(name);
      return;
    }
    this.run(command);
  }

  /** Run a command; false when it does nothing here (e.g. a file action with no handler). */
  run(command: MenuCommand): boolean {
    switch (command) {
      case 'edit.undo':
        this.undo();
        return true;
      case 'edit.redo':
        this.redo();
        return true;
      case 'edit.cut':
        this.cut();
        return true;
      case 'edit.copy':
        this.copy();
        return true;
      case 'edit.paste':
        this.paste();
        return true;
      case 'edit.delete':
        this.deleteSelection();
        return true;
      case 'edit.selectAll':
        this.selectAll();
        return true;
      case 'view.fit':
        this.canvas?.fit();
        return true;
      case 'view.zoomIn':
        this.canvas?.zoomIn();
        return true;
      case 'view.zoomOut':
        this.canvas?.zoomOut();
        return true;
      case 'view.layout':
        void this.autoLayout();
        return true;
      case 'view.theme.system':
        this.theme.setPreference('system');
        return true;
      case 'view.theme.light':
        this.theme.setPreference('light');
        return true;
      case 'view.theme.dark':
        this.theme.setPreference('dark');
        return true;
      case 'file.export':
        this.dialog = 'export';
        return true;
      case 'file.report':
        this.dialog = 'report';
        return true;
      case 'file.library':
        this.dialog = 'library';
        return true;
      case 'help.about':
        this.dialog = 'about';
        return true;
      case 'file.new':
        void this.files?.newPlan();
        return this.files !== null;
      case 'file.open':
        void this.files?.open();
        return this.files !== null;
      case 'file.save':
        void this.files?.save();
        return this.files !== null;
      case 'file.saveAs':
        void this.files?.saveAs();
        return this.files !== null;
    }
  }
}
