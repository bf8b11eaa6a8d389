import { FloeError } from '../../../shared/errors';

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  type?: string;
  originalError?: unknown;
  cause?: unknown;
  broker?: string;
}

const TLS_CODES = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
]);

/** The innermost error kafkajs wrapped (retries, non-retriable wrappers). */
function chain(e: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let cur = e as ErrorLike | undefined;
  while (cur && typeof cur === 'object' && out.length < 8) {
    out.push(cur);
    cur = (cur.originalError ?? cur.cause) as ErrorLike | undefined;
  }
  return out;
}

/**
 * Turns what kafkajs throws into a FloeError that says what happened and what to try. `phase`: while
 * connecting, a closed connection hints at a listener that expects another security protocol; once in use,
 * the same listener already worked, so a closed connection was lost (the broker stopped, or the network).
 */
export function kafkaError(e: unknown, bootstrap: string[], security: string, phase: 'connect' | 'in-use' = 'connect'): FloeError {
  if (e instanceof FloeError) return e;
  const errors = chain(e);
  const text = errors.map((x) => `${x.name ?? ''} ${x.code ?? ''} ${x.type ?? ''} ${x.message ?? ''}`).join(' | ');
  const where = bootstrap.join(', ');
  const root = errors[errors.length - 1]?.message ?? String(e);
  const detail = { cause: root };
  const broker = errors.find((x) => x.broker)?.broker ?? where;

  // kafkajs connects "successfully" when ApiVersions times out, and fails the next request with this.
  if (/Broker not connected/.test(text))
    return new FloeError('TIMEOUT', `${broker} accepted the connection but did not answer Kafka's first request (ApiVersions) in time: is it a Kafka listener, and is it stuck?`, detail);

  const tlsCode = errors.find((x) => x.code && TLS_CODES.has(x.code))?.code;
  if (tlsCode === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|before secure TLS connection/i.test(text))
    return new FloeError('TLS_ERROR', `TLS handshake with ${where} failed: the listener does not speak TLS (is it a PLAINTEXT or SASL_PLAINTEXT port?)`, detail);
  if (tlsCode || /certificate|self.signed|CERT_/i.test(text))
    return new FloeError('TLS_ERROR', `TLS with ${where} failed: ${root} — check the CA certificate (and client certificate for mTLS)`, detail);
  if (/SASL|Authentication failed|authenticat/i.test(text) && !/ECONNREFUSED|ENOTFOUND/.test(text))
    return new FloeError('AUTH_FAILED', `Authentication to ${where} failed (${security}): ${root}`, detail);
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return new FloeError('UNREACHABLE', `Host not found: ${where}`, detail);
  // Once in use, the cluster answered on this listener before: a refused reconnect means the broker went away.
  if (/ECONNREFUSED/.test(text) && phase === 'in-use')
    return new FloeError('UNREACHABLE', `Lost the connection to ${broker} while working with it, and reconnecting was refused: the broker stopped or restarted, or its port closed (${root})`, detail);
  if (/ECONNREFUSED/.test(text)) return new FloeError('UNREACHABLE', `Connection refused by ${where}: is the broker running and is the port right?`, detail);
  const timedOut = /Connection timeout|ETIMEDOUT|Request timed out|timed out/i.test(text);
  if (timedOut && phase === 'in-use') return new FloeError('TIMEOUT', `${broker} did not answer in time while working with it: the broker may be overloaded or stuck (${root})`, detail);
  if (timedOut)
    return new FloeError(
      'TIMEOUT',
      `No answer from ${where} in time (${security}). If the listener expects TLS or SASL, pick that security protocol.`,
      detail,
    );
  const closed = /ECONNRESET|Connection closed|socket hang up|EPIPE|Closed connection/i.test(text);
  if (closed && phase === 'in-use')
    return new FloeError('UNREACHABLE', `Lost the connection to ${broker} while working with it: the broker stopped or restarted, or the network dropped (${root})`, detail);
  if (closed)
    return new FloeError(
      'UNREACHABLE',
      `${where} closed the connection (${security}). The listener may expect another security protocol (TLS or SASL).`,
      detail,
    );
  if (errors.some((x) => x.type)) return new FloeError('REMOTE_ERROR', `Kafka answered with an error: ${root}`, { ...detail, type: errors.find((x) => x.type)?.type });
  return new FloeError('INTERNAL', `Kafka client error: ${root}`, detail);
}
