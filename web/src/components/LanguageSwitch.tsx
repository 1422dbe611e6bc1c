import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';
import { GlobalIcon } from './icons';
import { Button } from './plain';

/** Shows the *other* language's name in that language ("English" while in Chinese, "中文" in English). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      variant="text"
      icon={<GlobalIcon />}
      lang={t('app.switchLanguageLang')}
      onClick={() => void setLanguage(next)}
    >
      {t('app.switchLanguage')}
    </Button>
  );
}
