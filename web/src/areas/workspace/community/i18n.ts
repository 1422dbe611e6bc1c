/**
 * Community work's strings, in their own i18next namespace (`community:`) registered when this
 * area's chunk loads: the staff entry carries every route's first screen, so strings only these
 * pages use stay out of it (the login and join routes sit at their size ceilings).
 */
import { i18n } from '../../../i18n';
import communityEn from '../../../i18n/community.en';
import communityZh from '../../../i18n/community.zh-CN';

i18n.addResourceBundle('zh-CN', 'community', communityZh, true, true);
i18n.addResourceBundle('en', 'community', communityEn, true, true);
