import type { ProfileService } from '../connections/profile-service';
import { PartDecoder } from '../decode/part-decoder';
import { FloeError } from '../../../shared/errors';
import { RegistryApi } from './registry-api';
import type { RegistryEndpoint } from './registry-http';
import { SchemaLookup } from './schema-lookup';
import { SubjectSchemas } from './subject-schemas';

export interface ProfileRegistry {
  endpoint: RegistryEndpoint;
  schemas: SchemaLookup;
  subjects: SubjectSchemas;
  /** Subjects, versions, levels, registration: the workbench's adapter over every registry's differences. */
  api: RegistryApi;
}

/** One schema cache per profile (schema ids never change meaning), dropped when the profile changes. */
export class RegistryClients {
  private readonly cache = new Map<string, ProfileRegistry | null>();
  private readonly decoders = new Map<string, PartDecoder>();

  constructor(private readonly profiles: ProfileService) {
    profiles.onChange((id) => {
      this.cache.delete(id);
      this.decoders.delete(id);
    });
  }

  /** The profile's part decoder: compiled schemas are kept across pages, tails and scans. */
  decoder(profileId: string): PartDecoder {
    let decoder = this.decoders.get(profileId);
    if (!decoder) {
      decoder = new PartDecoder(this.get(profileId)?.schemas ?? null);
      this.decoders.set(profileId, decoder);
    }
    return decoder;
  }

  /** null when the profile has no registry. */
  get(profileId: string): ProfileRegistry | null {
    if (this.cache.has(profileId)) return this.cache.get(profileId)!;
    const { profile, secrets } = this.profiles.resolve(profileId);
    const registry = profile.registry
      ? (() => {
          const endpoint: RegistryEndpoint = { url: profile.registry.url, username: profile.registry.username, password: secrets.registryPassword };
          return { endpoint, schemas: new SchemaLookup(endpoint), subjects: new SubjectSchemas(endpoint), api: new RegistryApi(endpoint) };
        })()
      : null;
    this.cache.set(profileId, registry);
    return registry;
  }

  /** The profile's registry, or a BAD_INPUT error naming the profile that has none. */
  require(profileId: string): ProfileRegistry {
    const registry = this.get(profileId);
    if (!registry) throw new FloeError('BAD_INPUT', `Profile "${this.profiles.resolve(profileId).profile.name}" has no schema registry: add its URL to the profile`);
    return registry;
  }
}
