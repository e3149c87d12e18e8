// One check at the boundary for the API and SCIM alike: a NUL character or an unpaired
// surrogate anywhere in the path parameters, the query or the body is a 400 naming the
// field, before validation and long before a query (PostgreSQL would refuse it as a 500)
// or an audit entry.
import type { FastifyInstance } from 'fastify';
import { findUnstorableText, UNSTORABLE_TEXT_MESSAGE } from '@roomwarden/protocol';
import { AppError } from '../errors.ts';

export function installStorableInput(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const part of [request.params, request.query, request.body]) {
      const at = findUnstorableText(part);
      if (at === undefined) continue;
      const field = at || (part === request.body ? 'body' : 'url');
      throw new AppError('VALIDATION_FAILED', `${field}: ${UNSTORABLE_TEXT_MESSAGE}`, field);
    }
  });
}
