import { FloeError } from '../../../shared/errors';
import { labStatus, startLab, stopLab, type LabInfo } from '../../lab';
import { parse } from '../args';
import type { Io } from '../output';

function describe(lab: LabInfo): string {
  const lines = [
    `Kafka PLAINTEXT       ${lab.kafka.plaintext}`,
    `Kafka SASL (SCRAM)    ${lab.kafka.saslScram}   user ${lab.scram.username}, password ${lab.scram.password}`,
    `Kafka SSL             ${lab.kafka.ssl}   CA ${lab.kafka.caPemPath}`,
  ];
  if (lab.kafka.mtls) lines.push(`Kafka mTLS            ${lab.kafka.mtls}   cert ${lab.kafka.clientCertPemPath}, key ${lab.kafka.clientKeyPemPath}`);
  if (lab.registry) lines.push(`Schema registry       ${lab.registry.url}`);
  if (lab.s3) lines.push(`S3                    ${lab.s3.endpoint}   bucket ${lab.s3.bucket}, key ${lab.s3.accessKeyId}`);
  // Their passwords stay in the 0600 state file (`floe lab status --json` prints them).
  if (lab.connect) lines.push(`Kafka Connect         ${lab.connect.url}   ${lab.connect.version}, distributed, user ${lab.connect.username}`);
  if (lab.postgres) lines.push(`PostgreSQL            ${lab.postgres.host}:${lab.postgres.port}   ${lab.postgres.version}, database ${lab.postgres.database}, CDC user ${lab.postgres.user}`);
  for (const note of lab.notes ?? []) lines.push(`Note                  ${note}`);
  lines.push(`Lab folder            ${lab.home}`);
  return lines.join('\n');
}

export const labCommand = {
  summary: 'Local lab: real Kafka 4.3 (KRaft), schema registry, S3 server on 127.0.0.1; Kafka Connect and PostgreSQL on request',
  usage: 'floe lab up [--connect] [--cdc] | down | status [--json]   (--connect: a Kafka Connect worker; --cdc: PostgreSQL too, for Debezium)',
  async run(argv: string[], io: Io): Promise<void> {
    const { values, positionals } = parse(argv, { connect: { type: 'boolean' }, cdc: { type: 'boolean' } });
    const action = positionals[0] ?? 'status';
    if (action === 'up') {
      const started = performance.now();
      const lab = await startLab({ connect: values.connect, cdc: values.cdc, onProgress: values.json ? undefined : (line) => io.err(line) });
      if (values.json) io.out(JSON.stringify(lab, null, 2));
      else io.out(`Lab is up (${((performance.now() - started) / 1000).toFixed(1)} s)\n${describe(lab)}`);
    } else if (action === 'down') {
      const stopped = await stopLab();
      if (values.json) io.out(JSON.stringify({ stopped }));
      else io.out(stopped ? 'Lab stopped' : 'No lab was running');
    } else if (action === 'status') {
      const lab = await labStatus();
      if (values.json) io.out(JSON.stringify(lab, null, 2));
      else io.out(lab ? `Lab is up since ${lab.startedAt}\n${describe(lab)}` : 'Lab is not running (start it with `floe lab up`)');
    } else {
      throw new FloeError('BAD_INPUT', `Unknown lab action "${action}": use up, down or status`);
    }
  },
};
