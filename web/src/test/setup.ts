import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { resetSessionForTests } from '../auth/session';
import { loadEnglish, registerStrings, type StringArea } from '../i18n';

// antd re-renders are slow under jsdom; a real browser is far faster.
configure({ asyncUtilTimeout: 8000 });

// jsdom lacks these browser APIs that antd relies on.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}
if (!('ResizeObserver' in window)) {
  class ResizeObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserver });
}
// antd measures scrollbars with getComputedStyle(el, '::-webkit-scrollbar'), which jsdom does not implement.
const getComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (elt: Element) => getComputedStyle(elt);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
  sessionStorage.clear();
  resetSessionForTests();
  document.documentElement.classList.remove('kiosk');
});

// English and each area's strings are lazily loaded in the app (with the area's chunk); tests render
// areas without their lazy boundaries and switch languages synchronously, so load them all up front.
const areaStrings = import.meta.glob<{ default: object }>('../i18n/*.zh-CN.ts', { eager: true });
for (const [file, strings] of Object.entries(areaStrings))
  registerStrings(file.replace(/^.*\/(\w+)\.zh-CN\.ts$/, '$1') as StringArea, strings.default);
await loadEnglish();
