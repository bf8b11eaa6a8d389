import { FloeError } from '../../../shared/errors';
import { registryRequest, type RegistryEndpoint } from './registry-http';
import type { SchemaReference, SchemaType } from './schema-lookup';

export interface SubjectVersion {
  subject: string;
  id: number;
  version: number;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
}

const LATEST_TTL_MS = 10_000;

/** A subject's schema by version (cached for good) or latest (cached briefly: a new version may be registered). */
export class SubjectSchemas {
  private readonly cache = new Map<string, { at: number; value: Promise<SubjectVersion> }>();

  constructor(private readonly endpoint: RegistryEndpoint) {}

  get(subject: string, version?: number): Promise<SubjectVersion> {
    const key = `${subject}\u0000${version ?? 'latest'}`;
    const hit = this.cache.get(key);
    if (hit && (version !== undefined || Date.now() - hit.at < LATEST_TTL_MS)) return hit.value;
    const value = this.fetch(subject, version);
    value.catch(() => this.cache.delete(key));
    this.cache.set(key, { at: Date.now(), value });
    return value;
  }

  private async fetch(subject: string, version?: number): Promise<SubjectVersion> {
    try {
      const raw = await registryRequest<Partial<SubjectVersion>>(this.endpoint, `/subjects/${encodeURIComponent(subject)}/versions/${version ?? 'latest'}`);
      return {
        subject,
        id: raw.id ?? 0,
        version: raw.version ?? version ?? 0,
        schemaType: raw.schemaType ?? 'AVRO',
        schema: raw.schema ?? '',
        references: raw.references ?? [],
      };
    } catch (e) {
      if (e instanceof FloeError && e.code === 'NOT_FOUND')
        throw new FloeError('NOT_FOUND', `The registry has no subject "${subject}"${version ? ` version ${version}` : ''}`);
      throw e;
    }
  }
}
