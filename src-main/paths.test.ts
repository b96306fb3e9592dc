// Path allow-list, recent-file list and command-line plan argument.
import { describe, expect, it } from 'vitest';
import {
  PathAllowList,
  RECENT_LIMIT,
  parseRecent,
  pathKey,
  planFileFromArgv,
  pushRecent,
} from './paths';

describe('PathAllowList', () => {
  it('allows only what was added, after normalising', () => {
    const list = new PathAllowList('linux');
    list.allow('/home/u/plans/../plans/a.json');
    expect(list.has('/home/u/plans/a.json')).toBe(true);
    expect(list.has('/home/u/plans/A.json')).toBe(false);
    expect(list.has('/home/u/.bashrc')).toBe(false);
  });
  it('ignores case where the file system does', () => {
    const list = new PathAllowList('win32');
    list.allow('C:\\Users\\u\\a.json');
    expect(list.has('c:\\users\\U\\A.JSON')).toBe(true);
    expect(pathKey('/A/b', 'darwin')).toBe('/a/b');
  });
});

describe('recent files', () => {
  it('moves a re-opened file to the front and caps the list', () => {
    let list: string[] = [];
    for (let i = 0; i < 15; i++) list = pushRecent(list, `/p/${i}.json`, 'linux');
    list = pushRecent(list, '/p/10.json', 'linux');
    expect(list).toHaveLength(RECENT_LIMIT);
    expect(list[0]).toBe('/p/10.json');
    expect(list.filter((f) => f === '/p/10.json')).toHaveLength(1);
  });
  it('parses defensively', () => {
    expect(parseRecent('["/a.json", "rel.json", 3, "/b\\u0000.json"]')).toEqual(['/a.json']);
    expect(parseRecent('{')).toEqual([]);
    expect(parseRecent('{"a":1}')).toEqual([]);
  });
});

describe('planFileFromArgv', () => {
  it('finds the plan among flags and skips the executable and app path', () => {
    expect(
      planFileFromArgv(['/opt/Portolan/portolan', '--no-sandbox', 'site.portolan.json'], '/home/u'),
    ).toBe('/home/u/site.portolan.json');
    expect(planFileFromArgv(['electron', 'dist/main/main.cjs'], '/w')).toBeNull();
    expect(planFileFromArgv(['electron', 'dist/main/main.cjs', '/tmp/x.json'], '/w')).toBe(
      '/tmp/x.json',
    );
  });
});
