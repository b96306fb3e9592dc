// Zoom level band shared by the canvas with its node and edge components through context.
import { getContext, setContext } from 'svelte';

/** Below this zoom, nodes drop their details and edges their flow-count badges: unreadable, and costly on big plans. */
export const FAR_ZOOM = 0.45;

/**
 * Node count above which view changes are not animated and a loaded plan is fitted before its
 * first render: on a big plan every animation frame re-computes which nodes and edges are visible
 * and mounts the newly visible ones, which costs more than it shows.
 */
export const BIG_PLAN = 300;

/** What node and edge components read about the view; `near` changes only when the zoom crosses FAR_ZOOM. */
export interface CanvasView {
  readonly near: boolean;
  /**
   * Name of a plan node, tracked per node: an edge's label re-renders when one of its ends is
   * renamed, not on every edit (edge objects carry no names, so a rename leaves xyflow's edge list
   * untouched).
   */
  nodeName(id: string): string;
}

const KEY = Symbol('portolan.canvas-view');
const ALWAYS_NEAR: CanvasView = { near: true, nodeName: (id) => id };

export function setCanvasView(view: CanvasView): void {
  setContext(KEY, view);
}

/** The canvas's view (outside a canvas, e.g. in isolation: always near). */
export function canvasView(): CanvasView {
  return getContext<CanvasView | undefined>(KEY) ?? ALWAYS_NEAR;
}
