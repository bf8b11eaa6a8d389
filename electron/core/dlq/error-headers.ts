import type { DlqError, DlqMapping } from '../../../shared/model/dlq';
import type { RawHeader } from '../kafka/record-batch';

export const CONNECT_PREFIX = '__connect.errors.';
export const SPRING_PREFIX = 'kafka_dlt-';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True for a header that describes the failure rather than the record: removed when a dead letter is replayed. */
export function isErrorHeader(key: string, mappings: readonly DlqMapping[] = []): boolean {
  if (key.startsWith(CONNECT_PREFIX) || key.startsWith(SPRING_PREFIX)) return true;
  for (const m of mappings) {
    if (m.prefix && key.startsWith(m.prefix)) return true;
    for (const name of Object.values(m.headers)) if (name === key) return true;
  }
  return false;
}

/** Header lookup by name (the last value wins, as Kafka clients' lastHeader does); a scan, as records carry few headers. */
class HeaderReader {
  constructor(
    private readonly headers: readonly RawHeader[],
    private readonly problems: string[],
    /** Decode stack traces (kilobytes each); off when only the cause is wanted. */
    readonly full: boolean,
  ) {}

  private last(name: string): RawHeader | undefined {
    for (let i = this.headers.length - 1; i >= 0; i--) if (this.headers[i]!.key === name) return this.headers[i];
    return undefined;
  }

  has(name: string): boolean {
    return this.last(name) !== undefined;
  }

  bytes(name: string | undefined): Buffer | null | undefined {
    return name === undefined ? undefined : this.last(name)?.value;
  }

  text(name: string | undefined): string | undefined {
    const bytes = this.bytes(name || undefined);
    if (bytes === null || bytes === undefined) return undefined;
    try {
      return utf8.decode(bytes);
    } catch {
      this.problems.push(`${name} is not UTF-8 text (${bytes.length} bytes)`);
      return undefined;
    }
  }

  /** A number written as decimal text (Kafka Connect) or as a big-endian int/long (Spring); `binary` tries bytes first. */
  number(name: string | undefined, binary: boolean): number | undefined {
    const bytes = this.bytes(name || undefined);
    if (!bytes) return undefined;
    if (binary && (bytes.length === 4 || bytes.length === 8)) {
      const n = bytes.length === 4 ? bytes.readInt32BE(0) : Number(bytes.readBigInt64BE(0));
      if (n >= 0 && Number.isSafeInteger(n)) return n;
    }
    const text = bytes.toString('latin1').trim();
    if (/^\d{1,16}$/.test(text)) return Number(text);
    this.problems.push(`${name} is not a number (${JSON.stringify(text.slice(0, 40))})`);
    return undefined;
  }
}

const CAUSED_BY = Buffer.from('Caused by: ');

/** The last `Caused by: Class: message` of a Java stack trace (its first line), found in the bytes: the trace itself is not decoded. */
export function rootCauseOf(stacktrace: Buffer | null | undefined): DlqError['rootCause'] {
  if (!stacktrace) return undefined;
  const at = stacktrace.lastIndexOf(CAUSED_BY);
  if (at < 0) return undefined;
  const start = at + CAUSED_BY.length;
  const end = stacktrace.indexOf(10, start);
  const line = stacktrace.toString('utf8', start, end < 0 ? stacktrace.length : end).trim();
  const colon = line.indexOf(': ');
  return colon < 0 ? { exceptionClass: line, message: '' } : { exceptionClass: line.slice(0, colon), message: line.slice(colon + 2) };
}

function source(topic: string | undefined, partition: number | undefined, offset: number | undefined): DlqError['source'] {
  if (topic === undefined) return undefined;
  return { topic, ...(partition !== undefined ? { partition } : {}), ...(offset !== undefined ? { offset } : {}) };
}

/** Drops undefined fields, so records compare and serialise cleanly. */
function compact(e: DlqError): DlqError {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as unknown as DlqError;
}

const connectSource = (h: HeaderReader) => source(h.text(`${CONNECT_PREFIX}topic`), h.number(`${CONNECT_PREFIX}partition`, false), h.number(`${CONNECT_PREFIX}offset`, false));
const springSource = (h: HeaderReader) => source(h.text(`${SPRING_PREFIX}original-topic`), h.number(`${SPRING_PREFIX}original-partition`, true), h.number(`${SPRING_PREFIX}original-offset`, true));
const mappedSource = (h: HeaderReader, m: DlqMapping) => source(h.text(m.headers.sourceTopic), h.number(m.headers.sourcePartition, true), h.number(m.headers.sourceOffset, true));

function connectError(h: HeaderReader, problems: string[]): DlqError {
  const p = (name: string) => `${CONNECT_PREFIX}${name}`;
  const trace = p('exception.stacktrace');
  return compact({
    convention: 'connect',
    source: connectSource(h),
    connector: h.text(p('connector.name')),
    taskId: h.text(p('task.id')),
    stage: h.text(p('stage')),
    className: h.text(p('class.name')),
    exceptionClass: h.text(p('exception.class.name')),
    message: h.text(p('exception.message')),
    stacktrace: h.full ? h.text(trace) : undefined,
    rootCause: rootCauseOf(h.bytes(trace)),
    problems,
  });
}

function springError(h: HeaderReader, problems: string[]): DlqError {
  const p = (name: string) => `${SPRING_PREFIX}${name}`;
  // A key that failed to deserialize is reported under kafka_dlt-key-exception-*.
  const which = h.has(p('exception-fqcn')) || !h.has(p('key-exception-fqcn')) ? 'exception' : 'key-exception';
  const trace = p(`${which}-stacktrace`);
  const cause = h.text(p('exception-cause-fqcn'));
  return compact({
    convention: 'spring',
    source: springSource(h),
    connector: h.text(p('original-consumer-group')),
    stage: which === 'key-exception' ? 'KEY_DESERIALIZER' : undefined,
    exceptionClass: h.text(p(`${which}-fqcn`)),
    message: h.text(p(`${which}-message`)),
    stacktrace: h.full ? h.text(trace) : undefined,
    rootCause: rootCauseOf(h.bytes(trace)) ?? (cause ? { exceptionClass: cause, message: '' } : undefined),
    originalTimestamp: h.number(p('original-timestamp'), true),
    problems,
  });
}

function mappedError(h: HeaderReader, m: DlqMapping, problems: string[]): DlqError {
  return compact({
    convention: 'mapping',
    mapping: m.name,
    source: mappedSource(h, m),
    connector: h.text(m.headers.connector),
    stage: h.text(m.headers.stage),
    exceptionClass: h.text(m.headers.exceptionClass),
    message: h.text(m.headers.message),
    stacktrace: h.full ? h.text(m.headers.stacktrace) : undefined,
    rootCause: rootCauseOf(h.bytes(m.headers.stacktrace)),
    problems,
  });
}

const mapped = (h: HeaderReader, m: DlqMapping) => (m.headers.exceptionClass !== undefined && h.has(m.headers.exceptionClass)) || (m.headers.message !== undefined && h.has(m.headers.message));

/** Which convention's headers, if any, a record carries: Kafka Connect, then Spring, then the user's mappings. */
export function conventionOf(headers: readonly RawHeader[], mappings: readonly DlqMapping[] = []): DlqError['convention'] {
  let spring = false;
  for (const { key } of headers) {
    if (key.startsWith(CONNECT_PREFIX)) return 'connect';
    if (key.startsWith(SPRING_PREFIX)) spring = true;
  }
  if (spring) return 'spring';
  if (mappings.length === 0) return null;
  const h = new HeaderReader(headers, [], false);
  return mappings.some((m) => mapped(h, m)) ? 'mapping' : null;
}

/**
 * The error a dead letter's headers describe; missing or unreadable headers leave fields out and say why in
 * `problems`. `full: false` leaves the stack trace out (the root cause is still read from it).
 */
export function parseErrorHeaders(headers: readonly RawHeader[], mappings: readonly DlqMapping[] = [], full = true): DlqError {
  const problems: string[] = [];
  const h = new HeaderReader(headers, problems, full);
  const convention = conventionOf(headers, mappings);
  if (convention === 'connect') return connectError(h, problems);
  if (convention === 'spring') return springError(h, problems);
  const mapping = mappings.find((m) => mapped(h, m));
  if (mapping) return mappedError(h, mapping, problems);
  return { convention: null, problems: headers.length === 0 ? ['the record has no headers'] : ['the record carries no error headers of a known convention'] };
}

/** Only the source a dead letter names (what a replay routes by), the same as parseErrorHeaders' `source`, without reading the rest. */
export function errorSource(headers: readonly RawHeader[], mappings: readonly DlqMapping[] = []): DlqError['source'] {
  const h = new HeaderReader(headers, [], false);
  const convention = conventionOf(headers, mappings);
  if (convention === 'connect') return connectSource(h);
  if (convention === 'spring') return springSource(h);
  const mapping = mappings.find((m) => mapped(h, m));
  return mapping ? mappedSource(h, mapping) : undefined;
}
