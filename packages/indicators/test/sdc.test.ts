import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { determinedEntries, suppressTable, tableLines } from '../src/sdc.ts';

/** Flatten a published table into entry ids as `tableLines` numbers them (null = hidden). */
const published = (t: ReturnType<typeof suppressTable>) => [
  ...t.cells.flat(),
  ...t.rowTotals,
  ...t.colTotals,
  t.total,
];

/**
 * The attacker: every value they can pin down from what is published, by solving the row and
 * column relations exactly (singletons first, then whatever elimination yields).
 */
const recoverable = (cells: number[][], t: ReturnType<typeof suppressTable>) => {
  const hidden = new Set(published(t).flatMap((v, i) => (v === null ? [i] : [])));
  return determinedEntries(tableLines({ cells }), hidden);
};

describe('statistical disclosure control', () => {
  it('suppresses a lone small cell and a complement in its row and column', () => {
    const cells = [
      [20, 3, 15],
      [12, 30, 9],
      [25, 18, 40],
    ];
    const t = suppressTable({ cells });
    expect(t.cells[0]![1]).toBeNull();
    expect(t.cells.flat().filter((v) => v === null).length).toBeGreaterThanOrEqual(4); // a rectangle
    expect(t.total).toBe(172);
    expect(recoverable(cells, t)).toEqual([]);
  });

  it('hides a small margin (3 requests through a channel district-wide)', () => {
    const cells = [
      [0, 2, 40],
      [0, 1, 50],
    ];
    const t = suppressTable({ cells });
    expect(t.colTotals[1]).toBeNull(); // 3 requests through a channel district-wide
    expect(recoverable(cells, t)).toEqual([]);
  });

  it('property: no published value is under 5 (except 0) and no suppressed one is derivable', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 })).chain(([r, c]) =>
          fc.array(
            fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 })), {
              minLength: c,
              maxLength: c,
            }),
            {
              minLength: r,
              maxLength: r,
            },
          ),
        ),
        (cells) => {
          const t = suppressTable({ cells });
          for (const v of published(t)) if (v !== null) expect(v === 0 || v >= 5).toBe(true);
          expect(recoverable(cells, t)).toEqual([]);
          // what is published is the truth
          for (const [r, row] of cells.entries())
            for (const [c, v] of row.entries()) {
              const p = t.cells[r]![c];
              if (p !== null) expect(p).toBe(v);
            }
        },
      ),
      { numRuns: 400, seed: 14 },
    );
  });
});
