/**
 * Statistical disclosure control of the counts a district publishes, as statistics offices do it:
 *
 * 1. **Primary suppression**: a count of 1–4 people (or their requests) is not published.
 * 2. **Complementary suppression**: a table is published with its row, column and grand totals, so
 *    a lone suppressed cell in a row could be recovered as total − the others. More cells are
 *    suppressed until no suppressed value is determined by the published ones: every linear
 *    relation (each row and column adds up to its total) is checked exactly with Gaussian
 *    elimination, not only "two per line", since a rectangle of suppressions can still pin a cell
 *    when a total is suppressed as well.
 *
 * The grand total is suppressed only when it is itself under the threshold.
 */

export const THRESHOLD = 5;

/** A small count that must not be published (0 is not suppressed: nobody can be pointed at). */
export const isSmall = (n: number) => n > 0 && n < THRESHOLD;

export interface Table {
  /** cells[r][c]; every row the same length. */
  readonly cells: readonly (readonly number[])[];
}

export interface SuppressedTable {
  readonly cells: readonly (readonly (number | null)[])[];
  readonly rowTotals: readonly (number | null)[];
  readonly colTotals: readonly (number | null)[];
  readonly total: number | null;
}

/** Entry ids: cell r*C+c, row total R*C+r, column total R*C+R+c, grand total R*C+R+C. */
interface Layout {
  readonly R: number;
  readonly C: number;
  readonly n: number;
  readonly values: number[];
  /** Each relation: entry ids with coefficient +1, the last one −1 (the total). */
  readonly lines: number[][];
}

const layoutOf = (t: Table): Layout => {
  const R = t.cells.length;
  const C = t.cells[0]?.length ?? 0;
  const values: number[] = [];
  for (const row of t.cells) {
    if (row.length !== C) throw new Error('ragged table');
    for (const v of row) {
      if (!Number.isInteger(v) || v < 0) throw new Error('counts must be non-negative integers');
      values.push(v);
    }
  }
  const rowT = t.cells.map((row) => row.reduce((s, v) => s + v, 0));
  const colT = Array.from({ length: C }, (_, c) => t.cells.reduce((s, row) => s + row[c]!, 0));
  values.push(
    ...rowT,
    ...colT,
    rowT.reduce((s, v) => s + v, 0),
  );
  const cell = (r: number, c: number) => r * C + c;
  const lines: number[][] = [];
  for (let r = 0; r < R; r++) lines.push([...Array.from({ length: C }, (_, c) => cell(r, c)), R * C + r]);
  for (let c = 0; c < C; c++) lines.push([...Array.from({ length: R }, (_, r) => cell(r, c)), R * C + R + c]);
  const g = R * C + R + C;
  lines.push([...Array.from({ length: R }, (_, r) => R * C + r), g]);
  lines.push([...Array.from({ length: C }, (_, c) => R * C + R + c), g]);
  return { R, C, n: values.length, values, lines };
};

/**
 * Which hidden entries are determined by the published ones: Gaussian elimination of the line
 * relations restricted to the hidden entries; a hidden entry is determined exactly when some
 * combination of relations isolates it (a reduced row with one non-zero).
 */
export const determinedEntries = (
  lines: readonly (readonly number[])[],
  hidden: ReadonlySet<number>,
): number[] => {
  const vars = [...hidden];
  if (!vars.length) return [];
  const col = new Map(vars.map((v, i) => [v, i]));
  const rows: number[][] = [];
  for (const line of lines) {
    const row = new Array<number>(vars.length).fill(0);
    let any = false;
    line.forEach((id, k) => {
      const i = col.get(id);
      if (i === undefined) return;
      row[i]! += k === line.length - 1 ? -1 : 1;
      any = true;
    });
    if (any) rows.push(row);
  }
  // Reduced row echelon form (coefficients are small integers; an epsilon guards the division).
  const eps = 1e-9;
  let lead = 0;
  for (let c = 0; c < vars.length && lead < rows.length; c++) {
    let p = lead;
    while (p < rows.length && Math.abs(rows[p]![c]!) < eps) p++;
    if (p === rows.length) continue;
    [rows[lead], rows[p]] = [rows[p]!, rows[lead]!];
    const pr = rows[lead]!;
    const pv = pr[c]!;
    for (let j = 0; j < pr.length; j++) pr[j]! /= pv;
    for (let i = 0; i < rows.length; i++) {
      if (i === lead) continue;
      const f = rows[i]![c]!;
      if (Math.abs(f) < eps) continue;
      for (let j = 0; j < pr.length; j++) rows[i]![j]! -= f * pr[j]!;
    }
    lead++;
  }
  const out: number[] = [];
  for (const r of rows) {
    const nz = r.flatMap((v, i) => (Math.abs(v) > eps ? [i] : []));
    if (nz.length === 1) out.push(vars[nz[0]!]!);
  }
  return out;
};

/**
 * Suppress a table: primary (1–4) then complementary until nothing hidden can be recovered from
 * what is published. Each complement is chosen, among the published entries on a line through a
 * recoverable value, as the one that leaves the fewest values recoverable, then a cell before a
 * total, then the smallest (least information lost). The grand total is hidden only as a last resort.
 */
export const suppressTable = (t: Table): SuppressedTable => {
  const L = layoutOf(t);
  const g = L.n - 1;
  const hidden = new Set<number>();
  L.values.forEach((v, i) => {
    if (isSmall(v)) hidden.add(i);
  });
  const isTotal = (id: number) => id >= L.R * L.C;
  for (let round = 0; round < L.n; round++) {
    const determined = determinedEntries(L.lines, hidden);
    if (!determined.length) break;
    const target = determined[0]!;
    // A line through the determined entry with something left to hide.
    const candidates = L.lines
      .filter((line) => line.includes(target))
      .flatMap((line) => line.filter((id) => !hidden.has(id) && id !== g));
    if (!candidates.length) {
      // Nothing else can be hidden: hide the grand total as a last resort.
      if (hidden.has(g)) break;
      hidden.add(g);
      continue;
    }
    // Options: one more entry on a line through the recoverable value, or — for a cell — the other
    // three corners of a rectangle through it (the classic complementary pattern). Chosen by one
    // step of lookahead: fewest values left recoverable, then fewest totals, then least hidden.
    const options: number[][] = [...new Set(candidates)].map((id) => [id]);
    if (target < L.R * L.C && L.R > 1 && L.C > 1) {
      const r = Math.floor(target / L.C);
      const c = target % L.C;
      for (let r2 = 0; r2 < L.R; r2++)
        for (let c2 = 0; c2 < L.C; c2++) {
          if (r2 === r || c2 === c) continue;
          const add = [r * L.C + c2, r2 * L.C + c, r2 * L.C + c2].filter((id) => !hidden.has(id));
          if (add.length) options.push(add);
        }
    }
    const scored = options.map((add) => ({
      add,
      left: determinedEntries(L.lines, new Set([...hidden, ...add])).length,
      totals: add.filter(isTotal).length,
      lost: add.reduce((sum, id) => sum + (L.values[id] === 0 ? 0.5 : L.values[id]!), 0),
    }));
    scored.sort((a, b) => a.left - b.left || a.totals - b.totals || a.lost - b.lost);
    for (const id of scored[0]!.add) hidden.add(id);
  }
  const show = (id: number) => (hidden.has(id) ? null : L.values[id]!);
  return {
    cells: Array.from({ length: L.R }, (_, r) => Array.from({ length: L.C }, (_, c) => show(r * L.C + c))),
    rowTotals: Array.from({ length: L.R }, (_, r) => show(L.R * L.C + r)),
    colTotals: Array.from({ length: L.C }, (_, c) => show(L.R * L.C + L.R + c)),
    total: show(g),
  };
};

/** The same layout's relations, for tests and audits of a published table. */
export const tableLines = (t: Table): number[][] => layoutOf(t).lines;

/** A lone count published by itself: primary suppression only (no relation to recover it from). */
export const suppressCount = (n: number): number | null => (isSmall(n) ? null : n);
