import { describe, expect, it } from 'vitest';
import { catalogFrom } from '../../../electron/cli/lake-target';
import { restCatalogFrom } from '../../../electron/cli/rest-target';

describe('CLI REST catalog target', () => {
  it('takes secrets from the environment only', () => {
    expect(restCatalogFrom('https://cat.example:8181/api', 'lake', { FLOE_REST_CREDENTIAL: 'id:secret', FLOE_REST_SCOPE: 'PRINCIPAL_ROLE:ALL' })).toEqual({
      kind: 'rest',
      uri: 'https://cat.example:8181/api',
      warehouse: 'lake',
      credential: 'id:secret',
      scope: 'PRINCIPAL_ROLE:ALL',
    });
    expect(restCatalogFrom('http://127.0.0.1:8181', undefined, { FLOE_REST_TOKEN: 't0k' })).toEqual({ kind: 'rest', uri: 'http://127.0.0.1:8181', token: 't0k' });
  });

  it('--catalog with an http(s) URI is a REST catalog, and its --warehouse stays a name (not a resolved path)', () => {
    expect(catalogFrom({ catalog: 'http://127.0.0.1:8181', warehouse: 'wh' })).toMatchObject({ kind: 'rest', uri: 'http://127.0.0.1:8181', warehouse: 'wh' });
  });
});
