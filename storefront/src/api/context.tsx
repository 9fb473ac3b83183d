import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useAuth } from '../auth/auth';
import { createApiClient, type ApiClient } from './client';

const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useApi: no <ApiProvider> above this component');
  return api;
}

export function ApiProvider({ baseUrl, children }: { baseUrl: string; children: ReactNode }) {
  const auth = useAuth();
  const { accessToken, markSessionExpired } = auth;
  const api = useMemo(
    () =>
      createApiClient({ baseUrl, getAccessToken: accessToken, onUnauthorized: markSessionExpired }),
    [baseUrl, accessToken, markSessionExpired],
  );
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}
