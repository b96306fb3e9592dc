// Main window options (security settings) and remembered window state.
import { describe, expect, it } from 'vitest';
import { buildPdfWindowOptions, buildWindowOptions } from './window-options';
import {
  DEFAULT_WINDOW_STATE,
  clampToDisplays,
  parseWindowState,
  serializeWindowState,
} from './window-state';

const input = {
  preloadPath: '/app/dist/preload/preload.cjs',
  bounds: { width: 1200, height: 800, x: 10, y: 20 },
  backgroundColor: '#fff',
};

describe('buildWindowOptions', () => {
  it('locks the renderer down', () => {
    const web = buildWindowOptions(input).webPreferences!;
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
    expect(web.preload).toBe('/app/dist/preload/preload.cjs');
  });

  it('applies remembered bounds and stays hidden until painted', () => {
    const options = buildWindowOptions(input);
    expect(options).toMatchObject({ width: 1200, height: 800, x: 10, y: 20, show: false });
    const unplaced = buildWindowOptions({ ...input, bounds: { width: 900, height: 600 } });
    expect(unplaced.x).toBeUndefined();
  });

  it('gives the PDF window no preload and no JavaScript', () => {
    const web = buildPdfWindowOptions('pdf-1').webPreferences!;
    expect(web.preload).toBeUndefined();
    expect(web.javascript).toBe(false);
    expect(web.sandbox).toBe(true);
    expect(web.contextIsolation).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.partition).toBe('pdf-1');
  });
});

describe('window state', () => {
  it('round-trips', () => {
    const state = { bounds: { width: 1000, height: 700, x: 5, y: 6 }, maximized: true };
    expect(parseWindowState(serializeWindowState(state))).toEqual(state);
  });

  it.each([null, '', 'not json', '[]', '{"bounds":{"width":"big"}}', '{"bounds":null}'])(
    'falls back to the default for %j',
    (json) => {
      expect(parseWindowState(json)).toEqual(DEFAULT_WINDOW_STATE);
    },
  );

  it('clamps absurd sizes', () => {
    const state = parseWindowState('{"bounds":{"width":10,"height":1e9}}');
    expect(state.bounds.width).toBe(800);
    expect(state.bounds.height).toBe(20000);
  });

  it('keeps a position that is on a display and drops one that is not', () => {
    const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    const onScreen = { width: 1200, height: 800, x: 100, y: 100 };
    expect(clampToDisplays(onScreen, displays)).toEqual(onScreen);
    const unplugged = { width: 2400, height: 800, x: 3000, y: 100 };
    expect(clampToDisplays(unplugged, displays)).toEqual({ width: 1920, height: 800 });
  });
});
