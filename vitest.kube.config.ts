import { defineConfig } from 'vitest/config';

/**
 * `npm run test:kube`: the kind target's real steps against a real control plane (provider `sim`:
 * etcd, kube-apiserver, controller-manager, scheduler, kwok; built by `npm run kube:tools`), the
 * real istioctl and kind's own config validation. One file, one control plane, in order.
 */
export default defineConfig({
  test: {
    name: 'kube',
    environment: 'node',
    include: ['fixtures/**/*.kube.test.ts'],
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 900_000,
    hookTimeout: 900_000,
    retry: 0,
  },
});
