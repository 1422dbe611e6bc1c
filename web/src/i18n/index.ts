import 'dayjs/locale/zh-cn';
import dayjs from 'dayjs';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en';
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

/** Initialise i18next once (resources are bundled: both are small and avoid a round trip). */
export function initI18n(lang: Lang = storedLang()): typeof i18n {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
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
  await i18n.changeLanguage(lang);
}

/** The current language as one of ours. */
export function currentLang(): Lang {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export { i18n };
