import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { runtimeConfigFromEnv } from './src/runtime-config.ts';
import { jsBudget } from './scripts/js-budget.ts';

/** `vite dev` serves /config.json from the environment, like the production server does. */
function devRuntimeConfig(): Plugin {
  return {
    name: 'bookstore:dev-runtime-config',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/config.json', (_req, res) => {
        res.setHeader('Content-Type', 'application/json');
        res.setHeader('Cache-Control', 'no-store');
        res.end(JSON.stringify(runtimeConfigFromEnv(process.env)));
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), devRuntimeConfig(), jsBudget()],
  build: {
    sourcemap: 'hidden',
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: a separate chunk stays cached across releases.
        codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }] },
      },
    },
    // The budget plugin reports the gzip figure that matters; skip Vite's own size pass.
    reportCompressedSize: false,
  },
  server: {
    host: '127.0.0.1',
    // Dev: the gateway (or a local API) answers /ecom and /inven.
    proxy: {
      '/ecom': process.env.DEV_API_URL ?? 'http://localhost:30000',
      '/inven': process.env.DEV_API_URL ?? 'http://localhost:30000',
    },
  },
});
