import 'dayjs/locale/zh-cn';
import dayjs from 'dayjs';
import i18n from 'i18next';
import {
  type ComponentProps,
  type ComponentType,
  createElement,
  type LazyExoticComponent,
  lazy,
} from 'react';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'linli.lang';

function storedLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

function applyLang(lang: Lang): void {
  document.documentElement.lang = lang;
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
}

let english: Promise<void> | null = null;

/**
 * English is a chunk of its own, fetched the first time it is needed: most users read Chinese, and
 * the staff entry should not carry a second copy of every string. With it comes the English of every
 * area whose Chinese is registered (`registerStrings`).
 */
export function loadEnglish(): Promise<void> {
  english ??= import('./en').then(async ({ default: en }) => {
    if (!i18n.isInitialized) initI18n();
    i18n.addResourceBundle('en', 'translation', en, true, true);
    await areasInEnglish();
  });
  return english;
}

/**
 * The strings of each area of the staff client (`<area>.zh-CN.ts`, `<area>.en.ts`) are not in the
 * entry, which every route loads: the modules that use them import the Chinese statically (so it
 * travels with their chunk, and the budget check counts it there) and register it with
 * `registerStrings`; the English is fetched from here when English is in use. `community` has an
 * i18next namespace of its own (`t('community:…')`); the others sit under their name in the default
 * one (`t('population.search.title')`), beside their menu labels, which the entry carries.
 */
const AREA_ENGLISH = {
  cases: () => import('./cases.en'),
  community: () => import('./community.en'),
  flags: () => import('./flags.en'),
  hotline: () => import('./hotline.en'),
  indicators: () => import('./indicators.en'),
  onboarding: () => import('./onboarding.en'),
  open311: () => import('./open311.en'),
  party: () => import('./party.en'),
  population: () => import('./population.en'),
  resident: () => import('./resident.en'),
  serviceDesk: () => import('./serviceDesk.en'),
  volunteers: () => import('./volunteers.en'),
} satisfies Record<string, () => Promise<{ default: object }>>;
export type StringArea = keyof typeof AREA_ENGLISH;

/** Areas whose Chinese is registered: their English follows whenever English is loaded. */
const registered = new Set<StringArea>();
const englishOf = new Map<StringArea, Promise<void>>();

function addStrings(lang: Lang, area: StringArea, strings: object): void {
  if (!i18n.isInitialized) initI18n();
  if (area === 'community') i18n.addResourceBundle(lang, 'community', strings, true, true);
  else i18n.addResourceBundle(lang, 'translation', { [area]: strings }, true, true);
}

function areaInEnglish(area: StringArea): Promise<void> {
  let done = englishOf.get(area);
  if (!done) {
    done = AREA_ENGLISH[area]().then(({ default: strings }) => addStrings('en', area, strings));
    // A chunk that did not arrive (a dropped connection) is fetched again next time; until then the
    // area reads in Chinese (the fallback language) rather than not at all.
    done = done.catch(() => {
      englishOf.delete(area);
    });
    englishOf.set(area, done);
  }
  return done;
}

const areasInEnglish = () => Promise.all([...registered].map(areaInEnglish)).then(() => {});

/**
 * Adds an area's Chinese strings (imported statically by the module that registers them, and so
 * loaded with its chunk) and, once English is in use, starts fetching the area's English.
 * Idempotent; call it at the top level of each module whose components use the area's strings.
 */
export function registerStrings(area: StringArea, zhCN: object): void {
  if (registered.has(area)) return;
  registered.add(area);
  addStrings('zh-CN', area, zhCN);
  if (english) void english.then(() => areaInEnglish(area));
}

/** antd's theme module, loaded once beside the first antd area (not part of the entry). */
let antdTheme: Promise<typeof import('../theme/AntdTheme')> | undefined;
export const loadAntdTheme = () => {
  antdTheme ??= import('../theme/AntdTheme');
  return antdTheme;
};

/**
 * `React.lazy` for an area's chunk: loading the chunk registers its Chinese strings; for an English
 * reader it then waits for the area's English, so the area never renders in the wrong language or
 * with raw keys. An area that uses antd (the default) is wrapped in antd's locale and theme, loaded
 * beside it; `{ plain: true }` for an area in plain markup (the workspace shell), which then never
 * waits for antd.
 */
// biome-ignore lint/suspicious/noExplicitAny: the constraint of React.lazy itself
export function lazyArea<T extends ComponentType<any>>(
  load: () => Promise<{ default: T }>,
  { plain = false }: { plain?: boolean } = {},
): LazyExoticComponent<T> {
  return lazy(async () => {
    const [module, theme] = await Promise.all([load(), plain ? undefined : loadAntdTheme()]);
    if (english) await english.then(areasInEnglish, () => {});
    if (!theme) return module;
    const Area = module.default;
    // biome-ignore lint/correctness/noComponentHookFactories: made once per chunk; React.lazy keeps it.
    const Themed = (props: ComponentProps<T>) =>
      createElement(theme.AntdTheme, null, createElement(Area, props));
    Themed.displayName = `Themed(${Area.displayName ?? Area.name ?? 'Area'})`;
    return { default: Themed as unknown as T };
  });
}

/** Before the first render: the stored language's strings (so an English user never sees Chinese flash). */
export const preloadLanguage = (lang: Lang = storedLang()): Promise<void> =>
  lang === 'en' ? loadEnglish().catch(() => {}) : Promise.resolve();

/** Initialise i18next once with Chinese; English is added by `loadEnglish`. */
export function initI18n(lang: Lang = storedLang()): typeof i18n {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources: { 'zh-CN': { translation: zhCN } },
      lng: lang,
      fallbackLng: 'zh-CN',
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
      showSupportNotice: false,
    });
    i18n.on('languageChanged', (lng) => applyLang(lng === 'en' ? 'en' : 'zh-CN'));
  } else if (i18n.language !== lang) {
    void i18n.changeLanguage(lang);
  }
  // Not loaded yet (a test, or preloadLanguage skipped): Chinese until it arrives, then re-render.
  if (lang === 'en' && !i18n.hasResourceBundle('en', 'translation'))
    void loadEnglish().then(() => {
      if (i18n.language === 'en') void i18n.changeLanguage('en');
    });
  applyLang(lang);
  return i18n;
}

/** Switch the UI language and remember the choice in localStorage. */
export async function setLanguage(lang: Lang): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or a locked-down kiosk browser: the choice then lasts for this page only.
  }
  // The portal's server renderer reads the language from this cookie.
  // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie, no secret
  document.cookie = `linli_lang=${lang}; path=/; max-age=31536000; SameSite=Lax`;
  if (lang === 'en') await loadEnglish();
  await i18n.changeLanguage(lang);
}

/** The current language as one of ours. */
export function currentLang(): Lang {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export { i18n };
