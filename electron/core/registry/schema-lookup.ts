import { FloeError } from '../../../shared/errors';
import type { SchemaReference, SchemaType } from '../../../shared/model/schemas';
import { resolveReferences, type ResolvedReferences } from './references';
import { registryRequest, type RegistryEndpoint } from './registry-http';

export type { SchemaReference, SchemaType };

export interface RegisteredSchema {
  id: number;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
  /** Referenced schemas by reference name (an import path for Protobuf, a type name for Avro), resolved transitively. */
  resolvedReferences: ResolvedReferences;
}

interface RawSchema {
  schema: string;
  schemaType?: SchemaType;
  references?: SchemaReference[];
}

/** How long a failed lookup is remembered, so a scan over a registry that is down does not ask per record. */
const FAILURE_TTL_MS = 5000;

/** Schemas by id, fetched once and kept (ids are immutable in a registry); references resolved too. */
export class SchemaLookup {
  private readonly byId = new Map<number, Promise<RegisteredSchema>>();
  private readonly failedAt = new Map<number, number>();

  constructor(private readonly endpoint: RegistryEndpoint) {}

  get(id: number): Promise<RegisteredSchema> {
    const failed = this.failedAt.get(id);
    if (failed !== undefined && Date.now() - failed > FAILURE_TTL_MS) {
      this.byId.delete(id);
      this.failedAt.delete(id);
    }
    let found = this.byId.get(id);
    if (!found) {
      found = this.fetch(id);
      found.catch(() => this.failedAt.set(id, Date.now()));
      this.byId.set(id, found);
    }
    return found;
  }

  private async fetch(id: number): Promise<RegisteredSchema> {
    let raw: RawSchema;
    try {
      raw = await registryRequest<RawSchema>(this.endpoint, `/schemas/ids/${id}`);
    } catch (e) {
      if (e instanceof FloeError && e.code === 'NOT_FOUND') throw new FloeError('NOT_FOUND', `unknown schema id ${id}: the registry at ${this.endpoint.url} has no such schema`);
      throw e;
    }
    const resolvedReferences = await resolveReferences(this.endpoint, raw.references ?? []);
    return { id, schemaType: raw.schemaType ?? 'AVRO', schema: raw.schema, references: raw.references ?? [], resolvedReferences };
  }
}
