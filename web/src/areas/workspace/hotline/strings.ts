/**
 * The hotline's strings are not in the staff entry (every page would carry them): this chunk adds
 * them to i18next when it loads — Chinese at once, English now or whenever English arrives.
 */
import i18n from 'i18next';
import hotlineEn from '../../../i18n/hotline.en';
import hotlineZh from '../../../i18n/hotline.zh-CN';

const addEnglish = () => i18n.addResourceBundle('en', 'translation', { hotline: hotlineEn }, true, true);

export function registerHotlineStrings(): void {
  i18n.addResourceBundle('zh-CN', 'translation', { hotline: hotlineZh }, true, true);
  if (i18n.hasResourceBundle('en', 'translation')) addEnglish();
  i18n.store.on('added', (lng: string, ns: string) => {
    if (lng === 'en' && ns === 'translation' && !i18n.exists('hotline.calls.title', { lng: 'en' }))
      addEnglish();
  });
}
