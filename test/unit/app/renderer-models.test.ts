import { describe, expect, it } from 'vitest';
import type { TopicSummary } from '../../../shared/model/topic';
import { highlight, visibleTopics } from '../../../renderer/src/features/topics/topic-view';
import { draftFromForm, emptyForm, formFromProfile, validateForm } from '../../../renderer/src/features/connections/profile-form-model';
import type { ProfileView } from '../../../shared/model/profile';

const t = (name: string, messages: number, sizeBytes: number | null = 0): TopicSummary => ({ name, partitions: 1, replicationFactor: 1, internal: false, messages, sizeBytes });

describe('topic view', () => {
  const topics = [t('orders', 5, 100), t('Payments', 9, null), t('orders-dlq', 1, 50)];
  it('filters case-insensitively and sorts, nulls last', () => {
    expect(visibleTopics(topics, 'ORD', { key: 'name', descending: false }).map((x) => x.name)).toEqual(['orders', 'orders-dlq']);
    expect(visibleTopics(topics, '', { key: 'messages', descending: true }).map((x) => x.name)).toEqual(['Payments', 'orders', 'orders-dlq']);
    expect(visibleTopics(topics, '', { key: 'sizeBytes', descending: true }).map((x) => x.name)).toEqual(['orders', 'orders-dlq', 'Payments']);
  });
  it('splits a name around the match', () => {
    expect(highlight('orders-dlq', 'DLQ')).toEqual([
      { text: 'orders-', match: false },
      { text: 'dlq', match: true },
    ]);
  });
});

describe('profile form model', () => {
  it('maps schema problems onto the fields that edit them', () => {
    const form = { ...emptyForm(), name: 'x', bootstrap: 'nohost', protocol: 'SASL_PLAINTEXT' as const, registryUrl: 'not a url' };
    const errors = validateForm(form);
    expect(errors.bootstrap).toMatch(/host:port/);
    expect(errors.username).toMatch(/username is required/);
    expect(errors.registryUrl).toBeDefined();
  });

  it('sends only changed secrets: blank keeps, clear removes', () => {
    const form = { ...emptyForm(), name: 'x', bootstrap: 'a:1 b:2', protocol: 'SASL_SSL' as const, username: 'u' };
    form.secrets.kafkaPassword = 'new';
    form.clear.registryPassword = true;
    const draft = draftFromForm(form);
    expect(draft.kafka.bootstrap).toEqual(['a:1', 'b:2']);
    expect(draft.secrets).toEqual({ kafkaPassword: 'new', registryPassword: null });
    expect(validateForm(form)).toEqual({});
  });

  it('round-trips a stored profile (the built-in one loses its id so saving creates a copy)', () => {
    const view: ProfileView = {
      id: 'local-lab',
      name: 'Local lab',
      createdAt: '',
      updatedAt: '',
      builtIn: true,
      secretsSet: { s3SecretAccessKey: true },
      kafka: { bootstrap: ['127.0.0.1:9092'], security: { protocol: 'PLAINTEXT' } },
      objectStore: { kind: 's3', endpoint: 'http://127.0.0.1:7070', region: 'us-east-1', bucket: 'b', pathStyle: true, accessKeyId: 'k' },
    };
    const form = formFromProfile(view);
    expect(form.id).toBeUndefined();
    const draft = draftFromForm(form);
    expect(draft.objectStore).toEqual(view.objectStore);
    expect(draft.secrets).toEqual({});
  });
});

describe('command palette ranking', () => {
  it('matches subsequences, prefers tight and word-start matches, drops non-matches', async () => {
    const { fuzzyScore, rank } = await import('../../../renderer/src/app/palette-model');
    expect(fuzzyScore('orders-dlq', 'odlq')).not.toBeNull();
    expect(fuzzyScore('orders', 'xyz')).toBeNull();
    const item = (label: string) => ({ id: label, label, hint: '', run: () => undefined });
    expect(rank([item('payments-orders'), item('orders'), item('go to topics')], 'ord').map((i) => i.label)).toEqual(['orders', 'payments-orders']);
    expect(rank([item('a'), item('b')], '')).toHaveLength(2);
  });
});

describe('command palette query', () => {
  it('ignores the spaces a user types between words', async () => {
    const { fuzzyScore } = await import('../../../renderer/src/app/palette-model');
    expect(fuzzyScore('e2e-orders-x1 topic', 'e2e orders')).not.toBeNull();
  });
});
