// SCIM 2.0 service provider at /scim/v2 (RFC 7644). An encapsulated plugin with its own
// error and not-found handlers, so that every failure here is a SCIM error body
// (never the Roomwarden shape) and application/scim+json is accepted and returned.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { ScimGroupsService } from '../sso/scim-groups.service.ts';
import type { ScimUsersService } from '../sso/scim-users.service.ts';
import { ScimError, errorBody, listResponse, resourceTypes, schemaDocuments, readListQuery, scimNotFound, serviceProviderConfig, type ListQuery } from '../sso/scim-protocol.ts';

export const SCIM_PREFIX = '/scim/v2';
const SCIM_JSON = 'application/scim+json; charset=utf-8';

export interface ScimRoutesDeps {
  users: ScimUsersService;
  groups: ScimGroupsService;
  baseUrl: string;
}

interface IdParams {
  id: string;
}

function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.status(status).type(SCIM_JSON).send(body === null ? undefined : JSON.stringify(body));
}

function sendError(reply: FastifyReply, status: number, detail: string, scimType?: string): FastifyReply {
  if (status === 401) void reply.header('www-authenticate', 'Bearer realm="roomwarden-scim"');
  return reply.status(status).type(SCIM_JSON).send(JSON.stringify(errorBody(status, detail, scimType)));
}

function handleError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof ScimError) return sendError(reply, err.status, err.message, err.scimType);
  if (err instanceof AppError) {
    const scimType = err.code === 'LAST_ADMINISTRATOR' ? 'mutability' : err.code === 'INVALID_CURSOR' || err.code === 'VALIDATION_FAILED' ? 'invalidValue' : undefined;
    return sendError(reply, err.status, err.message, scimType);
  }
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return sendError(reply, 400, 'The request body is not valid JSON', 'invalidSyntax');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendError(reply, 413, 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendError(reply, 415, 'Send the body as application/scim+json or application/json');
    default:
      break;
  }
  if (err instanceof SyntaxError) return sendError(reply, 400, 'The request body is not valid JSON', 'invalidSyntax');
  // Two providers racing to create the same user or group: the database's unique index decides.
  if ((err as { code?: unknown }).code === '23505') return sendError(reply, 409, 'A resource with this userName, displayName or externalId already exists', 'uniqueness');
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) return sendError(reply, err.statusCode, err.message);
  request.log.error({ err }, 'unhandled SCIM error');
  return sendError(reply, 500, 'Something went wrong on the server; it has been logged');
}

export function scimRoutes(deps: ScimRoutesDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    // application/scim+json is parsed like application/json for the whole app (http/body-parsing.ts).
    app.setErrorHandler(handleError);
    // Fastify also parses text/plain; SCIM bodies are JSON only.
    app.addHook('preValidation', async (request) => {
      if (request.body === undefined || request.body === null) return;
      const type = String(request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/scim+json' && type !== 'application/json') throw new ScimError(415, 'Send the body as application/scim+json or application/json');
    });
    app.setNotFoundHandler((request, reply) => sendError(reply, 404, `No SCIM endpoint ${request.method} ${request.url.split('?')[0]}`));

    const scim = { config: { permission: 'scim' as const }, schema: { tags: ['scim'], hide: true } };
    const base = deps.baseUrl;

    // discovery
    app.get('/ServiceProviderConfig', scim, async (_req, reply) => send(reply, 200, serviceProviderConfig(base)));
    app.get('/ResourceTypes', scim, async (_req, reply) => {
      const all = resourceTypes(base);
      return send(reply, 200, listResponse(all, all.length, 1));
    });
    app.get<{ Params: IdParams }>('/ResourceTypes/:id', scim, async (req, reply) => {
      const found = resourceTypes(base).find((r) => r.id === req.params.id);
      if (!found) throw scimNotFound('ResourceType');
      return send(reply, 200, found);
    });
    app.get('/Schemas', scim, async (_req, reply) => {
      const all = schemaDocuments(base);
      return send(reply, 200, listResponse(all, all.length, 1));
    });
    app.get<{ Params: IdParams }>('/Schemas/:id', scim, async (req, reply) => {
      const found = schemaDocuments(base).find((s) => s.id === req.params.id);
      if (!found) throw scimNotFound('Schema');
      return send(reply, 200, found);
    });

    // users
    app.get<{ Querystring: ListQuery }>('/Users', scim, async (req, reply) => send(reply, 200, await deps.users.list(readListQuery(req.query))));
    app.post('/Users', scim, async (req, reply) => send(reply, 201, await deps.users.create(req.caller, req.body)));
    app.get<{ Params: IdParams }>('/Users/:id', scim, async (req, reply) => send(reply, 200, await deps.users.get(req.params.id)));
    app.put<{ Params: IdParams }>('/Users/:id', scim, async (req, reply) => send(reply, 200, await deps.users.replace(req.caller, req.params.id, req.body)));
    app.patch<{ Params: IdParams }>('/Users/:id', scim, async (req, reply) => send(reply, 200, await deps.users.patch(req.caller, req.params.id, req.body)));
    app.delete<{ Params: IdParams }>('/Users/:id', scim, async (req, reply) => {
      await deps.users.delete(req.caller, req.params.id);
      return reply.status(204).send();
    });

    // groups
    app.get<{ Querystring: ListQuery }>('/Groups', scim, async (req, reply) => send(reply, 200, await deps.groups.list(readListQuery(req.query))));
    app.post('/Groups', scim, async (req, reply) => send(reply, 201, await deps.groups.create(req.caller, req.body)));
    app.get<{ Params: IdParams; Querystring: ListQuery }>('/Groups/:id', scim, async (req, reply) => send(reply, 200, await deps.groups.get(req.params.id, readListQuery(req.query))));
    app.put<{ Params: IdParams }>('/Groups/:id', scim, async (req, reply) => send(reply, 200, await deps.groups.replace(req.caller, req.params.id, req.body)));
    app.patch<{ Params: IdParams }>('/Groups/:id', scim, async (req, reply) => {
      await deps.groups.patch(req.caller, req.params.id, req.body);
      return reply.status(204).send();
    });
    app.delete<{ Params: IdParams }>('/Groups/:id', scim, async (req, reply) => {
      await deps.groups.delete(req.caller, req.params.id);
      return reply.status(204).send();
    });
  };
}
