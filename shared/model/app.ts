export interface AppInfo {
  version: string;
  /** Which shell hosts the core. */
  mode: 'desktop' | 'browser' | 'cli' | 'test';
  dataDir: string;
  /** Where secrets are kept, in words ("Electron safeStorage", "encrypted file, key from …"). */
  secretStorage: string;
  lab: LabSummary | null;
}

export interface LabSummary {
  bootstrap: string;
  registryUrl?: string;
  s3Endpoint?: string;
  startedAt: string;
}
