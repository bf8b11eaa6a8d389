// Shared by the Connect room's integration tests: a core on the lab, a file sink config, and waiting
// for a connector's state through Floe's own procedures.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectorDetail } from '../../../shared/model/connect';
import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import type { startCore } from '../core-session';

export type Core = ReturnType<typeof startCore>;
export const LAB = { profileId: LOCAL_LAB_PROFILE_ID };

/** A FileStreamSink writing `topic` to `file` as strings, from the topic's start. */
export function fileSinkConfig(topic: string, file: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
    'tasks.max': '1',
    topics: topic,
    file,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'consumer.override.auto.offset.reset': 'earliest',
    ...extra,
  };
}

/** Polls `connect.connector` until `done` holds (Connect changes states asynchronously). */
export async function waitFor(core: Core, name: string, done: (d: ConnectorDetail) => boolean, timeoutMs = 60_000, target = LAB): Promise<ConnectorDetail> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const detail = await core.client.call('connect.connector', { ...target, name });
      if (done(detail)) return detail;
      last = `${detail.state}, tasks ${detail.tasks.map((t) => t.state).join(',') || 'none'}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(300);
  }
  throw new Error(`connector ${name} did not reach the expected state in ${timeoutMs} ms (last: ${last})`);
}

export const running = (d: ConnectorDetail) => d.state === 'RUNNING' && d.tasks.length > 0 && d.tasks.every((t) => t.state === 'RUNNING');
