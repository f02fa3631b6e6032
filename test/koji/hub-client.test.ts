import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFetcher } from '../../src/io/create-fetcher.js';
import { KojiHubClient } from '../../src/koji/hub-client.js';
import { getEvent, lastEventBefore } from '../../src/koji/queries.js';
import {
  applyChanges,
  readTagChanges,
  readTagState,
  readTagStateBefore,
  stateRpms,
  type TagState,
} from '../../src/koji/tag-state.js';
import { startWorldHub } from '../helpers/koji-hub.js';
import { testWithTools } from '../helpers/tools.js';

const withPython = testWithTools({ python: 'xmlrpc.server' });
const arches = ['x86_64', 'noarch'];

function nevras(state: TagState): string[] {
  return stateRpms(state)
    .map((r) => `${r.name}-${r.epoch === null ? '' : `${r.epoch}:`}${r.version}-${r.release}.${r.arch}`)
    .sort();
}

withPython('getLastEvent answers a few microseconds late; the client returns the event before', async (t) => {
  const hub = await startWorldHub();
  const fetcher = createFetcher();
  try {
    const client = new KojiHubClient({ hubUrl: hub.url, fetcher });
    const target = hub.timeline.find((e) => e.tag === 'f32-updates' && e.action === 'untag')!;
    // Two microseconds after the event: the hub (like PostgreSQL's rounding) returns it anyway.
    const raw = (await client.call('getLastEvent', [], { before: target.event.ts - 0.000002 })) as {
      id: number;
    };
    t.is(raw.id, target.event.id);
    const event = await lastEventBefore(client, target.event.ts - 0.000002);
    t.true(event.ts < target.event.ts - 0.000002);
    t.true(event.id < target.event.id);
    t.deepEqual(await getEvent(client, target.event.id), target.event);
    for (const headers of hub.seenHeaders()) {
      t.is(headers['authorization'], undefined);
      t.is(headers['cookie'], undefined);
      t.is(headers['content-type'], 'text/xml');
    }
    t.true(hub.seenHeaders().length >= 3);
  } finally {
    await fetcher.close();
    await hub.close();
  }
});

withPython('faults are typed, in a call and inside a multicall', async (t) => {
  const hub = await startWorldHub();
  const fetcher = createFetcher();
  try {
    const client = new KojiHubClient({ hubUrl: hub.url, fetcher });
    const error = await t.throwsAsync(client.call('listTaggedRPMS', ['f99-updates'], { event: 1 }));
    t.like(error, { code: 'ERR_KOJI_FAULT', faultCode: 1000 });
    t.regex((error as unknown as { faultString: string }).faultString, /No such tagInfo: 'f99-updates'/);
    const results = await client.multicall([
      { method: 'getEvent', params: [hub.timeline[0]!.event.id] },
      { method: 'getEvent', params: [7] },
    ]);
    t.true(results[0]!.ok);
    t.like(results[1], { ok: false, fault: { faultCode: 1000 } });
    t.deepEqual(client.stats(), { requests: 2, calls: 3 });
  } finally {
    await fetcher.close();
    await hub.close();
  }
});

withPython('a stalled hub is a timeout, and a small limit refuses a large answer', async (t) => {
  const hub = await startWorldHub({ queryHistory: 30 });
  const fetcher = createFetcher({ http: { retries: 0 } });
  try {
    const client = new KojiHubClient({ hubUrl: hub.url, fetcher, timeoutMs: 500 });
    await t.throwsAsync(readTagChanges(client, 'f32-updates', 0, 2e9), { code: 'ERR_KOJI_TIMEOUT' });
    const small = new KojiHubClient({ hubUrl: hub.url, fetcher, maxBytes: 2000 });
    const last = hub.timeline.at(-1)!.event;
    await t.throwsAsync(readTagState(small, 'coreos-pool', last, arches, false), {
      code: 'ERR_BODY_TOO_LARGE',
    });
  } finally {
    await fetcher.close();
    await hub.close();
  }
});

withPython('deltas from the history give the same states as listing the tag at each event', async (t) => {
  const hub = await startWorldHub();
  const cacheDir = mkdtempSync(join(tmpdir(), 'koji-cache-'));
  const fetcher = createFetcher({ cacheDir });
  try {
    const client = new KojiHubClient({ hubUrl: hub.url, fetcher });
    const updates = hub.timeline.filter((e) => e.tag === 'f32-updates');
    const from = updates[0]!.event.ts - 1;
    const to = updates.at(-1)!.event.ts + 1;
    const start = await readTagStateBefore(client, 'f32-updates', from, arches, true);
    t.is(start.packages.size, 0);
    const changes = await readTagChanges(client, 'f32-updates', from, to);
    t.deepEqual(
      changes.map((c) => [c.event.id, c.kind, c.nvr]),
      updates.map((e) => [e.event.id, e.action, e.nvr]),
    );
    const before = client.stats();
    const states = await applyChanges(client, start, changes, arches);
    // Every change point in one multicall.
    t.is(client.stats().requests - before.requests, 1);
    t.is(states.length, updates.length);
    for (const state of states) {
      const listed = await readTagState(client, 'f32-updates', state.event, arches, true);
      t.deepEqual(nevras(state), nevras(listed), `at event ${state.event.id}`);
    }
    // The untagging of json-c leaves no json-c; its tagging brought the world's signed build.
    const untag = updates.find((e) => e.action === 'untag')!;
    const after = states.find((s) => s.event.id === untag.event.id)!;
    t.false(after.packages.has('json-c'));
    const tagged = states.find((s) => s.event.id === updates[0]!.event.id)!;
    t.deepEqual(stateRpms(tagged)[0]!.sigkeys, ['448efbd7']);
    // A second replay of the past is answered from the cache, with no request to the hub.
    const seen = hub.seenHeaders().length;
    await applyChanges(client, start, changes, arches);
    t.is(hub.seenHeaders().length, seen);
  } finally {
    await fetcher.close();
    await hub.close();
  }
});

withPython('a fault is never cached, a clean past answer is', async (t) => {
  const hub = await startWorldHub();
  const cacheDir = mkdtempSync(join(tmpdir(), 'koji-cache-'));
  const fetcher = createFetcher({ cacheDir });
  try {
    const client = new KojiHubClient({ hubUrl: hub.url, fetcher });
    const id = hub.timeline[3]!.event.id;
    const calls = [
      { method: 'getEvent', params: [id] },
      { method: 'getEvent', params: [7] },
    ];
    await client.multicall(calls, true);
    await client.multicall(calls, true);
    t.is(hub.seenHeaders().length, 2);
    await client.multicall([calls[0]!], true);
    await client.multicall([calls[0]!], true);
    t.is(hub.seenHeaders().length, 3);
  } finally {
    await fetcher.close();
    await hub.close();
  }
});
