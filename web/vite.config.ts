import { defineConfig } from 'vite';

/**
 * The web client is served on the same origin as the API (local gateway, CloudFront in AWS),
 * so the dev server proxies /api, /cognito and /local-uploads to the local gateway.
 */
const gateway = process.env.LINLI_GATEWAY ?? 'http://localhost:3000';

export default defineConfig({
  root: import.meta.dirname,
  // No @vitejs/plugin-react here: npm hoists it to the repo root beside vitest's vite 8, so it detects
  // rolldown and injects a native refresh plugin that this workspace's vite 7 cannot run (dev breaks
  // with "Missing field `moduleType`"). esbuild's automatic JSX runtime is all the build needs; the
  // dev server then reloads the page on edits instead of hot-refreshing components.
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // A low-end phone pays for every kilobyte: report gzip sizes and keep vendors in stable chunks.
    reportCompressedSize: true,
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      // antd, react-query and react-router mark modules "use client" (for RSC); meaningless in an SPA bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
          if (/node_modules\/(i18next|react-i18next|@tanstack)\//.test(id)) return 'runtime';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': gateway,
      '/cognito': gateway,
      // Locally, background-import files are uploaded to the gateway (an S3 presigned POST in AWS).
      '/local-uploads': gateway,
    },
  },
});
