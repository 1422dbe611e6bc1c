import { ConfigProvider, type ThemeConfig, unstableSetRender } from 'antd';
// The ES builds: `antd/locale/*` is CommonJS and drags antd/lib and rc-*/lib into the first load.
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../kiosk';

/*
 * antd 5 draws its click waves and imperative pop-ups with React 18's legacy `render`, which React
 * 19 no longer has (https://u.ant.design/v5-for-19: "antd v5 support React is 16 ~ 18" in the
 * console, and no wave). It is handed React 19's root API instead, once, before any antd area draws.
 */
const roots = new WeakMap<Element | DocumentFragment, Root>();
unstableSetRender((node, container) => {
  const root = roots.get(container) ?? createRoot(container);
  roots.set(container, root);
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    roots.delete(container);
  };
});

/**
 * Colours chosen for WCAG AA on white: antd's default primary (#1677ff, 4.1:1), error (#ff4d4f)
 * and tertiary text (45 % black) fall short of 4.5:1 for body text. Checked by axe in the browser
 * tests (tests/support/a11y.ts, docs/accessibility.md).
 *
 * - Hovered links and buttons stay at ≥ 4.5:1 (a clicked button keeps the pointer over it).
 * - Status backgrounds (`Tag color="success"`, Alert) are pinned to antd's light tints: derived
 *   from the darker seeds above they came out grey (#adb8a5 behind #237804: 2.7:1).
 * - Preset tag colours (`Tag color="green"`) write their text in shade 7 on shade 1; for green,
 *   cyan, orange, volcano, gold, yellow and lime that is 2.0–4.4:1, so the text takes the first
 *   shade that reaches 4.5:1 on its tint.
 */
const baseTokens: ThemeConfig['token'] = {
  // Hover shades go darker, not lighter: derived from #0958d9 they were 4.2–4.4:1 (white on a
  // hovered primary button, a hovered link).
  colorPrimaryHover: '#003eb3',
  colorLinkHover: '#003eb3',
  colorErrorHover: '#a8071a',
  colorSuccessBg: '#f6ffed',
  colorSuccessBorder: '#b7eb8f',
  colorWarningBg: '#fff7e6',
  colorWarningBorder: '#ffd591',
  colorErrorBg: '#fff2f0',
  colorErrorBorder: '#ffccc7',
  colorInfoBg: '#e6f4ff',
  colorInfoBorder: '#91caff',
  green7: '#237804',
  cyan7: '#006d75',
  orange7: '#ad4e00',
  volcano7: '#ad2102',
  gold7: '#874d00',
  yellow7: '#876800',
  lime7: '#3f6600',
  colorPrimary: '#0958d9',
  colorLink: '#0958d9',
  colorInfo: '#0958d9',
  colorError: '#c41d1f',
  colorSuccess: '#237804',
  colorWarning: '#ad4e00',
  colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
  colorTextDescription: 'rgba(0, 0, 0, 0.62)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
  fontFamily:
    "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Segoe UI', Roboto, sans-serif",
};

/**
 * Empty tables and lists write their "暂无…" in the disabled grey (#bfbfbf, 1.8:1); it is content,
 * not a disabled control, so it takes the description colour.
 */
const componentTokens: ThemeConfig['components'] = {
  Table: { colorTextDisabled: 'rgba(0, 0, 0, 0.62)' },
  List: { colorTextDisabled: 'rgba(0, 0, 0, 0.62)' },
};

/** Large type and ≥ 56 px touch targets on self-service terminals. */
const kioskTokens: ThemeConfig['token'] = {
  fontSize: 20,
  fontSizeLG: 22,
  controlHeight: 56,
  controlHeightLG: 64,
  controlHeightSM: 44,
};

/** Set inside a themed subtree, so an area inside another themed area does not theme again. */
const Themed = createContext(false);

/**
 * antd's locale and theme around the antd pages. Not in the staff client's entry: `lazyArea` loads
 * this module beside each area that uses antd and wraps the area in it (src/i18n/index.ts), so the
 * first screen of the workspace (plain markup) does not wait for antd's CSS-in-JS and theme.
 */
export function AntdTheme({ children }: { children: ReactNode }) {
  const nested = useContext(Themed);
  if (nested) return <>{children}</>;
  return <ThemeRoot>{children}</ThemeRoot>;
}

function ThemeRoot({ children }: { children: ReactNode }) {
  const kiosk = useKiosk();
  const { i18n: inst } = useTranslation();
  const locale = inst.language === 'en' ? enUS : zhCN;
  const theme = useMemo<ThemeConfig>(
    () => ({ token: { ...baseTokens, ...(kiosk ? kioskTokens : {}) }, components: componentTokens }),
    [kiosk],
  );
  return (
    // autoInsertSpace off: "登 录" would be read and matched as two words. No antd `App` here: it
    // brings Modal, message and notification into every route; the pages that call `App.useApp()`
    // wrap themselves (the ministry console, the service catalogue).
    <ConfigProvider locale={locale} theme={theme} button={{ autoInsertSpace: false }}>
      <Themed.Provider value={true}>{children}</Themed.Provider>
    </ConfigProvider>
  );
}

export default AntdTheme;
