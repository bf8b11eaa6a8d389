/** Error codes that cross the wire. A code says what kind of thing went wrong; the message says what exactly. */
export const ERROR_CODES = [
  'BAD_INPUT', // the request itself is invalid (schema validation, malformed value)
  'NOT_FOUND', // a named thing (profile, topic, procedure) does not exist
  'CONFLICT', // a name is taken, a file changed underneath
  'UNREACHABLE', // host unknown, connection refused
  'TIMEOUT', // no answer in time
  'AUTH_FAILED', // credentials rejected
  'TLS_ERROR', // handshake failed, certificate not trusted, TLS spoken to a plaintext port
  'REMOTE_ERROR', // the remote answered with an error of its own
  'STORE_CORRUPT', // a file of Floe's own could not be read
  'CANCELLED', // the caller cancelled
  'UNAUTHORIZED', // the transport refused the caller (token)
  'UNSUPPORTED', // a feature or version Floe does not handle
  'INTERNAL', // a bug: anything else
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorData {
  code: ErrorCode;
  message: string;
  detail?: unknown;
}

export class FloeError extends Error {
  override readonly name = 'FloeError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
  }

  toData(): ErrorData {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }

  static fromData(data: ErrorData): FloeError {
    const code = (ERROR_CODES as readonly string[]).includes(data.code) ? data.code : 'INTERNAL';
    return new FloeError(code, data.message, data.detail);
  }
}

export function isFloeError(e: unknown, code?: ErrorCode): e is FloeError {
  return e instanceof FloeError && (code === undefined || e.code === code);
}

/** Any thrown value as error data; unknown errors become INTERNAL with their message kept. */
export function toErrorData(e: unknown): ErrorData {
  if (e instanceof FloeError) return e.toData();
  if (e instanceof Error) return { code: 'INTERNAL', message: e.message || e.name };
  return { code: 'INTERNAL', message: String(e) };
}

export function cancelled(): FloeError {
  return new FloeError('CANCELLED', 'Cancelled');
}
