// The built portal as the server serves it: index.html for the portal's own routes (never
// cached), hashed assets cached for good, and JSON errors for the API and missing files.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
const INDEX = '<!doctype html><title>Roomwarden test portal</title>';
// The portal's own icon, as Vite copies web/public into the build.
const WEB_SOURCE = path.resolve(import.meta.dirname, '../../web');

beforeAll(async () => {
  const webDir = mkdtempSync(path.join(tmpdir(), 'rw-web-'));
  mkdirSync(path.join(webDir, 'assets'));
  writeFileSync(path.join(webDir, 'index.html'), INDEX);
  writeFileSync(path.join(webDir, 'assets', 'RoomsPage-Ab12Cd34.js'), 'export const RoomsPage = 1;');
  copyFileSync(path.join(WEB_SOURCE, 'public', 'favicon.svg'), path.join(webDir, 'favicon.svg'));
  t = await createTestApp({ webDir }, { serveWeb: true });
});
afterAll(async () => t?.dispose());

const get = (url: string, accept = '*/*') => t.app.inject({ method: 'GET', url, headers: { accept } });

describe('the portal', () => {
  it('answers its own routes with index.html, not cached', async () => {
    for (const url of ['/', '/rooms', '/settings/roles/new?x=1']) {
      const res = await get(url, 'text/html,application/xhtml+xml');
      expect(res.statusCode, url + res.body).toBe(200);
      expect(res.body).toBe(INDEX);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets for good, and other files to be revalidated', async () => {
    const chunk = await get('/assets/RoomsPage-Ab12Cd34.js');
    expect(chunk.statusCode).toBe(200);
    expect(chunk.headers['content-type']).toMatch(/javascript/);
    expect(chunk.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await get('/favicon.svg');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('serves the favicon that the portal page links to, as SVG', async () => {
    expect(readFileSync(path.join(WEB_SOURCE, 'index.html'), 'utf8')).toMatch(/<link rel="icon" type="image\/svg\+xml" href="\/favicon\.svg" \/>/);
    const icon = await get('/favicon.svg', 'image/avif,image/webp,image/svg+xml,*/*');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(icon.body).toContain('<svg');
  });

  it('answers a missing chunk and an unknown API path with the JSON error, even to a browser', async () => {
    const chunk = await get('/assets/RoomsPage-gone.js');
    expect(chunk.statusCode).toBe(404);
    expect(chunk.json().error.code).toBe('NOT_FOUND');
    const api = await get('/api/v1/no-such-thing', 'text/html');
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('NOT_FOUND');
  });
});
