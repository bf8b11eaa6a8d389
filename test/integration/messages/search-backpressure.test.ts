// A search whose consumer is slower than the scan: the core waits (flow control over the RPC stream) instead of
// piling matches up, over the in-memory transport and over `floe serve`'s WebSocket (the browser mode), and when the
// consumer resumes every match arrives once, in offset order. A cancel while the scan is held still ends it at once.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import type { BrowseRecord, SearchEvent, SearchSummary } from '../../../shared/model/messages';
import { FrameRows } from '../../../shared/model/match-frame';
import { RpcClient, DEFAULT_STREAM_WINDOW } from '../../../shared/rpc/client';
import type { FloeContract } from '../../../shared/rpc/contract';
import type { Envelope } from '../../../shared/rpc/envelope';
import type { Transport } from '../../../shared/rpc/transport';
import { wsTransport } from '../../../electron/server/ws-transport';
import { startCore } from '../core-session';
import { fillTopic } from '../filled-topic';
import { startServe, type ServeProcess } from '../server/serve-process';

const lab = inject('lab');
const topic = `search-held-${Date.now().toString(36)}`;
const PARTITIONS = 3;
const PER_PARTITION = 20_000;
const BATCH = 500; // the scan's largest batch of matches (one event)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let dropTopic: () => Promise<void>;
let serve: ServeProcess | undefined;

beforeAll(async () => {
  dropTopic = await fillTopic(lab, topic, PARTITIONS, PER_PARTITION);
}, 120_000);

afterAll(async () => {
  serve?.child.kill('SIGTERM');
  if (serve) await serve.exited;
  await dropTopic();
});

interface Arrived {
  matches: number;
  progress: number;
}

/**
 * Counts what reached the client's end of the wire, consumed or not: the matches the core has let out, and its
 * progress reports (sent every 250 ms while the scan runs, without waiting for the consumer).
 */
function counting(transport: Transport, arrived: Arrived): Transport {
  return {
    ...transport,
    onMessage: (handler) =>
      transport.onMessage((m: Envelope) => {
        const event = m.k === 'event' ? (m.event as SearchEvent) : null;
        if (event?.kind === 'matches') arrived.matches += event.records.length;
        if (event?.kind === 'frame') arrived.matches += event.frame.rows;
        if (event?.kind === 'progress') arrived.progress++;
        handler(m);
      }),
  };
}

interface Session {
  client: RpcClient<FloeContract>;
  arrived: Arrived;
  close(): Promise<void>;
}

const sessions: Record<string, () => Promise<Session>> = {
  'in-memory transport': async () => {
    const arrived = { matches: 0, progress: 0 };
    const core = startCore(lab.home, (t) => counting(t, arrived));
    return { client: core.client, arrived, close: () => core.close() };
  },
  'floe serve over a WebSocket': async () => {
    serve ??= await startServe(lab.home);
    const socket = new WebSocket(`ws://127.0.0.1:${serve.port}/rpc?token=${encodeURIComponent(serve.token)}`);
    await new Promise((r, j) => (socket.once('open', r), socket.once('error', j)));
    const arrived = { matches: 0, progress: 0 };
    return { client: new RpcClient<FloeContract>(counting(wsTransport(socket), arrived)), arrived, close: async () => socket.close() };
  },
};

describe.each(Object.keys(sessions))('a search with a slow consumer, %s', (name) => {
  // 'frame': the app's grid rows, in columns.
  it.each(['full', 'frame'] as const)('waits while the consumer is paused, with the matches in flight bounded, and loses or doubles none (view %s)', async (view) => {
    const session = await sessions[name]!();
    try {
      const seen: BrowseRecord[] = [];
      let paused = false;
      let resume: () => void = () => undefined;
      const gate = new Promise<void>((r) => (resume = r));
      const run = session.client.stream('messages.search', { profileId: LOCAL_LAB_PROFILE_ID, topic, text: 'xxxx', maxMatches: 1_000_000, view }, async (e) => {
        if (e.kind === 'progress') return;
        if (e.kind === 'matches') seen.push(...e.records);
        else for (let i = 0, rows = new FrameRows(e.frame); i < rows.length; i++) seen.push(rows.at(i)!);
        if (seen.length >= 2 * BATCH && !paused) {
          paused = true;
          await gate; // a consumer stuck on this batch: it neither takes nor acknowledges anything more
        }
      });
      while (!paused) await sleep(5);
      await sleep(400);
      const heldAt = { ...session.arrived, consumed: seen.length };
      await sleep(800);
      console.log(
        `[search-backpressure ${name}, view ${view}] paused at ${heldAt.consumed} matches consumed; ${heldAt.matches} arrived at the client, ${session.arrived.matches} 800 ms later, of ${PARTITIONS * PER_PARTITION}; progress reports meanwhile: ${session.arrived.progress - heldAt.progress}`,
      );
      // What the core let out while the consumer was stuck: at most its window of batches beyond what was consumed…
      expect(session.arrived.matches - heldAt.consumed).toBeLessThanOrEqual(DEFAULT_STREAM_WINDOW * BATCH);
      expect(session.arrived.matches).toBe(heldAt.matches);
      // …and the scan itself stood still: a running scan reports progress every 250 ms.
      expect(session.arrived.progress).toBe(heldAt.progress);
      expect(seen.length).toBe(heldAt.consumed);
      expect(seen.length).toBeLessThan(PARTITIONS * PER_PARTITION / 4);
      resume();
      const summary: SearchSummary = await run;
      expect(summary.stoppedBecause).toBe('complete');
      expect(summary.matched).toBe(PARTITIONS * PER_PARTITION);
      for (let p = 0; p < PARTITIONS; p++) {
        const offsets = seen.filter((r) => r.partition === p).map((r) => r.offset);
        expect(offsets.length).toBe(PER_PARTITION);
        expect(offsets.every((o, i) => o === i)).toBe(true); // each offset once, in order
      }
    } finally {
      await session.close();
    }
  }, 120_000);

  it('ends a search held back by a paused consumer within 200 ms of a cancel', async () => {
    const session = await sessions[name]!();
    try {
      const controller = new AbortController();
      let resume: () => void = () => undefined;
      const gate = new Promise<void>((r) => (resume = r));
      let batches = 0;
      const run = session.client.stream(
        'messages.search',
        { profileId: LOCAL_LAB_PROFILE_ID, topic, text: 'xxxx', maxMatches: 1_000_000 },
        async (e) => {
          if (e.kind === 'matches' && ++batches === 1) await gate;
        },
        // The core's answer to the cancel (CANCELLED once the scan has ended) is awaited, not assumed.
        { signal: controller.signal, resultOnCancel: true },
      );
      while (batches === 0) await sleep(5);
      await sleep(300); // the scan is held back by now
      const start = performance.now();
      controller.abort();
      resume(); // the consumer, cancelled, drops what is left; the answer comes once the scan has ended
      const outcome = await run.then(
        (s) => s,
        (e: unknown) => e,
      );
      const took = performance.now() - start;
      console.log(`[search-backpressure ${name}] cancel while held → scan ended in ${took.toFixed(1)} ms`);
      expect(outcome).toMatchObject({ code: 'CANCELLED' });
      expect(took).toBeLessThan(200);
    } finally {
      await session.close();
    }
  }, 60_000);
});
