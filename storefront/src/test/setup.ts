import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  // The server's tests run in the node environment, without storage.
  globalThis.localStorage?.clear();
});
