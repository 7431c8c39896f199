import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheFolder, readCompiled } from '../src/io/rulebook-cache.js';
import { rb } from './helpers/rulebook.js';

describe('where compiled rulebooks are kept', () => {
  it('in the user cache folder, never a relative (project) path', () => {
    expect(cacheFolder({})).toBe(join(homedir(), '.cache', 'gp-change'));
    expect(cacheFolder({ XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/gp-change');
    expect(cacheFolder({ XDG_CACHE_HOME: 'relative/cache' })).toBe(join(homedir(), '.cache', 'gp-change'));
    expect(cacheFolder({ GP_CHANGE_CACHE: 'off', GP_CHANGE_CACHE_DIR: '/tmp/x' })).toBeUndefined();
  });

  it('reads nothing from a folder that does not exist or is switched off', () => {
    expect(readCompiled('/nonexistent/gp-change', '/x/rulebook.yaml', rb)).toBeUndefined();
    expect(readCompiled(undefined, '/x/rulebook.yaml', rb)).toBeUndefined();
  });
});
