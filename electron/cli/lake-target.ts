import { resolve } from 'node:path';
import { FloeError } from '../../shared/errors';
import type { AnyCatalogSpec, SnapshotSelector } from '../../shared/model/lake';
import { openCore, type CoreSession } from './context';
import { restCatalogFrom } from './rest-target';
import { S3_OPTIONS, S3_PROFILE_ID, s3ProfileFrom } from './s3-target';
import { readTime } from './time-arg';

export const LAKE_OPTIONS = {
  catalog: { type: 'string' },
  warehouse: { type: 'string' },
  ...S3_OPTIONS,
} as const;

type LakeFlags = { catalog?: string; warehouse?: string; 's3-endpoint'?: string; 's3-region'?: string; 's3-path-style'?: boolean };

/** The catalog the flags name and a core that can read its object store (`--s3-*` flags with keys from the environment). */
export function openLake(values: LakeFlags): { catalog: AnyCatalogSpec; core: CoreSession } {
  const s3 = s3ProfileFrom(values);
  const named = catalogFrom(values);
  return { catalog: s3 ? { ...named, objectStore: { profileId: S3_PROFILE_ID } } : named, core: openCore('cli', s3 ? [s3] : []) };
}

/** As openLake, for commands where the catalog is optional (`floe sql "SELECT 1"`). */
export function openLakeMaybe(values: LakeFlags): { catalog: AnyCatalogSpec | undefined; core: CoreSession } {
  if (values.catalog || process.env.FLOE_CATALOG) return openLake(values);
  return { catalog: undefined, core: openCore('cli') };
}

/** `--catalog sqlite:PATH [--warehouse DIR_OR_URL]`, a metadata.json / table folder path, or a REST catalog's http(s) URI. */
export function catalogFrom(values: { catalog?: string; warehouse?: string }): AnyCatalogSpec {
  const text = values.catalog ?? process.env.FLOE_CATALOG;
  if (!text) throw new FloeError('BAD_INPUT', 'Which catalog? Pass --catalog sqlite:PATH (with --warehouse DIR), --catalog PATH/TO/metadata.json or --catalog http(s)://REST-CATALOG');
  if (/^https?:\/\//.test(text)) return restCatalogFrom(text, values.warehouse);
  const warehouse = values.warehouse && !/^[a-z][a-z0-9+.-]*:\/\//i.test(values.warehouse) ? resolve(values.warehouse) : values.warehouse;
  if (text.startsWith('sqlite:')) return { kind: 'sqlite', path: resolve(text.slice('sqlite:'.length)), ...(warehouse ? { warehouse } : {}) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !/^(s3[an]?|file):/.test(text)) throw new FloeError('BAD_INPUT', `Catalog "${text}" is neither sqlite:PATH nor a metadata.json path`);
  return { kind: 'metadata', location: /^[a-z0-9+.-]+:/i.test(text) ? text : resolve(text) };
}

/** `--snapshot ID`, `--ref NAME` or `--as-of TIME` (strict ISO-8601, or epoch milliseconds). */
export function selectorFrom(values: { snapshot?: string; ref?: string; 'as-of'?: string }): SnapshotSelector {
  const sel: SnapshotSelector = {};
  if (values.snapshot !== undefined) {
    if (!/^-?\d+$/.test(values.snapshot)) throw new FloeError('BAD_INPUT', `--snapshot takes a snapshot id (digits), not "${values.snapshot}"`);
    sel.snapshotId = BigInt(values.snapshot);
  }
  if (values.ref !== undefined) sel.ref = values.ref;
  if (values['as-of'] !== undefined) {
    const t = values['as-of'];
    const time = readTime(/^\d+$/.test(t) ? `@${t}` : t);
    if (!time.ok) throw new FloeError('BAD_INPUT', `--as-of takes an ISO-8601 time or epoch milliseconds: "${t}" ${time.why}`);
    sel.asOfMs = time.ms;
  }
  return sel;
}
