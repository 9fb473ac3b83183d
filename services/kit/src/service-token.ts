/**
 * A service's own access token: OAuth 2.0 client credentials grant (RFC 6749 §4.4) against the
 * realm's token endpoint, client authentication by HTTP Basic (client_secret_basic). The token is
 * cached and fetched again before it expires; concurrent callers share one request.
 */
export interface ClientCredentials {
  /** `<issuer>/protocol/openid-connect/token` (reached directly, not through the gateway). */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Deadline of one token request. */
  timeoutMs?: number;
  /** Refresh once this fraction of the token's lifetime has passed. */
  refreshAt?: number;
}

/** The token endpoint refused the client or could not be reached. */
export class ServiceTokenError extends Error {
  override readonly name = 'ServiceTokenError';
}

interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
  token_type?: unknown;
  error?: unknown;
  error_description?: unknown;
}

export class ServiceTokenSource {
  private cached: { header: string; refreshAt: number } | undefined;
  private inflight: Promise<string> | undefined;

  constructor(
    private readonly options: ClientCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  /** `Bearer <access token>`, from the cache while it is fresh. */
  async authorization(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return this.cached.header;
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Forget the cached token (e.g. after a 401: keys rotated, session revoked). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { tokenUrl, clientId, clientSecret } = this.options;
    const basic = Buffer.from(
      `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`,
    ).toString('base64');
    const started = this.now();
    let response: Response;
    try {
      response = await fetch(tokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
    } catch (error) {
      throw new ServiceTokenError(
        `token endpoint ${tokenUrl} unreachable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    let body: TokenResponse = {};
    try {
      body = (await response.json()) as TokenResponse;
    } catch {
      // not JSON: reported below by status
    }
    if (
      !response.ok ||
      typeof body.access_token !== 'string' ||
      typeof body.expires_in !== 'number'
    ) {
      const reason =
        typeof body.error === 'string'
          ? `${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}`
          : 'no access_token in the answer';
      throw new ServiceTokenError(
        `token endpoint ${tokenUrl} answered ${response.status} for client ${clientId} (${reason})`,
      );
    }
    const header = `Bearer ${body.access_token}`;
    this.cached = {
      header,
      refreshAt: started + body.expires_in * 1000 * (this.options.refreshAt ?? 0.7),
    };
    return header;
  }
}
