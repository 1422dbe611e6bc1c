/**
 * Accessibility checked by a tool: axe-core (through `@axe-core/playwright`, which drives a
 * playwright-core `Page`) on every page the browser tests visit.
 *
 * - `expectAccessible(page, label)` runs axe on the page as it is now with the WCAG 2.0/2.1 A and
 *   AA rules and throws on any violation of impact `serious` or `critical`, listing rule id,
 *   impact, the offending elements' selectors and axe's help text.
 * - Every page opened with `openBrowser` is tracked: each path its main frame navigates to
 *   (history API navigations included) is recorded, and `session.close()` fails when a visited
 *   path was never checked, so a new screen in a test cannot slip past the check.
 *
 * Exclusions are narrow and carry a reason (see `EXCLUDED`); product pages are fixed instead.
 */
import AxeBuilder from '@axe-core/playwright';
import type { NodeResult, Result } from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;
const FAILING = new Set(['serious', 'critical']);

/**
 * Elements we do not own and cannot fix, each with its reason. Selectors are CSS, matched by axe's
 * `exclude` (the element and its subtree are not checked by any rule). Prefer `IGNORED` below,
 * which leaves out one rule on one kind of element.
 */
export const EXCLUDED: ReadonlyArray<{ readonly selector: string; readonly reason: string }> = [];

/** One rule's findings on one kind of element that are not counted, each with its reason. */
export const IGNORED: ReadonlyArray<{
  readonly rule: string;
  readonly node: (node: NodeResult) => boolean;
  readonly reason: string;
}> = [
  {
    rule: 'aria-allowed-attr',
    node: (n) =>
      /^<div class="ant-(select|checkbox-group)\b/.test(n.html) &&
      n.any.concat(n.all, n.none).every((c) => /aria-required/.test(c.message)),
    reason:
      "antd's Form.Item sets aria-required on whatever control it wraps, and for a Select or a " +
      'Checkbox.Group that is the wrapping <div> (no role, so the attribute is not allowed there). ' +
      "Form.Item writes it after the control's own props, so the product cannot take it off. The " +
      "Select's combobox input carries aria-required as well, the label shows the required mark, and " +
      'the validation message is announced (aria-describedby) — the attribute on the div is inert.',
  },
];

/** The violations left once the findings in `IGNORED` are taken out. */
export const countedViolations = (violations: readonly Result[]): Result[] =>
  violations
    .map((v) => {
      const ignores = IGNORED.filter((i) => i.rule === v.id);
      if (ignores.length === 0) return v;
      return { ...v, nodes: v.nodes.filter((n) => !ignores.some((i) => i.node(n))) };
    })
    .filter((v) => v.nodes.length > 0);

interface Tracker {
  /** Normalized paths the main frame navigated to, in order, with the first URL seen for each. */
  readonly visited: Map<string, string>;
  /** Normalized paths checked by `expectAccessible`. */
  readonly checked: Set<string>;
}

const trackers = new WeakMap<Page, Tracker>();

/**
 * A path as the check sees it: origin and query dropped, ids of records replaced by `:id` so that
 * `/workspace/population/residents/3f2a…` counts once for every resident.
 */
export const normalizePath = (url: string): string => {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return url;
  }
  return (
    pathname
      .split('/')
      .map((seg) => (/\d/.test(seg) && (seg.length >= 12 || /^[0-9a-f-]{8,}$/i.test(seg)) ? ':id' : seg))
      .join('/')
      .replace(/\/+$/, '') || '/'
  );
};

/** Starts recording the main frame's navigations of `page` (called by `openBrowser`). */
export const trackVisits = (page: Page): void => {
  const tracker: Tracker = { visited: new Map(), checked: new Set() };
  trackers.set(page, tracker);
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    const url = frame.url();
    if (!url.startsWith('http')) return;
    const path = normalizePath(url);
    if (!tracker.visited.has(path)) tracker.visited.set(path, url);
  });
};

/** Visited paths that `expectAccessible` never checked. */
export const uncheckedVisits = (page: Page): string[] => {
  const tracker = trackers.get(page);
  if (!tracker) return [];
  return [...tracker.visited.entries()].filter(([path]) => !tracker.checked.has(path)).map(([, url]) => url);
};

const formatViolation = (v: Result): string => {
  const targets = v.nodes
    .slice(0, 8)
    .map((n) => {
      const why = n.failureSummary?.split('\n').slice(1, 2).join(' ').trim();
      return `      - ${n.target.map(String).join(' >>> ')}${why ? `  (${why})` : ''}`;
    })
    .join('\n');
  const more = v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more` : '';
  return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${targets}${more}`;
};

export interface AccessibleOptions {
  /** Extra CSS selectors to leave out for this check only; give the reason in a comment at the call. */
  readonly exclude?: readonly string[];
  /**
   * Check a screen that a file passes through many times (the sign-in page) only the first time in
   * this test file; later calls just mark the path as checked.
   */
  readonly once?: boolean;
}

const passedOnce = new Set<string>();

/**
 * Runs axe on the page as it is and fails on serious or critical violations. `label` names the
 * screen in the failure message ("portal home", "workspace residents list").
 */
export const expectAccessible = async (
  page: Page,
  label: string,
  opts: AccessibleOptions = {},
): Promise<void> => {
  if (opts.once && passedOnce.has(label)) {
    trackers.get(page)?.checked.add(normalizePath(page.url()));
    return;
  }
  // Let a route that is still rendering settle (lazy chunks, first query) and antd's motions
  // (a dialog zooming in is half transparent: its colours would be measured wrong) end first.
  await page.waitForLoadState('domcontentloaded');
  for (const busy of [
    '.ant-spin-spinning, [aria-busy="true"]',
    '[class*="-appear-active"], [class*="-enter-active"], [class*="-leave-active"]',
  ]) {
    await page
      .locator(busy)
      .first()
      .waitFor({ state: 'detached', timeout: 5_000 })
      .catch(() => undefined);
  }
  // A colour in a CSS transition (a button's focus or hover shade fading in) is measured mid-way
  // and can read as low contrast: let finite animations and transitions end (3 s at most).
  // (A string: the tests are compiled without the DOM's types.)
  await page
    .evaluate(`Promise.race([
      Promise.all(document.getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined))),
      new Promise((resolve) => setTimeout(resolve, 3000)),
    ])`)
    .catch(() => undefined);
  let builder = new AxeBuilder({ page }).withTags([...WCAG_TAGS]);
  for (const { selector } of EXCLUDED) builder = builder.exclude(selector);
  for (const selector of opts.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const tracker = trackers.get(page);
  tracker?.checked.add(normalizePath(page.url()));
  const failing = countedViolations(results.violations).filter((v) => FAILING.has(v.impact ?? ''));
  if (failing.length === 0) {
    passedOnce.add(label);
    return;
  }
  throw new Error(
    `axe: ${failing.length} serious/critical accessibility violation(s) on "${label}" (${page.url()}):\n${failing
      .map(formatViolation)
      .join('\n')}`,
  );
};

/**
 * axe runs as a script, so a page opened with JavaScript disabled cannot be checked directly. This
 * loads the same URL in `context` (JavaScript on) with every script the page itself would load
 * blocked — the markup a browser without JavaScript shows — checks that, and counts it for `page`.
 */
export const expectAccessibleWithoutScripts = async (
  page: Page,
  context: BrowserContext,
  label: string,
): Promise<void> => {
  const probe = await context.newPage();
  try {
    await probe.route('**/*', (route) =>
      route.request().resourceType() === 'script' ? route.abort() : route.continue(),
    );
    await probe.goto(page.url());
    await expectAccessible(probe, label);
  } finally {
    await probe.close();
  }
  trackers.get(page)?.checked.add(normalizePath(page.url()));
};
