import type { AnyCatalogSpec } from '../../../../shared/model/lake';
import type { FileIO } from '../io/file-io';
import type { Catalog } from './catalog';
import { RestCatalog } from './rest/rest-catalog';
import { SqlCatalog } from './sql-catalog';
import { StaticCatalog } from './static-catalog';

/** Opens the catalog a spec names. */
export function openCatalog(io: FileIO, spec: AnyCatalogSpec): Promise<Catalog> {
  switch (spec.kind) {
    case 'sqlite':
      return SqlCatalog.open(io, { path: spec.path, warehouse: spec.warehouse, name: spec.name, create: spec.create });
    case 'metadata':
      return Promise.resolve(new StaticCatalog(io, spec.location));
    case 'rest': {
      const { kind: _kind, ...options } = spec;
      return RestCatalog.open(options);
    }
  }
}
