import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabInfo } from '../../../electron/lab';
import type { Oracle } from './lake-fixtures';

const root = join(import.meta.dirname, '..', '..', '..');

export type S3Lab = NonNullable<LabInfo['s3']>;

/** Runs a pyiceberg fixture script that writes into the lab bucket under `prefix`; returns the folder it wrote its files to. */
function runS3Script(script: string, s3: S3Lab, prefix: string): string {
  execFileSync('bash', [join(root, 'scripts/build-native.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  const python = execFileSync('bash', [join(root, 'scripts/python-oracles.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'floe-lake-s3-'));
  execFileSync(python, [join(root, 'test/fixtures/lake', script), dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      FLOE_S3_ENDPOINT: s3.endpoint,
      FLOE_S3_REGION: s3.region,
      FLOE_S3_BUCKET: s3.bucket,
      FLOE_S3_PREFIX: prefix,
      FLOE_S3_ACCESS_KEY_ID: s3.accessKeyId,
      FLOE_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    },
  });
  return dir;
}

/** pyiceberg writes db.orders into the lab bucket under a fresh prefix (SqlCatalog on a local SQLite file); returns its oracle. */
export function buildS3Table(s3: S3Lab, prefix: string): Oracle & { tables: (Oracle['tables'][number] & { currentFiles: string[] })[] } {
  const dir = runS3Script('build_s3_table.py', s3, prefix);
  return JSON.parse(readFileSync(join(dir, 'oracle.json'), 'utf8')) as ReturnType<typeof buildS3Table>;
}

/** Tables in the lab bucket whose manifests name files outside their own location (build_s3_hostile.py). */
export function buildS3HostileTables(s3: S3Lab, prefix: string): { catalog: string; tables: { name: string; attack: string | null; path: string }[] } {
  const dir = runS3Script('build_s3_hostile.py', s3, prefix);
  return JSON.parse(readFileSync(join(dir, 'hostile.json'), 'utf8')) as ReturnType<typeof buildS3HostileTables>;
}
