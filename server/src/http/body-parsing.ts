// JSON bodies for the whole app (API and SCIM). A request that carries no body is the
// same request whatever its Content-Type says: PowerShell's Invoke-RestMethod
// -ContentType 'application/json' sends one on DELETE, some SCIM clients on every call.
import type { FastifyInstance } from 'fastify';

export const JSON_TYPES = ['application/json', 'application/scim+json'] as const;

export function installBodyParsing(app: FastifyInstance): void {
  // Fastify's own JSON parser (prototype-poisoning protection, INVALID_JSON on bad input),
  // except that an empty body is no body rather than an error.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  for (const type of JSON_TYPES) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (request, body, done) => {
      const text = body as string;
      if (text.trim() === '') {
        done(null, undefined);
        return;
      }
      void parseJson(request, text, done);
    });
  }
}
