export {
  ALLOWED_ALGORITHMS,
  createAuthenticator,
  principalOf,
  requireRole,
  RESERVATIONS_ROLE,
  type Authenticator,
  type AuthOptions,
  type Principal,
} from './auth.js';
export { SEED_BOOKS, SEED_STOCK_PER_BOOK, type SeedBook } from './catalog.js';
export { EnvConfigError, envFields, parseEnv, type EnvIssue } from './config.js';
export { createDb, migrateToLatest, MigrationError, type DbOptions } from './db.js';
export {
  BODY_LIMIT_BYTES,
  createHttpApp,
  probe,
  sendProblem,
  type App,
  type HttpApp,
  type HttpAppOptions,
  type Readiness,
  undecodableUrlPart,
} from './http.js';
export { isValidIsbn13 } from './isbn.js';
export {
  HttpProblem,
  notFound,
  PROBLEM_CONTENT_TYPE,
  problemType,
  type FieldError,
  type ProblemDetails,
} from './problem.js';
export { runService, type RunningService } from './run.js';
export { ServiceTokenError, ServiceTokenSource, type ClientCredentials } from './service-token.js';
