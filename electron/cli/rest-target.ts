import type { RestCatalogSpec } from '../../shared/model/lake';

/**
 * `--catalog http(s)://HOST[:PORT][/PATH] [--warehouse NAME]`: an Iceberg REST catalog. Secrets come from the
 * environment, never from flags: FLOE_REST_TOKEN (a bearer token) or FLOE_REST_CREDENTIAL (OAuth2 client
 * credentials `client_id:client_secret`), with FLOE_REST_SCOPE and FLOE_REST_OAUTH2_URI when the catalog needs them.
 */
export function restCatalogFrom(uri: string, warehouse: string | undefined, env: NodeJS.ProcessEnv = process.env): RestCatalogSpec {
  return {
    kind: 'rest',
    uri,
    ...(warehouse ? { warehouse } : {}),
    ...(env.FLOE_REST_TOKEN ? { token: env.FLOE_REST_TOKEN } : {}),
    ...(env.FLOE_REST_CREDENTIAL ? { credential: env.FLOE_REST_CREDENTIAL } : {}),
    ...(env.FLOE_REST_SCOPE ? { scope: env.FLOE_REST_SCOPE } : {}),
    ...(env.FLOE_REST_OAUTH2_URI ? { oauth2ServerUri: env.FLOE_REST_OAUTH2_URI } : {}),
  };
}
