import 'dayjs/locale/zh-cn';
import dayjs from 'dayjs';
import i18n from 'i18next';
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
 * the staff entry should not carry a second copy of every string.
 */
export function loadEnglish(): Promise<void> {
  english ??= import('./en').then(({ default: en }) => {
    if (!i18n.isInitialized) initI18n();
    i18n.addResourceBundle('en', 'translation', en, true, true);
  });
  return english;
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
