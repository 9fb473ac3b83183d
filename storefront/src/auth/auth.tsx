import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import {
  createContext,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { RuntimeConfig } from '../runtime-config';
import { paths } from '../paths';

export interface SignedInUser {
  /** The token's `sub`. */
  id: string;
  /** What the nav bar shows: name, else preferred_username, else email. */
  name: string;
}

export interface Auth {
  status: 'loading' | 'signed-in' | 'signed-out';
  user: SignedInUser | null;
  /** True once a signed-in session could not be renewed or the API refused its token. */
  sessionExpired: boolean;
  accessToken: () => string | undefined;
  signIn: (returnTo?: string) => Promise<void>;
  signOut: () => Promise<void>;
  markSessionExpired: () => void;
  /** Finishes the authorization-code redirect (once, even if called twice). */
  completeSignIn: () => Promise<{ user: SignedInUser; returnTo: string | null }>;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (auth === null) throw new Error('useAuth: no <AuthProvider> above this component');
  return auth;
}

export const AuthContextProvider = AuthContext.Provider;

export function createUserManager(
  config: RuntimeConfig,
  origin = globalThis.location.origin,
): UserManager {
  return new UserManager({
    authority: config.oidcAuthority,
    client_id: config.oidcClientId,
    redirect_uri: `${origin}${paths.callback}`,
    silent_redirect_uri: `${origin}${paths.silentRenew}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code', // authorization code; oidc-client-ts always adds PKCE (S256)
    scope: 'openid profile email',
    // Renews before expiry (refresh token when Keycloak issued one, else a hidden iframe).
    automaticSilentRenew: true,
    // localStorage: a session survives new tabs, like the guest cart does.
    userStore: new WebStorageStateStore({ store: globalThis.localStorage }),
  });
}

function toSignedInUser(user: User): SignedInUser {
  const profile = user.profile;
  return {
    id: profile.sub,
    name: profile.name ?? profile.preferred_username ?? profile.email ?? 'Account',
  };
}

function returnToFrom(state: unknown): string | null {
  if (typeof state !== 'object' || state === null) return null;
  const returnTo = (state as Record<string, unknown>).returnTo;
  // Only same-app paths: never bounce the user to another origin after sign-in.
  return typeof returnTo === 'string' && returnTo.startsWith('/') && !returnTo.startsWith('//')
    ? returnTo
    : null;
}

let pendingCallback: Promise<User> | null = null;

export function OidcAuthProvider({
  userManager,
  children,
}: {
  userManager: UserManager;
  children: ReactNode;
}) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [sessionExpired, setSessionExpired] = useState(false);
  const userRef = useRef<User | null>(null);

  useEffect(() => {
    const events = userManager.events;
    const loaded = (next: User): void => {
      userRef.current = next;
      setUser(next);
      setSessionExpired(false);
    };
    const unloaded = (): void => {
      userRef.current = null;
      setUser(null);
    };
    const expired = (): void => setSessionExpired(userRef.current !== null);
    events.addUserLoaded(loaded);
    events.addUserUnloaded(unloaded);
    events.addSilentRenewError(expired);
    events.addAccessTokenExpired(expired);

    let active = true;
    void (async () => {
      let stored = await userManager.getUser().catch(() => null);
      if (stored?.expired === true) {
        // A stored session whose token lapsed (e.g. the tab slept): try to renew it once.
        stored = await userManager.signinSilent().catch(() => null);
        if (stored === null) {
          await userManager.removeUser();
          if (active) setSessionExpired(true);
        }
      }
      if (!active) return;
      userRef.current = stored;
      setUser(stored);
    })();
    return () => {
      active = false;
      events.removeUserLoaded(loaded);
      events.removeUserUnloaded(unloaded);
      events.removeSilentRenewError(expired);
      events.removeAccessTokenExpired(expired);
    };
  }, [userManager]);

  const auth = useMemo<Auth>(
    () => ({
      status: user === undefined ? 'loading' : user === null ? 'signed-out' : 'signed-in',
      user: user ? toSignedInUser(user) : null,
      sessionExpired,
      accessToken: () => {
        const current = userRef.current;
        return current !== null && !current.expired ? current.access_token : undefined;
      },
      signIn: (returnTo) =>
        userManager.signinRedirect({
          state: { returnTo: returnTo ?? `${location.pathname}${location.search}` },
        }),
      signOut: async () => {
        setSessionExpired(false);
        try {
          await userManager.signoutRedirect();
        } catch {
          // The identity provider is unreachable: at least end the session in this browser.
          await userManager.removeUser();
        }
      },
      markSessionExpired: () => setSessionExpired(true),
      completeSignIn: async () => {
        pendingCallback ??= userManager.signinRedirectCallback();
        const signedIn = await pendingCallback;
        userRef.current = signedIn;
        setUser(signedIn);
        setSessionExpired(false);
        return { user: toSignedInUser(signedIn), returnTo: returnToFrom(signedIn.state) };
      },
    }),
    [user, sessionExpired, userManager],
  );

  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}
