import { describe, expect, it } from 'vitest';
import { kafkaError } from '../../../electron/core/kafka/kafka-errors';

const wrap = (inner: object) => Object.assign(new Error('retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: inner });
const at = ['h:9092'];

describe('kafka error mapping', () => {
  it.each([
    [{ name: 'KafkaJSConnectionError', message: 'Connection error: connect ECONNREFUSED 127.0.0.1:9092', code: 'ECONNREFUSED' }, 'UNREACHABLE', /refused/],
    [{ name: 'KafkaJSConnectionError', message: 'getaddrinfo ENOTFOUND nohost', code: 'ENOTFOUND' }, 'UNREACHABLE', /Host not found/],
    [{ name: 'KafkaJSSASLAuthenticationError', message: 'SASL SCRAM SHA512 authentication failed: Authentication failed' }, 'AUTH_FAILED', /Authentication to h:9092 failed/],
    [{ name: 'KafkaJSConnectionError', message: 'Connection timeout' }, 'TIMEOUT', /TLS or SASL/],
    [{ name: 'Error', code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'wrong version number' }, 'TLS_ERROR', /does not speak TLS/],
    [{ name: 'Error', code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain' }, 'TLS_ERROR', /CA certificate/],
    [{ name: 'KafkaJSProtocolError', type: 'TOPIC_AUTHORIZATION_FAILED', message: 'Not authorized to access topics' }, 'REMOTE_ERROR', /Not authorized/],
  ])('%o → %s', (inner, code, message) => {
    const error = kafkaError(wrap(inner), at, 'SASL_PLAINTEXT');
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('Kafka version from the metadata.version feature', () => {
  it('names the release the broker supports and the level the cluster runs at', async () => {
    const { describeKafkaVersion } = await import('../../../electron/core/kafka/broker-features');
    expect(describeKafkaVersion({ supportedLevel: 30, finalizedLevel: 30 })).toBe('Kafka 4.3 (metadata.version 4.3-IV0)');
    expect(describeKafkaVersion({ supportedLevel: 30, finalizedLevel: 25 })).toBe('Kafka 4.3 (metadata.version 4.0-IV3)');
    expect(describeKafkaVersion({ supportedLevel: 99 })).toMatch(/newer than Kafka 4.4/);
    expect(describeKafkaVersion({})).toBeUndefined();
  });
});
