/** @jsxRuntime automatic @jsxImportSource react */
import { type FormEvent, useId, useState } from 'react';
import { useI18n } from '../i18n';
import { Notice, Skeleton } from '../ui';
import { RATING_DIMENSIONS, RATING_LEVELS, type RatingInput, type RatingLevel, residentApi } from './api';
import { errorText } from './session';
import { useLoad } from './useLoad';

type Dimensions = RatingInput['dimensions'];

function LevelGroup({
  legend,
  name,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  value: RatingLevel | undefined;
  onChange: (v: RatingLevel) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="p-field p-levels">
      <legend>{legend}</legend>
      <div className="p-options">
        {RATING_LEVELS.map((l) => (
          <label key={l} className="p-option">
            <input type="radio" name={name} value={l} checked={value === l} onChange={() => onChange(l)} />{' '}
            {t(`rating.levels.${l}`)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** 好差评 of a completed case: five levels, the scheme's five dimensions, a comment; once. */
export function Rating({ caseId }: { caseId: string }) {
  const { t, lang } = useI18n();
  const id = useId();
  const { loaded, reload, set } = useLoad((signal) => residentApi.rating(caseId, signal), [caseId]);
  const [level, setLevel] = useState<RatingLevel | undefined>();
  const [dims, setDims] = useState<Partial<Dimensions>>({});
  const [comment, setComment] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (loaded.state === 'loading') return <Skeleton />;
  if (loaded.state === 'error')
    return (
      <Notice
        tone="error"
        action={
          <button type="button" className="p-btn" onClick={reload}>
            {t('app.retry')}
          </button>
        }
      >
        {errorText(loaded.error, lang)}
      </Notice>
    );
  const { rating, open } = loaded.data;
  if (rating)
    return (
      <section className="p-section" aria-labelledby={`${id}-h`} data-testid="rating-done">
        <h2 id={`${id}-h`}>{t('rating.title')}</h2>
        <p>{t('rating.yours', { level: t(`rating.levels.${rating.level}`) })}</p>
        {rating.comment ? <p className="p-muted">{rating.comment}</p> : null}
      </section>
    );
  if (!open) return null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!level) {
      setFailure(t('rating.pickLevel'));
      return;
    }
    // A dimension left alone takes the overall level.
    const dimensions = Object.fromEntries(RATING_DIMENSIONS.map((d) => [d, dims[d] ?? level])) as Dimensions;
    setBusy(true);
    setFailure(null);
    try {
      const res = await residentApi.rate(caseId, {
        level,
        dimensions,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      set({ rating: res.rating, open: false });
    } catch (err) {
      setFailure(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="p-section" aria-labelledby={`${id}-h`} data-testid="rating">
      <h2 id={`${id}-h`}>{t('rating.title')}</h2>
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <LevelGroup legend={t('rating.level')} name={`${id}-level`} value={level} onChange={setLevel} />
        {RATING_DIMENSIONS.map((d) => (
          <div key={d} className="p-field">
            <label htmlFor={`${id}-${d}`}>{t(`rating.dimensions.${d}`)}</label>
            <select
              id={`${id}-${d}`}
              className="p-input"
              value={dims[d] ?? level ?? ''}
              onChange={(e) => setDims((x) => ({ ...x, [d]: e.target.value as RatingLevel }))}
            >
              <option value="" disabled>
                {t('apply.choose')}
              </option>
              {RATING_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(`rating.levels.${l}`)}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className="p-field">
          <label htmlFor={`${id}-comment`}>{t('rating.comment')}</label>
          <textarea
            id={`${id}-comment`}
            className="p-input"
            rows={3}
            maxLength={500}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </div>
        {failure ? <Notice tone="error">{failure}</Notice> : null}
        <button type="submit" className="p-btn p-btn-primary" disabled={busy}>
          {t('rating.submit')}
        </button>
      </form>
    </section>
  );
}
