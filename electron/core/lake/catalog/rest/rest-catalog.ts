import { FloeError } from '../../../../../shared/errors';
import type { TableId } from '../../../../../shared/model/lake';
import { stringifyExactJson, type ExactJson } from '../../spec/exact-json';
import { parseTableMetadata } from '../../spec/metadata';
import { ReadOnlyCatalog, tableName, type LoadedTable } from '../catalog';
import { RestAuth } from './rest-auth';
import { restRequest, type RestResponse } from './rest-http';
import { configUrl, defaultTokenUrl, namespacesUrl, resourceBase, tablesUrl, tableUrl } from './rest-paths';

export interface RestCatalogOptions {
  /** The catalog's base URI, e.g. http://127.0.0.1:8181 (the API lives under {uri}/v1). */
  uri: string;
  warehouse?: string;
  token?: string;
  /** OAuth2 client credentials `client_id:client_secret`. */
  credential?: string;
  scope?: string;
  /** Token endpoint; default {uri}/v1/oauth/tokens, or the config's `oauth2-server-uri`. */
  oauth2ServerUri?: string;
}

type Obj = { [key: string]: ExactJson };
const isObj = (v: ExactJson | undefined): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const MAX_PAGES = 1000;

function stringMap(v: ExactJson | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

function malformed(res: RestResponse, what: string): FloeError {
  return new FloeError('REMOTE_ERROR', `The REST catalog's answer at ${res.url} is not ${what}`);
}

/**
 * An Iceberg REST catalog (read-only in Floe): the config endpoint settles prefix and properties (server defaults,
 * then the client's, then server overrides), then namespaces and tables are listed (following page tokens) and a
 * table loads as its metadata location plus the metadata the server sends.
 */
export class RestCatalog extends ReadOnlyCatalog {
  private constructor(
    private readonly options: RestCatalogOptions,
    private readonly auth: RestAuth,
    /** {uri}/v1[/{prefix}] */
    readonly base: string,
    readonly properties: Record<string, string>,
  ){
    super();
  }

  static async open(options: RestCatalogOptions, signal?: AbortSignal): Promise<RestCatalog> {
    if (!/^https?:\/\/[^/]/.test(options.uri)) throw new FloeError('BAD_INPUT', `"${options.uri}" is not an http(s):// URI of a REST catalog`);
    const auth = new RestAuth({
      ...(options.token ? { token: options.token } : {}),
      ...(options.credential ? { credential: options.credential } : {}),
      ...(options.scope ? { scope: options.scope } : {}),
      tokenUrl: options.oauth2ServerUri ?? defaultTokenUrl(options.uri),
    });
    const res = await restRequest({ method: 'GET', url: configUrl(options.uri, options.warehouse), what: 'the catalog config', headers: await auth.headers(signal), ...(signal ? { signal } : {}) });
    if (!isObj(res.json)) throw malformed(res, 'a catalog config');
    const client: Record<string, string> = options.warehouse ? { warehouse: options.warehouse } : {};
    const properties = { ...stringMap(res.json.defaults), ...client, ...stringMap(res.json.overrides) };
    const uri = properties.uri && /^https?:\/\//.test(properties.uri) ? properties.uri : options.uri;
    return new RestCatalog({ ...options, uri }, auth, resourceBase(uri, properties.prefix), properties);
  }

  get description(): string {
    return `REST catalog ${this.options.uri}${this.options.warehouse ? ` (warehouse ${this.options.warehouse})` : ''}`;
  }

  /** A GET with the catalog's auth; a 401 with client credentials fetches a new token and tries once more. */
  private async get(url: string, what: string): Promise<RestResponse> {
    try {
      return await restRequest({ method: 'GET', url, what, headers: await this.auth.headers() });
    } catch (e) {
      if (!(e instanceof FloeError && e.code === 'AUTH_FAILED' && this.auth.canRefresh)) throw e;
      this.auth.invalidate();
      return restRequest({ method: 'GET', url, what, headers: await this.auth.headers() });
    }
  }

  /** Every page of a list endpoint, following `next-page-token`. */
  private async pages(url: (token: string | undefined) => string, what: string, field: string): Promise<ExactJson[]> {
    const items: ExactJson[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.get(url(token), what);
      const list = isObj(res.json) ? res.json[field] : undefined;
      if (!Array.isArray(list)) throw malformed(res, `a list of ${field}`);
      items.push(...list);
      const next = isObj(res.json) ? res.json['next-page-token'] : null;
      if (typeof next !== 'string' || next === '') return items;
      token = next;
    }
    throw new FloeError('REMOTE_ERROR', `The REST catalog kept sending page tokens for ${what} (over ${MAX_PAGES} pages)`);
  }

  /** All namespaces, nested ones included (each level listed with `parent`). */
  async listNamespaces(): Promise<string[][]> {
    const out: string[][] = [];
    const queue: (string[] | undefined)[] = [undefined];
    while (queue.length > 0 && out.length < 10_000) {
      const parent = queue.shift();
      const list = await this.pages((t) => namespacesUrl(this.base, parent, t), parent ? `the namespaces under ${parent.join('.')}` : 'the namespaces', 'namespaces');
      for (const ns of list) {
        if (!Array.isArray(ns) || !ns.every((p) => typeof p === 'string')) continue;
        const parts = ns as string[];
        // Servers without nesting answer `parent` with the same top level: only strictly deeper names recurse.
        if (parent && (parts.length <= parent.length || parent.some((p, i) => parts[i] !== p))) continue;
        out.push(parts);
        queue.push(parts);
      }
    }
    return out.sort((a, b) => a.join('.').localeCompare(b.join('.')));
  }

  async listTables(namespace?: string[]): Promise<TableId[]> {
    const namespaces = namespace ? [namespace] : await this.listNamespaces();
    const out: TableId[] = [];
    for (const ns of namespaces) {
      const ids = await this.pages((t) => tablesUrl(this.base, ns, t), `the tables of namespace ${ns.join('.')}`, 'identifiers');
      for (const id of ids) {
        if (!isObj(id) || typeof id.name !== 'string' || !Array.isArray(id.namespace)) continue;
        out.push({ namespace: id.namespace.filter((p): p is string => typeof p === 'string'), name: id.name });
      }
    }
    return out;
  }

  async loadTable(id: TableId): Promise<LoadedTable> {
    if (id.namespace.length === 0) throw new FloeError('BAD_INPUT', `Table "${id.name}" needs a namespace in a REST catalog (namespace.table)`);
    const res = await this.get(tableUrl(this.base, id.namespace, id.name), `table ${tableName(id)}`);
    if (!isObj(res.json) || !isObj(res.json.metadata)) throw malformed(res, `the metadata of table ${tableName(id)}`);
    const location = res.json['metadata-location'];
    const metadataLocation = typeof location === 'string' ? location : `${res.url} (no metadata-location: staged table)`;
    return { id, metadataLocation, metadata: parseTableMetadata(stringifyExactJson(res.json.metadata), res.url) };
  }
}
