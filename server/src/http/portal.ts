// Serves the built portal (web/dist) with a single-page fallback: any GET outside the
// API that accepts HTML gets index.html, and the portal's router takes it from there.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { sendError } from './error-handler.ts';

export function defaultWebDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
}

const API_PREFIXES = ['/api/', '/scim/', '/healthz', '/readyz', '/metrics'];

export async function servePortal(app: FastifyInstance, webDir: string): Promise<boolean> {
  const index = path.join(webDir, 'index.html');
  const present = fs.existsSync(index);
  if (present) {
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: false,
      index: false,
      cacheControl: false,
      // Vite names every built asset by its content hash: it can be cached for good.
      setHeaders: (reply, filePath) => {
        void reply.header('cache-control', filePath.startsWith(path.join(webDir, 'assets') + path.sep) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    app.get('/', { config: { permission: 'public' }, schema: { hide: true } }, async (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const wantsHtml = (request.headers.accept ?? '').includes('text/html');
    if (present && request.method === 'GET' && wantsHtml && !API_PREFIXES.some((p) => url.startsWith(p))) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendError(reply, 'NOT_FOUND', `No route ${request.method} ${url}`);
  });
  return present;
}
