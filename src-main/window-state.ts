// Remembered size and position of the main window: parsing, clamping to a visible display.

export interface WindowBounds {
  readonly width: number;
  readonly height: number;
  /** Absent: let the OS place the window. */
  readonly x?: number;
  readonly y?: number;
}

export interface WindowState {
  readonly bounds: WindowBounds;
  readonly maximized: boolean;
}

/** A display's usable area. */
export interface WorkArea {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = {
  bounds: { width: 1280, height: 800 },
  maximized: false,
};

const MIN = { width: 800, height: 560 };
const MAX_SIDE = 20_000;

function finiteInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : undefined;
}

/** Parse the stored JSON; anything malformed gives the default state. */
export function parseWindowState(json: string | null): WindowState {
  if (!json) return DEFAULT_WINDOW_STATE;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
  if (typeof value !== 'object' || value === null) return DEFAULT_WINDOW_STATE;
  const record = value as Record<string, unknown>;
  const b = (record['bounds'] ?? {}) as Record<string, unknown>;
  const width = finiteInt(b['width']);
  const height = finiteInt(b['height']);
  if (width === undefined || height === undefined) return DEFAULT_WINDOW_STATE;
  const x = finiteInt(b['x']);
  const y = finiteInt(b['y']);
  return {
    bounds: {
      width: Math.min(Math.max(width, MIN.width), MAX_SIDE),
      height: Math.min(Math.max(height, MIN.height), MAX_SIDE),
      ...(x !== undefined && y !== undefined ? { x, y } : {}),
    },
    maximized: record['maximized'] === true,
  };
}

/**
 * Fit remembered bounds to the displays present now: a window remembered on a monitor that
 * was unplugged would otherwise open off-screen. Keeps the position when at least a title
 * bar's worth of the window is on some display; otherwise lets the OS place it, shrunk to
 * the primary display.
 */
export function clampToDisplays(
  bounds: WindowBounds,
  workAreas: readonly WorkArea[],
): WindowBounds {
  const primary = workAreas[0];
  if (!primary) return bounds;
  const visible =
    bounds.x !== undefined &&
    bounds.y !== undefined &&
    workAreas.some(
      (a) =>
        bounds.x! + bounds.width - 100 >= a.x &&
        bounds.x! + 100 <= a.x + a.width &&
        bounds.y! >= a.y &&
        bounds.y! + 40 <= a.y + a.height,
    );
  if (visible) return bounds;
  return {
    width: Math.min(bounds.width, primary.width),
    height: Math.min(bounds.height, primary.height),
  };
}

export function serializeWindowState(state: WindowState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}
