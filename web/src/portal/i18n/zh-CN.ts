/**
 * The portal's Chinese strings: everything a resident reads on `/t/:slug`, its TV view and kiosk.
 * Apart from the staff dictionary (`web/src/i18n/`), which the portal never loads, and bundled
 * with the portal entry because zh-CN is the default language.
 */
const zhCN = {
  brand: { name: '邻里', tagline: '社区服务' },
  app: {
    skipToContent: '跳到主要内容',
    switchLanguage: 'English',
    switchLanguageLang: 'en',
    loading: '正在加载…',
    retry: '重试',
    loadFailed: '加载失败，请检查网络后重试。',
    notFound: '页面不存在',
    kiosk: '自助终端模式',
  },
  portal: {
    notices: '通知公告',
    noticesEmpty: '暂无通知。',
    hotline: '服务热线',
    hotlineNone: '暂未公布热线。',
    hotlineCall: '拨打 {{hotline}}',
    services: '在线服务',
    serviceComing: '线上办理即将开通，请拨打服务热线咨询。',
    notActive: '该区县平台尚未开通或已暂停，部分服务不可用。',
    portalOff: '本区县暂未开通门户网站，仅提供通知公告和服务热线。',
    published: '发布于',
    notFound: '未找到该区县。',
    tvView: '电视大屏',
    residentTitle: '居民服务',
    residentLogin: '居民登录',
    residentSignup: '居民注册',
    residentMe: '我的',
  },
  tv: {
    title: '{{district}} 社区服务',
    updated: '更新于 {{time}}',
    back: '返回门户',
  },
  tier: { basic: '基础版', standard: '标准版', demonstration: '示范版' },
  status: {
    applied: '已申请',
    provisioning: '开通中',
    active: '运行中',
    suspended: '已暂停',
    offboarding: '退出中',
    deleted: '已删除',
  },
  moduleGroups: {
    communityWork: '社区工作',
    publicServices: '公共服务',
    commercial: '商业服务',
    channels: '服务渠道',
  },
  modules: {
    'party-building': '社区党建',
    'self-governance': '居民自治',
    'civil-organizations': '社区民间组织',
    'street-tasks-reports': '街道任务与报表',
    employment: '就业',
    'social-security': '社会保障',
    'community-health': '社区卫生',
    'civil-affairs': '社区民政',
    'population-family-planning': '人口和计划生育',
    'public-safety': '治安综合治理',
    'culture-education-sports': '文化教育体育',
    'migrant-population': '流动人口服务',
    'commercial-services': '商业服务',
    'channel-call-centre': '呼叫中心',
    'channel-sms': '短信平台',
    'channel-kiosk': '自助终端',
    'channel-digital-tv': '数字电视',
  },
};

/** The shape every portal language provides (checked for English in `en.ts`). */
export type PortalStrings = typeof zhCN;
export default zhCN;
