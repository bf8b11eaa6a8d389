export type LabErrorCode = 'MISSING_PREREQUISITE' | 'START_FAILED' | 'TIMEOUT';

/** Everything the lab throws on purpose: the message is one line a person can act on. */
export class LabError extends Error {
  constructor(
    message: string,
    readonly code: LabErrorCode,
  ) {
    super(message);
    this.name = 'LabError';
  }
}
