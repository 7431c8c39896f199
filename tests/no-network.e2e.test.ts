/**
 * The tool never makes a network request (PRODUCT section 11): drafts stay on the machine. Every command
 * runs with a preloaded guard that replaces each way Node opens a connection or looks up a name (sockets,
 * TLS, HTTP, fetch, DNS, UDP) with one that records the attempt and throws. Lazily loaded libraries
 * (citation-js for the bibliography, marked for markdown) are exercised too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from './helpers/cli.js';

const GUARD = `
const fs = require('node:fs');
const log = process.env.GP_CHANGE_NETWORK_LOG;
function refuse(what) {
  return function () {
    fs.appendFileSync(log, what + '\\n');
    throw new Error('network access attempted: ' + what);
  };
}
const net = require('node:net');
net.Socket.prototype.connect = refuse('net.Socket.connect');
net.connect = net.createConnection = refuse('net.connect');
require('node:tls').connect = refuse('tls.connect');
for (const m of ['node:http', 'node:https']) {
  const mod = require(m);
  mod.request = refuse(m + '.request');
  mod.get = refuse(m + '.get');
}
const dns = require('node:dns');
for (const f of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) dns[f] = refuse('dns.' + f);
for (const f of ['lookup', 'resolve', 'resolve4', 'resolve6']) dns.promises[f] = refuse('dns.promises.' + f);
require('node:dgram').createSocket = refuse('dgram.createSocket');
globalThis.fetch = refuse('fetch');
`;

describe('no network', () => {
  it('no command opens a connection or looks up a name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-change-net-'));
    const guard = join(dir, 'guard.cjs');
    const log = join(dir, 'network.log');
    writeFileSync(guard, GUARD);
    const env = { NODE_OPTIONS: `--require ${guard}`, GP_CHANGE_NETWORK_LOG: log };
    const ex = (f: string) => join(ROOT, 'examples', f);
    const local = join(ROOT, 'examples', 'rulebooks', 'pcn-local-measures.yaml');
    const commands = [
      ...['text', 'markdown', 'json', 'sarif', 'junit', 'github', 'html'].map((f) => [
        'assess',
        ex('access-target.yaml'),
        ex('ics-vetting.yaml'),
        '--format',
        f,
      ]),
      ['assess', ex('access-target.yaml'), '--rulebook', local],
      ...['text', 'markdown', 'json', 'csv', 'html'].map((f) => [
        'compare',
        ex('same-day-hub-ics.yaml'),
        ex('same-day-hub-practice.yaml'),
        '--format',
        f,
      ]),
      ['diff', ex('same-day-hub-ics.yaml'), ex('same-day-hub-practice.yaml'), '--format', 'markdown'],
      ...['csl-json', 'csl-yaml', 'bibtex', 'ris'].map((f) => ['evidence', '--format', f, '--rulebook', local]),
      ['evidence', 'doran-2011'],
      ['explain', 'top-down-imposition'],
      ['principles', '--rulebook', local],
      ['rulebook', 'validate'],
      ['rulebook', 'validate', local],
      ['rulebook', 'show', local],
      ['schema', 'proposal', '--rulebook', local],
      ['init', join(dir, 'new.yaml')],
    ];
    // The guard is live: a request from a process started this way is recorded (then the log starts afresh).
    spawnSync(process.execPath, ['-e', "try { require('node:http').get('http://example.org') } catch {}"], {
      env: { ...process.env, ...env },
    });
    expect(readFileSync(log, 'utf8')).toBe('node:http.get\n');
    rmSync(log);
    for (const args of commands) {
      const r = run(args, { env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBeLessThan(2);
    }
    expect(existsSync(log) ? readFileSync(log, 'utf8') : '').toBe('');
  }, 120000);
});
