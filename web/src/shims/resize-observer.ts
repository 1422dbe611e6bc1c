/**
 * Stands in for `resize-observer-polyfill` in production builds (vite.config.ts `resolve.alias`):
 * antd's rc-resize-observer imports the polyfill (8 KB gzipped) unconditionally, yet every browser
 * the staff client targets (ES2020) has `ResizeObserver`. Where one lacks it, sizes are simply not
 * observed (as under the polyfill's own fallbacks) instead of the page failing to load.
 */
class Unobserved {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

export default (globalThis.ResizeObserver ?? Unobserved) as typeof ResizeObserver;
