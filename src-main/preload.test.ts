// The preload's bridge, with Electron mocked: one function per contract message, fixed channels,
// validated menu commands, and no Electron object handed to the page.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type PortolanBridge } from './ipc/contract';

const exposed: Record<string, unknown> = {};
const listeners = new Map<string, ((event: unknown, payload: unknown) => void)[]>();
const invoke = vi.fn(async (..._args: unknown[]) => 'result');

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposed[key] = api;
    },
  },
  ipcRenderer: {
    invoke: (...args: unknown[]) => invoke(...args),
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    },
    removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((l) => l !== listener),
      );
    },
  },
}));

let bridge: PortolanBridge;
beforeAll(async () => {
  await import('./preload');
  bridge = exposed['portolan'] as PortolanBridge;
});

const emit = (channel: string, payload: unknown) =>
  (listeners.get(channel) ?? []).forEach((l) => l({ sender: 'ipcRenderer!' }, payload));

describe('preload bridge', () => {
  it('exposes exactly one function per message, and no generic invoke', () => {
    expect(Object.keys(exposed)).toEqual(['portolan']);
    expect(Object.keys(bridge).sort()).toEqual(
      [...Object.keys(INVOKE_CHANNELS), 'onMenuCommand', 'onFilesPending', 'platform'].sort(),
    );
    for (const [key, value] of Object.entries(bridge)) {
      if (key !== 'platform') expect(typeof value).toBe('function');
    }
  });

  it('sends each message on its own fixed channel', async () => {
    await bridge.savePlanFile('{}', { suggestedName: 'a.portolan.json' });
    expect(invoke).toHaveBeenLastCalledWith('portolan:savePlanFile', '{}', {
      suggestedName: 'a.portolan.json',
    });
    await bridge.openRecentFile('/tmp/a.json');
    expect(invoke).toHaveBeenLastCalledWith('portolan:openRecentFile', '/tmp/a.json');
  });

  it('delivers only known menu commands, without the IPC event, and unsubscribes', () => {
    const got: unknown[] = [];
    const off = bridge.onMenuCommand((command, ...rest) => got.push(command, ...rest));
    emit(EVENT_CHANNELS.menuCommand, 'file.save');
    emit(EVENT_CHANNELS.menuCommand, 'shell.exec');
    emit(EVENT_CHANNELS.menuCommand, { toString: () => 'file.save' });
    off();
    emit(EVENT_CHANNELS.menuCommand, 'file.open');
    expect(got).toEqual(['file.save']);
  });
});
