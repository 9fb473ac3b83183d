import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiProvider } from './api/context';
import { AppRoutes } from './App';
import { createUserManager, OidcAuthProvider } from './auth/auth';
import { CartProvider } from './cart/cart';
import { paths } from './paths';
import { parseRuntimeConfig, type RuntimeConfig } from './runtime-config';
import { ToastProvider } from './toast';
import './styles.css';

async function loadConfig(): Promise<RuntimeConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /config.json: expected 200, got ${response.status}`);
  return parseRuntimeConfig(await response.json());
}

function showFatal(root: HTMLElement, error: unknown): void {
  const main = document.createElement('main');
  main.className = 'fatal';
  const heading = document.createElement('h1');
  heading.textContent = 'The bookstore could not start';
  const detail = document.createElement('p');
  detail.textContent = `${error instanceof Error ? error.message : String(error)}. Reload the page in a moment.`;
  main.append(heading, detail);
  root.replaceChildren(main);
}

async function start(): Promise<void> {
  const root = document.getElementById('root')!;
  let config: RuntimeConfig;
  try {
    config = await loadConfig();
  } catch (error) {
    showFatal(root, error);
    return;
  }
  const userManager = createUserManager(config);
  if (location.pathname === paths.silentRenew) {
    // Hidden iframe of a silent renew: hand the answer to the parent page and render nothing.
    await userManager.signinSilentCallback();
    return;
  }
  createRoot(root).render(
    <StrictMode>
      <BrowserRouter>
        <OidcAuthProvider userManager={userManager}>
          <ApiProvider baseUrl={config.apiBaseUrl}>
            <ToastProvider>
              <CartProvider>
                <AppRoutes />
              </CartProvider>
            </ToastProvider>
          </ApiProvider>
        </OidcAuthProvider>
      </BrowserRouter>
    </StrictMode>,
  );
}

void start();
