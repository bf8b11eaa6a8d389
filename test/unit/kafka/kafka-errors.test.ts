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

describe('a broker that answers nothing, or goes away', () => {
  it('"Broker not connected" (kafkajs never got an answer to ApiVersions) says the broker did not answer, and where', () => {
    const error = kafkaError(new Error('Broker not connected'), at, 'PLAINTEXT');
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/^h:9092 accepted the connection but did not answer/);
    expect(error.message).not.toMatch(/Broker not connected/);
  });

  it('a connection closed while in use was lost: it does not blame the security protocol, and names the broker', () => {
    const closed = { name: 'KafkaJSConnectionClosedError', message: 'Closed connection', broker: 'b2:9092', host: 'b2', port: 9092 };
    const inUse = kafkaError(wrap(closed), at, 'PLAINTEXT', 'in-use');
    expect(inUse.code).toBe('UNREACHABLE');
    expect(inUse.message).toMatch(/^Lost the connection to b2:9092/);
    expect(inUse.message).not.toMatch(/security protocol|TLS or SASL/);
    const reset = kafkaError(wrap({ name: 'KafkaJSConnectionError', message: 'Connection error: read ECONNRESET', code: 'ECONNRESET', broker: 'b1:9092' }), at, 'PLAINTEXT', 'in-use');
    expect(reset.message).toMatch(/^Lost the connection to b1:9092/);
  });

  it('a reconnect refused while in use (the broker went away mid-read) says the connection was lost, and where', () => {
    const refused = { name: 'KafkaJSConnectionError', message: 'Connection error: connect ECONNREFUSED 127.0.0.1:9092', code: 'ECONNREFUSED', broker: 'b1:9092' };
    const inUse = kafkaError(wrap(refused), at, 'PLAINTEXT', 'in-use');
    expect(inUse.code).toBe('UNREACHABLE');
    expect(inUse.message).toMatch(/^Lost the connection to b1:9092 .*reconnecting was refused/);
    expect(inUse.message).not.toMatch(/security protocol|TLS or SASL/);
    expect(kafkaError(wrap(refused), at, 'PLAINTEXT').message).toMatch(/^Connection refused by h:9092/); // never connected: the plain refusal
  });

  it('a request that times out once connected does not blame the security protocol either', () => {
    const error = kafkaError(wrap({ name: 'KafkaJSRequestTimeoutError', message: 'Request Fetch(key: 1, version: 11) timed out', broker: 'b1:9092' }), at, 'PLAINTEXT', 'in-use');
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/^b1:9092 did not answer in time/);
    expect(error.message).not.toMatch(/TLS or SASL/);
  });

  it('closed while connecting still suggests another security protocol', () => {
    const error = kafkaError(wrap({ name: 'KafkaJSConnectionClosedError', message: 'Closed connection' }), at, 'PLAINTEXT');
    expect(error.message).toMatch(/another security protocol/);
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
