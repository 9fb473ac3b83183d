import swagger from '@fastify/swagger';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { pino } from 'pino';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { installMetrics } from './metrics.js';
import {
  HttpProblem,
  PROBLEM_CONTENT_TYPE,
  problemType,
  type FieldError,
  type ProblemDetails,
} from './problem.js';

/** Requests larger than this are refused with 413 before any handler runs. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface Readiness {
  /** false → /readyz answers 503. */
  ready: boolean;
  status: 'ok' | 'degraded' | 'unavailable';
  checks: Record<string, { status: 'ok' | 'down'; detail?: string }>;
}

export interface HttpAppOptions {
  service: string;
  /** Path prefix the gateway routes to this service, e.g. `/ecom`. */
  prefix: string;
  version?: string;
  description: string;
  logLevel: string;
  readiness: () => Promise<Readiness>;
}

export interface HttpApp {
  app: App;
  metrics: Registry;
}

const ReadinessSchema = z.object({
  ready: z.boolean(),
  status: z.enum(['ok', 'degraded', 'unavailable']),
  checks: z.record(
    z.string(),
    z.object({ status: z.enum(['ok', 'down']), detail: z.string().optional() }),
  ),
});

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: Pick<ProblemDetails, 'type' | 'title' | 'status' | 'detail'> & Record<string, unknown>,
  headers: Record<string, string> = {},
): FastifyReply {
  for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
  return reply
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...problem, instance: request.url });
}

function validationErrors(error: FastifyError & { validationContext?: string }): FieldError[] {
  const where = error.validationContext ?? 'request';
  if (hasZodFastifySchemaValidationErrors(error)) {
    return error.validation.map((issue) => ({
      in: where,
      field: issue.instancePath.slice(1).replaceAll('/', '.') || '(root)',
      message: issue.message ?? 'invalid',
      code: issue.keyword,
    }));
  }
  return (error.validation ?? []).map((issue) => ({
    in: where,
    field: issue.instancePath.slice(1).replaceAll('/', '.') || '(root)',
    message: issue.message ?? 'invalid',
    code: issue.keyword,
  }));
}

/**
 * A Fastify app with the parts both services share: zod validation (the same schemas feed the
 * OpenAPI document), problem+json errors, a 64 KiB body limit, pino logs, Prometheus metrics,
 * `/healthz`, `/readyz` and `/openapi.json` (also under the prefix, for the gateway).
 */
export async function createHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  const logger: FastifyBaseLogger = pino({
    level: options.logLevel,
    base: { service: options.service },
  });
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    // Per-request access logs only at debug/trace: at info they would dominate the log volume.
    logController: new LogController({
      disableRequestLogging: options.logLevel !== 'debug' && options.logLevel !== 'trace',
    }),
    routerOptions: { ignoreTrailingSlash: true },
    // Errors the router raises before any route (and the error handler) is chosen: a malformed
    // percent-encoding (400) or an overlong path parameter (414). Sent pre-serialized: no route
    // context exists yet.
    frameworkErrors: (error, request, reply) => {
      const status = error.statusCode ?? 400;
      // The option's generics are the route's; this reply has no route, so the plain type fits.
      void (reply as unknown as FastifyReply)
        .status(status)
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          JSON.stringify({
            type: problemType(status === 414 ? 'uri-too-long' : 'bad-request'),
            title: status === 414 ? 'URI too long' : 'Bad request',
            status,
            detail: `${error.message}; fix the URL and retry.`,
            instance: request.url,
          }),
        );
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.decorateRequest('principal', null);
  // Fastify's query parser turns undecodable bytes into U+FFFD, so `?q=%FF%FE` would reach a
  // handler as text nobody sent. Refuse such URLs first (before authentication too: it is the URL
  // that is wrong, whoever sends it).
  app.addHook('onRequest', (request, _reply, done) => {
    const part = undecodableUrlPart(request.url);
    done(
      part
        ? new HttpProblem(
            400,
            'bad-request',
            'Bad request',
            `The ${part} of the URL is not valid percent-encoded UTF-8; fix the URL and retry.`,
          )
        : undefined,
    );
  });
  // Response schemas document the API; serializing with plain JSON keeps the hot path cheap.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: options.service,
        version: options.version ?? '0.1.0',
        description: options.description,
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: jsonSchemaTransform,
  });

  app.setErrorHandler((error: FastifyError & { validationContext?: string }, request, reply) => {
    if (error instanceof HttpProblem) {
      return sendProblem(
        reply,
        request,
        {
          type: problemType(error.slug),
          title: error.title,
          status: error.status,
          detail: error.detail,
          ...error.extensions,
        },
        error.headers,
      );
    }
    if (error.validation) {
      const errors = validationErrors(error);
      return sendProblem(reply, request, {
        type: problemType('validation'),
        title: 'Request is invalid',
        status: 400,
        detail: `The ${error.validationContext ?? 'request'} failed validation: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
        errors,
      });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(reply, request, {
        type: problemType('payload-too-large'),
        title: 'Request body is too large',
        status: 413,
        detail: `The body exceeds ${BODY_LIMIT_BYTES} bytes; send a smaller body.`,
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendProblem(reply, request, {
        type: problemType(status === 415 ? 'unsupported-media-type' : 'bad-request'),
        title: status === 415 ? 'Unsupported media type' : 'Bad request',
        status,
        detail: error.message,
      });
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, request, {
      type: problemType('internal'),
      title: 'Internal server error',
      status: 500,
      detail: `The server failed to handle the request; look up request id ${request.id} in the ${options.service} logs.`,
    });
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, {
      type: problemType('not-found'),
      title: 'Route not found',
      status: 404,
      detail: `No route ${request.method} ${request.url.split('?')[0] ?? ''} on ${options.service}; see ${options.prefix}/openapi.json.`,
    }),
  );

  const metrics = installMetrics(app, options.service);

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Process is alive',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    () => Promise.resolve({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Dependencies are reachable (503 when the database is not)',
        response: { 200: ReadinessSchema, 503: ReadinessSchema },
      },
    },
    async (_request, reply) => {
      const readiness = await options.readiness();
      return reply.status(readiness.ready ? 200 : 503).send(readiness);
    },
  );
  for (const url of ['/openapi.json', `${options.prefix}/openapi.json`]) {
    app.get(url, { schema: { hide: true } }, () => Promise.resolve(app.swagger()));
  }
  return { app, metrics };
}

/**
 * Which part of a request target (`path` or `query`) does not percent-decode to valid UTF-8 (an
 * invalid byte sequence such as `%FF%FE`, or a malformed escape such as `%E0%A4%A`); undefined when
 * both decode. Query components are checked one by one, after `+` → space, as a parser reads them.
 */
export function undecodableUrlPart(url: string): 'path' | 'query' | undefined {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const decodes = (text: string): boolean => {
    if (!text.includes('%')) return true;
    try {
      decodeURIComponent(text);
      return true;
    } catch {
      return false;
    }
  };
  if (!decodes(path)) return 'path';
  if (q === -1) return undefined;
  for (const pair of url.slice(q + 1).split('&')) {
    for (const component of pair.split('=')) {
      if (!decodes(component.replaceAll('+', ' '))) return 'query';
    }
  }
  return undefined;
}

/** Runs `probe` with a deadline; resolves to an error message or undefined. */
export async function probe(
  name: string,
  timeoutMs: number,
  check: () => Promise<unknown>,
): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${name} did not answer within ${timeoutMs}ms`)),
          timeoutMs,
        );
      }),
    ]);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}
