import type { ISocketFactory, KafkaConfig, SASLOptions } from 'kafkajs';
import { logLevel } from 'kafkajs';
import { FloeError } from '../../../shared/errors';
import type { ResolvedProfile } from '../connections/profile-service';
import { keepWholeResponses, shareConnectAttempts } from './kafkajs-connection';

export interface ClientTimeouts {
  connectionTimeout: number;
  requestTimeout: number;
  retries: number;
}

export const INTERACTIVE: ClientTimeouts = { connectionTimeout: 3000, requestTimeout: 8000, retries: 2 };

/** The kafkajs configuration for a profile. Secrets are read here and nowhere else. */
export function kafkaConfig({ profile, secrets }: ResolvedProfile, t: ClientTimeouts = INTERACTIVE, socketFactory?: ISocketFactory): KafkaConfig {
  shareConnectAttempts();
  keepWholeResponses();
  const sec = profile.kafka.security;
  const config: KafkaConfig = {
    clientId: 'floe',
    brokers: profile.kafka.bootstrap,
    connectionTimeout: t.connectionTimeout,
    authenticationTimeout: t.connectionTimeout,
    requestTimeout: t.requestTimeout,
    retry: { retries: t.retries, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.NOTHING,
    ...(socketFactory ? { socketFactory } : {}),
  };
  if (sec.protocol === 'SSL' || sec.protocol === 'SASL_SSL') {
    if (sec.clientCertPem && !secrets.kafkaClientKeyPem)
      throw new FloeError('BAD_INPUT', `Profile "${profile.name}" has a client certificate but no client key`);
    config.ssl = {
      rejectUnauthorized: !sec.skipVerify,
      ...(sec.caPem ? { ca: [sec.caPem] } : {}),
      ...(sec.clientCertPem ? { cert: sec.clientCertPem, key: secrets.kafkaClientKeyPem } : {}),
      ...(sec.servername ? { servername: sec.servername } : {}),
    };
  }
  if (sec.protocol === 'SASL_PLAINTEXT' || sec.protocol === 'SASL_SSL') {
    const password = secrets.kafkaPassword ?? '';
    const mechanism = sec.mechanism.toLowerCase() as 'plain' | 'scram-sha-256' | 'scram-sha-512';
    config.sasl = { mechanism, username: sec.username, password } as SASLOptions;
  }
  return config;
}
