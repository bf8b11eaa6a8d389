export interface LabProcess {
  name: string;
  pid: number;
  log: string;
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
  processes: LabProcess[];
  /** One-line notes worth showing with the lab, e.g. why a component is missing. */
  notes?: string[];
}

export interface StartLabOptions {
  home?: string;
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
}
