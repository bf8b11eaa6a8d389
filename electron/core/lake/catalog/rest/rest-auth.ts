import { FloeError } from '../../../../../shared/errors';
import { restRequest } from './rest-http';

export interface RestAuthOptions {
  /** A bearer token to send as is. */
  token?: string;
  /** OAuth2 client credentials, `client_id:client_secret` (or a secret alone), exchanged for a token. */
  credential?: string;
  /** The token endpoint; by default the catalog's `v1/oauth/tokens`. */
  tokenUrl: string;
  scope?: string;
}

/**
 * The Authorization header of a REST catalog's requests: a given bearer token, or one obtained with the OAuth2
 * client credentials grant (RFC 6749 §4.4) and fetched again once when the catalog answers 401.
 */
export class RestAuth {
  private token: string | undefined;
  constructor(private readonly options: RestAuthOptions) {
    this.token = options.token;
  }

  get canRefresh(): boolean {
    return Boolean(this.options.credential);
  }

  async headers(signal?: AbortSignal): Promise<Record<string, string>> {
    if (!this.token && this.options.credential) this.token = await this.fetchToken(signal);
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  /** Drops a token the catalog refused, so the next request fetches a new one. */
  invalidate(): void {
    if (this.options.credential) this.token = undefined;
  }

  private async fetchToken(signal?: AbortSignal): Promise<string> {
    const credential = this.options.credential ?? '';
    const colon = credential.indexOf(':');
    const form: Record<string, string> = { grant_type: 'client_credentials', scope: this.options.scope ?? 'catalog' };
    if (colon >= 0) {
      form.client_id = credential.slice(0, colon);
      form.client_secret = credential.slice(colon + 1);
    } else form.client_secret = credential;
    const { json } = await restRequest({ method: 'POST', url: this.options.tokenUrl, what: 'an OAuth2 token (client credentials)', form, ...(signal ? { signal } : {}) });
    const token = json && typeof json === 'object' && !Array.isArray(json) ? json.access_token : undefined;
    if (typeof token !== 'string' || !token)
      throw new FloeError('REMOTE_ERROR', `The token endpoint ${this.options.tokenUrl} answered without an access_token`);
    return token;
  }
}
