/** The join wizard's draft, kept in localStorage so an applicant can leave and come back. */
export interface JoinValues {
  province?: string;
  city?: string;
  divisionCode?: string;
  profile?: {
    areaType?: string;
    development?: string;
    population?: number;
    migrantSharePercent?: number;
    broadbandPercent?: number;
    lowIncomePercent?: number;
  };
  tierRequested?: 'basic' | 'standard' | 'demonstration';
  admin?: { name?: string; mobile?: string; email?: string };
  /** In memory only (stripped by `saveDraft`). */
  password?: string;
  passwordConfirm?: string;
  verifyCode?: string;
}

export interface JoinDraft {
  step: number;
  values: JoinValues;
  /** The server-side draft (saved between steps, 7-day TTL). */
  draftId?: string;
}

/** Never kept in the browser: the password and one-time code stay in memory only. */
const SECRET_FIELDS = ['password', 'passwordConfirm', 'verifyCode'] as const;

export const DRAFT_KEY = 'linli.join.draft';

export function loadDraft(): JoinDraft {
  try {
    const raw = localStorage.getItem(DRAFT_KEY);
    if (raw) {
      const d = JSON.parse(raw) as Partial<JoinDraft>;
      return {
        step: typeof d.step === 'number' ? d.step : 0,
        values: d.values ?? {},
        ...(typeof d.draftId === 'string' ? { draftId: d.draftId } : {}),
      };
    }
  } catch {
    // A corrupt or inaccessible draft starts the wizard afresh.
  }
  return { step: 0, values: {} };
}

export function saveDraft(draft: JoinDraft): void {
  try {
    const values = { ...draft.values } as Record<string, unknown>;
    for (const f of SECRET_FIELDS) delete values[f];
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ ...draft, values }));
  } catch {
    // Storage full or disabled: the wizard still works, only without a saved draft.
  }
}

export function clearDraft(): void {
  try {
    localStorage.removeItem(DRAFT_KEY);
  } catch {
    // Nothing to clear.
  }
}

/**
 * The category rule of DOMAIN.md, shown to the applicant as a preview; the platform computes
 * the authoritative category on its side.
 */
export function previewCategory(p: JoinValues['profile'] = {}) {
  return {
    areaType: p.areaType,
    development: p.development,
    migrantShare:
      p.migrantSharePercent === undefined ? undefined : p.migrantSharePercent >= 30 ? 'high' : 'normal',
    infrastructure:
      p.broadbandPercent === undefined ? undefined : p.broadbandPercent < 50 ? 'weak' : 'strong',
    hardship: p.lowIncomePercent === undefined ? undefined : p.lowIncomePercent >= 3 ? 'high' : 'normal',
  };
}
