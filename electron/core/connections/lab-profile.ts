import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import type { LabSummary } from '../../../shared/model/app';
import { readLabState } from '../../lab/status';
import type { LabInfo } from '../../lab/types';
import type { ResolvedProfile } from './profile-service';

/** The lab's Kafka Connect worker in the Local lab profile (`floe lab up --connect`). */
export const LAB_CONNECT_ID = 'lab';

/** The built-in "Local lab" profile while a lab runs: SCRAM over SASL_PLAINTEXT would work too, PLAINTEXT is simplest. */
export function labProfiles(labHome?: string): ResolvedProfile[] {
  const lab = readLabState(labHome);
  return lab ? [labProfile(lab)] : [];
}

export function labProfile(lab: LabInfo): ResolvedProfile {
  const at = lab.startedAt;
  return {
    profile: {
      id: LOCAL_LAB_PROFILE_ID,
      name: 'Local lab',
      createdAt: at,
      updatedAt: at,
      kafka: { bootstrap: [lab.kafka.plaintext], security: { protocol: 'PLAINTEXT' } },
      ...(lab.registry ? { registry: { url: lab.registry.url, ...(lab.registry.username ? { username: lab.registry.username } : {}) } } : {}),
      ...(lab.s3
        ? {
            objectStore: {
              kind: 's3' as const,
              endpoint: lab.s3.endpoint,
              region: lab.s3.region,
              bucket: lab.s3.bucket,
              pathStyle: true,
              accessKeyId: lab.s3.accessKeyId,
            },
          }
        : {}),
      ...(lab.connect ? { connect: [{ id: LAB_CONNECT_ID, name: 'Lab Connect', urls: [lab.connect.url], username: lab.connect.username, skipVerify: false }] } : {}),
    },
    secrets: {
      ...(lab.registry?.password ? { registryPassword: lab.registry.password } : {}),
      ...(lab.s3 ? { s3SecretAccessKey: lab.s3.secretAccessKey } : {}),
      ...(lab.connect ? { connect: { [LAB_CONNECT_ID]: { password: lab.connect.password } } } : {}),
    },
  };
}

export function labSummary(labHome?: string): LabSummary | null {
  const lab = readLabState(labHome);
  if (!lab) return null;
  const summary: LabSummary = { bootstrap: lab.kafka.plaintext, startedAt: lab.startedAt };
  if (lab.registry) summary.registryUrl = lab.registry.url;
  if (lab.s3) summary.s3Endpoint = lab.s3.endpoint;
  return summary;
}
