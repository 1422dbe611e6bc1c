/** @jsxRuntime automatic @jsxImportSource react */
import { createContext, type ReactNode, useContext } from 'react';
import zhCN, { type PortalStrings } from './zh-CN';

/**
 * The portal's own translation runtime: a dotted key, `{{name}}` interpolation, nothing else.
 * i18next and react-i18next (~16 KB gzipped) would be a sixth of the portal's budget for what
 * these 40 lines do. Chinese ships in the entry; English is fetched when chosen.
 */
export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
/** Shared with the staff client (localStorage) and read by the server renderer (cookie). */
export const LANG_STORAGE_KEY = 'linli.lang';
export const LANG_COOKIE = 'linli_lang';

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

const lookup = (dict: unknown, key: string): string | undefined => {
  let node: unknown = dict;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
};

/** A translate function over one dictionary; unknown keys fall back to Chinese, then to the key. */
export const translator =
  (dict: PortalStrings): Translate =>
  (key, vars) => {
    const text = lookup(dict, key) ?? lookup(zhCN, key) ?? key;
    return vars ? text.replace(/\{\{(\w+)\}\}/g, (m, name: string) => String(vars[name] ?? m)) : text;
  };

/** The dictionary of `lang`: Chinese at once, English as its own chunk. */
export const loadStrings = async (lang: Lang): Promise<PortalStrings> =>
  lang === 'en' ? (await import('./en')).default : zhCN;

export const asLang = (value: string | null | undefined): Lang => (value === 'en' ? 'en' : 'zh-CN');

/** The language a `Cookie` header asks for (the server renderer's choice). */
export const langFromCookie = (cookie: string | null | undefined): Lang => {
  const m = /(?:^|;\s*)linli_lang=([^;]+)/.exec(cookie ?? '');
  return asLang(m?.[1]);
};

export interface I18n {
  readonly lang: Lang;
  readonly t: Translate;
  /** Switch language (loads English on first use) and remember it for the server and the staff client. */
  readonly setLang: (lang: Lang) => void;
}

const I18nContext = createContext<I18n>({ lang: 'zh-CN', t: translator(zhCN), setLang: () => {} });

export function I18nProvider({ value, children }: { value: I18n; children: ReactNode }) {
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = (): I18n => useContext(I18nContext);

/** Persist the choice: localStorage for the staff client, a cookie so the next HTML is rendered in it. */
export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Private mode or a locked-down kiosk browser: the choice lasts for this page only.
  }
  // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie read by the server renderer
  document.cookie = `${LANG_COOKIE}=${lang}; path=/; max-age=31536000; SameSite=Lax`;
  document.documentElement.lang = lang;
}

/** What the browser remembers (cookie first: it is what the server rendered with). */
export function storedLang(): Lang {
  if (/(?:^|;\s*)linli_lang=/.test(document.cookie)) return langFromCookie(document.cookie);
  try {
    return asLang(localStorage.getItem(LANG_STORAGE_KEY));
  } catch {
    return 'zh-CN';
  }
}
