// Many requests at once on a broker connection that is not open yet (20 browser clients paging at once):
// kafkajs 2.2.4 opened one socket per concurrent connect, kept only the last, and queued every request
// written meanwhile as a 'connect' listener on it (MaxListenersExceededWarning past 10). Now they share one.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import { fetchPartitions } from '../../../electron/core/kafka/fetch-request';
import { startCore } from '../core-session';
import { fillTopic } from '../filled-topic';
import { socketsTo } from '../server/serve-process';

const lab = inject('lab');
const brokerPort = Number(lab.kafka.plaintext.split(':')[1]);
const topic = `connect-once-${Date.now().toString(36)}`;
let dropTopic: () => Promise<void>;

beforeAll(async () => {
  dropTopic = await fillTopic(lab, topic, 1, 100);
});

afterAll(() => dropTopic());

describe('kafkajs connections under concurrent requests', () => {
  it('open one socket for 40 concurrent Fetches, with no MaxListenersExceededWarning, and close it on dispose', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const baseline = socketsTo(process.pid, brokerPort); // sockets kafkajs is still closing after the fill
    const core = startCore(lab.home);
    try {
      const cluster = await (await core.host.kafka()).cluster(LOCAL_LAB_PROFILE_ID);
      await cluster.refreshMetadata();
      const broker = await cluster.findBroker({ nodeId: 1 }); // the lab's only broker
      const before = socketsTo(process.pid, brokerPort);
      const target = [{ partition: 0, offset: 0, maxBytes: 1 << 20 }];
      const answers = await Promise.all(Array.from({ length: 40 }, () => fetchPartitions(broker, topic, target, { maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20 })));
      expect(answers.every(([p]) => p?.errorCode === 0 && p.highWatermark === 100)).toBe(true);
      await new Promise((r) => setTimeout(r, 100)); // sockets that connect late would show up now
      const opened = socketsTo(process.pid, brokerPort) - before;
      console.log(`[connect-once] 40 concurrent Fetches opened ${opened} new broker socket(s)`);
      expect(opened).toBe(1);
    } finally {
      await core.close();
      await new Promise((r) => setTimeout(r, 50)); // warnings are emitted on a later tick
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
    expect(socketsTo(process.pid, brokerPort)).toBeLessThanOrEqual(baseline);
  });
});
