// The portal's build. In development, Vite serves the portal and forwards the API,
// SCIM and WebSocket traffic to a Roomwarden server (ROOMWARDEN_PORT, default 8080).
import { defineConfig, type Plugin } from 'vite';

const target = `http://127.0.0.1:${process.env.ROOMWARDEN_PORT ?? '8080'}`;

// @roomwarden/protocol also holds server/agent code (VNC authentication) that imports
// node:crypto. The portal only uses the catalogue and types, and that code is
// tree-shaken away; this module lets the import resolve in the browser and fails loudly
// should anything ever call it.
const SERVER_ONLY = 'virtual:server-only-node-crypto';
function serverOnlyNodeCrypto(): Plugin {
  const names = ['createCipheriv', 'createHash', 'randomBytes', 'timingSafeEqual', 'randomUUID'];
  return {
    name: 'roomwarden-server-only-node-crypto',
    enforce: 'pre',
    resolveId: (id) => (id === 'node:crypto' || id === 'crypto' ? `\0${SERVER_ONLY}` : null),
    load: (id) =>
      id === `\0${SERVER_ONLY}`
        ? names.map((n) => `export function ${n}() { throw new Error('node:crypto.${n} is server-only'); }`).join('\n')
        : null,
  };
}

export default defineConfig({
  // esbuild's automatic JSX runtime: no Babel plugin needed for React 19.
  esbuild: { jsx: 'automatic' },
  plugins: [serverOnlyNodeCrypto()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // "use client" directives and misplaced /*#__PURE__*/ comments in dependencies are
      // harmless for a client-only bundle; keep the build output to what matters.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/api': { target, ws: true, changeOrigin: false },
      '/scim': { target, changeOrigin: false },
    },
  },
});
