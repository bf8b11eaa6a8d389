/** URLs of the Iceberg REST catalog API (open-api/rest-catalog-open-api.yaml). */

/** A multi-level namespace in a path: its parts joined by the unit separator (0x1F), URL-encoded. */
export function namespacePath(namespace: string[]): string {
  return encodeURIComponent(namespace.join('\u001f'));
}

/** The base of the catalog's resource paths: `{uri}/v1/{prefix}`, without a trailing slash. */
export function resourceBase(uri: string, prefix: string | undefined): string {
  const root = `${uri.replace(/\/+$/, '')}/v1`;
  const p = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return p ? `${root}/${p.split('/').map(encodeURIComponent).join('/')}` : root;
}

export function configUrl(uri: string, warehouse: string | undefined): string {
  const base = `${uri.replace(/\/+$/, '')}/v1/config`;
  return warehouse ? `${base}?${new URLSearchParams({ warehouse }).toString()}` : base;
}

/** The default OAuth2 token endpoint of a catalog (deprecated in the spec, but what servers and clients still use). */
export function defaultTokenUrl(uri: string): string {
  return `${uri.replace(/\/+$/, '')}/v1/oauth/tokens`;
}

function withQuery(url: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
  const q = params.toString();
  return q ? `${url}?${q}` : url;
}

export function namespacesUrl(base: string, parent: string[] | undefined, pageToken: string | undefined): string {
  return withQuery(`${base}/namespaces`, { parent: parent && parent.length > 0 ? parent.join('\u001f') : undefined, pageToken });
}

export function tablesUrl(base: string, namespace: string[], pageToken: string | undefined): string {
  return withQuery(`${base}/namespaces/${namespacePath(namespace)}/tables`, { pageToken });
}

export function tableUrl(base: string, namespace: string[], name: string): string {
  return `${base}/namespaces/${namespacePath(namespace)}/tables/${encodeURIComponent(name)}`;
}
