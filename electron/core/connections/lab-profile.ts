import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import type { LabSummary } from '../../../shared/model/app';
import { readLabState, type LabInfo } from '../../lab';
import type { ResolvedProfile } from './profile-service';

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
    },
    secrets: {
      ...(lab.registry?.password ? { registryPassword: lab.registry.password } : {}),
      ...(lab.s3 ? { s3SecretAccessKey: lab.s3.secretAccessKey } : {}),
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
