export interface LabProcess {
  name: string;
  pid: number;
  log: string;
  /** The signal that stops it cleanly, when not SIGTERM (PostgreSQL: SIGINT, a fast shutdown). */
  stopSignal?: NodeJS.Signals;
}

/** What a running lab offers, as written to state.json (mode 0600: it holds credentials). */
export interface LabInfo {
  /** The lab state folder. */
  home: string;
  startedAt: string;
  kafka: {
    plaintext: string;
    saslScram: string;
    ssl: string;
    mtls?: string;
    clusterId: string;
    caPemPath: string;
    clientCertPemPath?: string;
    clientKeyPemPath?: string;
  };
  /** The same user works for SCRAM-SHA-256 and SCRAM-SHA-512. */
  scram: { username: string; password: string };
  registry?: { url: string; username?: string; password?: string };
  s3?: { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: true };
  /** A Kafka Connect worker (distributed mode) with the Iceberg sink and Debezium PostgreSQL plugins: `floe lab up --connect`. */
  connect?: {
    url: string;
    /** Every REST call needs these (HTTP basic auth). */
    username: string;
    password: string;
    version: string;
    groupId: string;
    /** Its config, offset and status topics. */
    internalTopics: string[];
    /** Config values that stand for lab secrets (the worker resolves them): e.g. `database.password` of a Debezium connector. */
    secretRefs: { postgresPassword: string };
  };
  /** PostgreSQL with logical decoding for Debezium: `floe lab up --cdc`. */
  postgres?: {
    host: string;
    port: number;
    database: string;
    /** A replication user (not a superuser) with SELECT on the lab database's public schema; SCRAM over TCP. */
    user: string;
    password: string;
    /** The superuser, trusted over the Unix socket in `socketDir` only. */
    adminUser: string;
    socketDir: string;
    /** The server's binaries (psql among them). */
    binDir: string;
    version: string;
  };
  processes: LabProcess[];
  /** One-line notes worth showing with the lab, e.g. why a component is missing. */
  notes?: string[];
}

export interface StartLabOptions {
  home?: string;
  /** Also run a Kafka Connect worker (added to a lab that runs without one). */
  connect?: boolean;
  /** Also run PostgreSQL for change data capture; implies `connect` (Debezium runs on the worker). */
  cdc?: boolean;
  /** Kafka alone: no schema registry, no object store (a second, cheap cluster). Parts (connect, cdc) are not for it. */
  kafkaOnly?: boolean;
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
}
