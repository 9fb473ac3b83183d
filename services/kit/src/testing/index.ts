export { freePort } from './ports.js';
export { startPostgres, type TestPostgres } from './postgres.js';
export { startRedis, REDIS_SERVER, type TestRedis } from './redis.js';
export {
  startTestIssuer,
  TEST_AUDIENCE,
  TEST_SERVICE_CLIENT_ID,
  TEST_ISSUER,
  type TestIssuer,
  type TestServiceClient,
  type TokenOptions,
} from './oidc.js';
export { client, type Problem, type Reply } from './http.js';
export { startDependencies, type TestDependencies } from './dependencies.js';
