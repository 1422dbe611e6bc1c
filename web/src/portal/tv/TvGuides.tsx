/** @jsxRuntime automatic @jsxImportSource react */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { pick, publicGuide, publicServices, type ServiceGuide, type ServiceSummary } from '../services/api';
import { Empty, LoadFailed, Skeleton } from '../ui';

/** The TV's 办事指南: the district's services, one guide at a time (materials, time limit, department). */
export default function TvGuides({ slug }: { slug: string }) {
  const { lang } = useI18n();
  const [list, setList] = useState<ServiceSummary[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [guide, setGuide] = useState<ServiceGuide | null>(null);
  const [attempt, setAttempt] = useState(0);
  const load = () => setAttempt((n) => n + 1);
  useEffect(() => {
    if (attempt < 0) return;
    setFailed(false);
    publicServices(slug)
      .then(setList)
      .catch(() => setFailed(true));
  }, [slug, attempt]);
  useEffect(() => {
    // After the list or a guide appears, the remote lands on its first button.
    if (list !== null || guide !== null) document.querySelector<HTMLElement>('.p-tv-panel button')?.focus();
  }, [list, guide]);
  if (failed) return <LoadFailed onRetry={load} />;
  if (!list) return <Skeleton />;
  if (guide) {
    const def = guide.service;
    return (
      <article className="p-tv-notice" data-testid="tv-guide">
        <h2>{pick(def.name, lang)}</h2>
        <p>{pick(def.summary, lang)}</p>
        <p>
          {lang === 'en' ? 'Department' : '办理部门'}：{pick(guide.departmentName, lang)} ·{' '}
          {lang === 'en' ? `${def.timeLimitDays} working days` : `承诺 ${def.timeLimitDays} 个工作日`}
        </p>
        {def.materials?.length ? (
          <>
            <h3>{lang === 'en' ? 'Materials' : '所需材料'}</h3>
            <ul>
              {(def.materials ?? []).map((m) => (
                <li key={m.key}>{pick(m.name, lang)}</li>
              ))}
            </ul>
          </>
        ) : null}
        <button type="button" className="p-tv-btn" onClick={() => setGuide(null)}>
          {lang === 'en' ? 'Back' : '返回'}
        </button>
      </article>
    );
  }
  if (list.length === 0) return <Empty>{lang === 'en' ? 'No services' : '暂无服务'}</Empty>;
  return (
    <ul className="p-tv-grid">
      {list.map((s) => (
        <li key={s.code}>
          <button
            type="button"
            className="p-tv-item"
            onClick={() =>
              void publicGuide(slug, s.code)
                .then(setGuide)
                .catch(() => setFailed(true))
            }
          >
            <strong>{pick(s.name, lang)}</strong>
            <span>{pick(s.departmentName, lang)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
