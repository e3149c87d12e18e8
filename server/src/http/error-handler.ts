// Every failure leaves as { error: { code, message, field? } } with the catalogue's
// status: validation, malformed JSON, oversized bodies and unknown routes included, and
// the router's and the HTTP parser's own refusals (routerErrorOptions, given to Fastify()).
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { httpStatusOf, type ErrorBody, type ErrorCode } from '@roomwarden/protocol';
import { AppError } from '../errors.ts';

interface ValidationItem {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function fieldOf(item: ValidationItem | undefined, context: string | undefined): string | undefined {
  if (!item) return undefined;
  const path = (item.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const extra = item.keyword === 'unrecognized_keys' && Array.isArray(item.params?.keys) ? String(item.params.keys[0]) : '';
  const joined = [path, extra].filter(Boolean).join('.');
  return joined || context;
}

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, field?: string, details?: unknown): FastifyReply {
  const body: ErrorBody = { error: { code, message, ...(field ? { field } : {}), ...(details !== undefined ? { details } : {}) } };
  if (code === 'RATE_LIMITED' && details && typeof details === 'object' && 'retryAfterSeconds' in details) {
    void reply.header('retry-after', String((details as { retryAfterSeconds: number }).retryAfterSeconds));
  }
  return reply.status(httpStatusOf(code)).type('application/json').send(body);
}

/** `notFound: false` when servePortal() installs the 404 handler (with the portal's fallback). */
export function installErrorHandling(app: FastifyInstance, opts: { notFound?: boolean } = {}): void {
  app.setErrorHandler((err: FastifyError & { validationContext?: string }, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) return sendError(reply, err.code, err.message, err.field, err.details);
    if (Array.isArray(err.validation)) {
      const first = err.validation[0] as ValidationItem | undefined;
      const field = fieldOf(first, err.validationContext);
      const message = first?.keyword === 'unrecognized_keys' ? `Unknown field "${field}"` : `${field ?? 'input'}: ${first?.message ?? 'invalid'}`;
      return sendError(reply, 'VALIDATION_FAILED', message, field);
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(reply, 'INVALID_JSON', 'The request body is not valid JSON');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(reply, 'VALIDATION_FAILED', 'Send the body as application/json', 'content-type');
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendError(reply, 'VALIDATION_FAILED', 'The content length does not match the body', 'content-length');
      default:
        break;
    }
    // A unique-constraint race that a service's own check could not see (two creates at
    // the same moment): the loser gets a conflict, not a 500.
    if ((err as { code?: unknown }).code === '23505') return sendError(reply, 'ALREADY_EXISTS', 'It already exists (created at the same moment by another request)');
    if (err instanceof SyntaxError) return sendError(reply, 'INVALID_JSON', 'The request body is not valid JSON');
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(reply, 'VALIDATION_FAILED', err.message);
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, 'INTERNAL', 'Something went wrong on the server; it has been logged');
  });

  if (opts.notFound ?? true) {
    app.setNotFoundHandler((request, reply) => sendError(reply, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`));
  }
}

/**
 * What the router refuses before any route runs (a path parameter over maxParamLength, bad
 * percent-encoding), and what Node's HTTP parser refuses before Fastify sees a request
 * (oversized headers, a request not received in time, bytes that are not HTTP): the same
 * error shape as everything else.
 */
const MAX_PARAM_LENGTH = 100;

export const routerErrorOptions = {
  frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
    switch (err.code) {
      case 'FST_ERR_BAD_URL':
        void sendError(reply, 'VALIDATION_FAILED', 'The URL is not valid (bad percent-encoding)', 'url');
        return;
      case 'FST_ERR_MAX_PARAM_LENGTH':
        void sendError(reply, 'URI_TOO_LONG', `A path segment is longer than ${MAX_PARAM_LENGTH} characters`, 'url');
        return;
      default:
        void sendError(reply, 'INTERNAL', 'Something went wrong on the server; it has been logged');
    }
  },
  clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [code, message]: [ErrorCode, string] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? ['HEADERS_TOO_LARGE', 'The request headers are too large']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? ['REQUEST_TIMEOUT', 'The request was not received in time']
          : ['VALIDATION_FAILED', 'The request is not valid HTTP'];
    const status = httpStatusOf(code);
    const body = JSON.stringify({ error: { code, message } } satisfies ErrorBody);
    if (socket.writable) {
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    }
    socket.destroy(err);
  },
  routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
} satisfies Partial<FastifyServerOptions>;
