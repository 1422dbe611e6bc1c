import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { bootPlugin } from './scripts/boot';

/**
 * The web client is served on the same origin as the API (local gateway, CloudFront in AWS),
 * so the dev server proxies /api, /cognito and /local-uploads to the local gateway.
 */
const gateway = process.env.LINLI_GATEWAY ?? 'http://localhost:3000';
const THEME = 'src/theme/AntdTheme.tsx';

export default defineConfig(({ command }) => ({
  root: import.meta.dirname,
  // In the production build only (component tests run in jsdom, which has no ResizeObserver).
  resolve:
    command === 'build'
      ? {
          alias: {
            'resize-observer-polyfill': resolve(import.meta.dirname, 'src/shims/resize-observer.ts'),
          },
        }
      : {},
  // No @vitejs/plugin-react here: npm hoists it to the repo root beside vitest's vite 8, so it detects
  // rolldown and injects a native refresh plugin that this workspace's vite 7 cannot run (dev breaks
  // with "Missing field `moduleType`"). esbuild's automatic JSX runtime is all the build needs; the
  // dev server then reloads the page on edits instead of hot-refreshing components.
  esbuild: { jsx: 'automatic' },
  // The boot script (scripts/boot.ts): each top-level route's chunks preloaded and the first API
  // reads started while the entry downloads.
  plugins: [
    bootPlugin([
      // antd's theme (src/theme/AntdTheme.tsx) loads beside every area that uses antd.
      { path: '/', modules: ['src/areas/home/HomePage.tsx', THEME] },
      { path: '/login', modules: ['src/areas/login/LoginPage.tsx', THEME] },
      // The workspace's shell and overview are plain markup: no antd before its first screen.
      { path: '/workspace', modules: ['src/areas/workspace/WorkspacePage.tsx'] },
      // The ministry console (plain markup) and, deeper, each of its consoles.
      { path: '/ministry', modules: ['src/areas/ministry/MinistryPage.tsx'] },
      {
        path: '/ministry/applications',
        modules: ['src/areas/ministry/MinistryPage.tsx', 'src/areas/ministry/applications/Applications.tsx'],
      },
      {
        path: '/ministry/flags',
        modules: ['src/areas/ministry/MinistryPage.tsx', 'src/areas/ministry/flags/FlagsConsole.tsx'],
      },
      {
        path: '/ministry/indicators',
        modules: [
          'src/areas/ministry/MinistryPage.tsx',
          'src/areas/ministry/indicators/IndicatorsConsole.tsx',
        ],
      },
      { path: '/join', modules: ['src/areas/join/JoinPage.tsx', THEME] },
      { path: '/join/status', modules: ['src/areas/join/StatusPage.tsx', THEME] },
      { path: '/join/invite', modules: ['src/areas/join/AcceptInvitePage.tsx', THEME] },
    ]),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // `.vite/manifest.json`: the budget check (scripts/budgets.ts) follows each entry's imports in it.
    manifest: true,
    target: 'es2020',
    // A low-end phone pays for every kilobyte: report gzip sizes and keep vendors in stable chunks.
    reportCompressedSize: true,
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      // Two pages: the staff client (index.html: workspace, ministry, join) and the resident portal
      // (portal.html: /t/*, server-rendered, no antd, no staff strings).
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        portal: resolve(import.meta.dirname, 'portal.html'),
      },
      // antd, react-query and react-router mark modules "use client" (for RSC); meaningless in an SPA bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        // React alone in its chunk: the portal shares it with the staff client and loads nothing else
        // of theirs (React Router, i18next and TanStack Query are the staff client's). ECharts in one
        // chunk, loaded by the analytics page only.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          if (/node_modules\/react-router\//.test(id)) return 'router';
          if (/node_modules\/(i18next|react-i18next|@tanstack)\//.test(id)) return 'runtime';
          if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts';
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
}));
