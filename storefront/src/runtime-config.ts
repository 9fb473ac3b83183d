/**
 * The runtime config contract: the server renders it at /config.json from its environment, the
 * app fetches it before anything else, so one build runs on every target.
 */
export interface RuntimeConfig {
  /** OIDC issuer, e.g. http://localhost:30000/auth/realms/bookstore (env OIDC_AUTHORITY). */
  oidcAuthority: string;
  /** Public OIDC client (env OIDC_CLIENT_ID, default `storefront`). */
  oidcClientId: string;
  /** Origin the API is reached at; '' means same origin (env API_BASE_URL). */
  apiBaseUrl: string;
}

export const DEFAULT_OIDC_AUTHORITY = 'http://localhost:30000/auth/realms/bookstore';
export const DEFAULT_OIDC_CLIENT_ID = 'storefront';

type Env = Record<string, string | undefined>;

/** Builds the config from environment variables (server side and the Vite dev server). */
export function runtimeConfigFromEnv(env: Env): RuntimeConfig {
  const problems: string[] = [];
  const oidcAuthority = (env.OIDC_AUTHORITY ?? DEFAULT_OIDC_AUTHORITY).replace(/\/+$/, '');
  const apiBaseUrl = (env.API_BASE_URL ?? '').replace(/\/+$/, '');
  if (!isHttpUrl(oidcAuthority)) {
    problems.push(`OIDC_AUTHORITY must be an http(s) URL, got "${oidcAuthority}"`);
  }
  if (apiBaseUrl !== '' && !isHttpUrl(apiBaseUrl)) {
    problems.push(
      `API_BASE_URL must be empty (same origin) or an http(s) URL, got "${apiBaseUrl}"`,
    );
  }
  const oidcClientId = env.OIDC_CLIENT_ID ?? DEFAULT_OIDC_CLIENT_ID;
  if (oidcClientId.trim() === '') problems.push('OIDC_CLIENT_ID must not be empty');
  if (problems.length > 0) {
    throw new Error(
      `Storefront runtime config is invalid: ${problems.join('; ')}. Fix the environment and restart.`,
    );
  }
  return { oidcAuthority, oidcClientId, apiBaseUrl };
}

/** Validates what the browser fetched from /config.json. */
export function parseRuntimeConfig(value: unknown): RuntimeConfig {
  if (typeof value !== 'object' || value === null) {
    throw new Error('config.json: expected a JSON object');
  }
  const record = value as Record<string, unknown>;
  const read = (key: keyof RuntimeConfig): string => {
    const field = record[key];
    if (typeof field !== 'string') {
      throw new Error(`config.json: expected "${key}" to be a string, got ${typeof field}`);
    }
    return field;
  };
  return {
    oidcAuthority: read('oidcAuthority'),
    oidcClientId: read('oidcClientId'),
    apiBaseUrl: read('apiBaseUrl'),
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
