// The local lab: a real Kafka (KRaft), schema registry and S3 server on 127.0.0.1, and on request a
// Kafka Connect worker and PostgreSQL, started as detached processes that outlive `floe lab up`.
// Plain Node; never imports electron.
export type { LabInfo, LabProcess, StartLabOptions } from './types';
export { LabError, type LabErrorCode } from './errors';
export { labHome, cacheDir } from './paths';
export { startLab } from './start';
export { stopLab, labStatus, readLabState } from './status';
export { adminPsql as labPsql } from './postgres';
export { basicAuth } from './connect';
