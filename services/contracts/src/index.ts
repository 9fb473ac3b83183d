/**
 * The bookstore's API contract, in one place: the zod schema of every request and response body
 * ecom and inventory accept and send, and the types inferred from them. The services validate and
 * serialise with these schemas (so their OpenAPI documents come from them too); the storefront,
 * the harness's API client and the storefront's fake API parse with them, so a change here that a
 * consumer does not follow fails its type check or its tests.
 */
export * from './common.js';
export * from './ecom.js';
export * from './inventory.js';
