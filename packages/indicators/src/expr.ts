/**
 * The indicator formula language: arithmetic over named aggregates, parsed into a tree and checked
 * before a definition is saved; evaluated by walking the tree (never `eval`, never `Function`).
 *
 * Grammar (whitespace ignored):
 *   expr   := term (('+' | '-') term)*
 *   term   := unary (('*' | '/') unary)*
 *   unary  := '-' unary | atom
 *   atom   := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
 *   name   := [a-zA-Z][a-zA-Z0-9_]*   (an aggregate of the catalogue)
 * Functions: `min(a, b, …)`, `max(a, b, …)`, `abs(a)`.
 *
 * Evaluation is null-propagating: an aggregate that is missing, or a division by zero, makes the
 * value `null` ("no data"); a suppressed aggregate (`SUPPRESSED`) makes it suppressed.
 */
import { LinliError } from '@linli/core';

export type Expr =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'ref'; readonly name: string }
  | { readonly k: 'neg'; readonly e: Expr }
  | { readonly k: 'bin'; readonly op: '+' | '-' | '*' | '/'; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'call'; readonly fn: 'min' | 'max' | 'abs'; readonly args: readonly Expr[] };

const FUNCTIONS = { min: [1, 8], max: [1, 8], abs: [1, 1] } as const;
/** Longest formula accepted (characters) and deepest nesting: the console's form, not a program. */
export const MAX_FORMULA = 400;
const MAX_DEPTH = 24;

export const formulaError = (zh: string, en: string, at?: number) =>
  new LinliError(
    'INDICATOR_FORMULA_INVALID',
    400,
    {
      zh: `指标公式有误：${zh}${at !== undefined ? `（第 ${at + 1} 个字符）` : ''}`,
      en: `The indicator formula is not valid: ${en}${at !== undefined ? ` (at character ${at + 1})` : ''}`,
    },
    { issues: [{ field: 'formula', code: 'INDICATOR_FORMULA_INVALID', message: { zh, en } }] },
  );

type Token =
  | { t: 'num'; v: number; at: number }
  | { t: 'name'; v: string; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'end'; at: number };

const tokenize = (src: string): Token[] => {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
      continue;
    }
    if (/[0-9.]/.test(c)) {
      const m = /^(?:\d+(?:\.\d*)?|\.\d+)/.exec(src.slice(i));
      if (!m) throw formulaError('数字格式不对', 'malformed number', i);
      out.push({ t: 'num', v: Number(m[0]), at: i });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      const m = /^[A-Za-z][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'name', v: m[0], at: i });
      i += m[0].length;
      continue;
    }
    if ('+-*/(),'.includes(c)) {
      out.push({ t: 'op', v: c, at: i });
      i++;
      continue;
    }
    throw formulaError(`不能使用字符“${c}”`, `character "${c}" is not allowed`, i);
  }
  out.push({ t: 'end', at: src.length });
  return out;
};

/** Parse a formula into its tree; throws `INDICATOR_FORMULA_INVALID` with the position. */
export const parseFormula = (src: string): Expr => {
  if (src.length > MAX_FORMULA)
    throw formulaError(`超过 ${MAX_FORMULA} 个字符`, `longer than ${MAX_FORMULA} characters`);
  if (!src.trim()) throw formulaError('公式为空', 'the formula is empty');
  const tokens = tokenize(src);
  let p = 0;
  const peek = () => tokens[p]!;
  const next = () => tokens[p++]!;
  const isOp = (v: string) => {
    const t = peek();
    return t.t === 'op' && t.v === v;
  };
  const expect = (v: string) => {
    const t = next();
    if (t.t !== 'op' || t.v !== v) throw formulaError(`这里应为“${v}”`, `expected "${v}"`, t.at);
  };
  const expr = (depth: number): Expr => {
    if (depth > MAX_DEPTH) throw formulaError('嵌套过深', 'nested too deeply', peek().at);
    let a = term(depth);
    while (isOp('+') || isOp('-')) {
      const op = next() as { v: '+' | '-' };
      a = { k: 'bin', op: op.v, a, b: term(depth) };
    }
    return a;
  };
  const term = (depth: number): Expr => {
    let a = unary(depth);
    while (isOp('*') || isOp('/')) {
      const op = next() as { v: '*' | '/' };
      a = { k: 'bin', op: op.v, a, b: unary(depth) };
    }
    return a;
  };
  const unary = (depth: number): Expr => {
    if (isOp('-')) {
      next();
      if (depth > MAX_DEPTH) throw formulaError('嵌套过深', 'nested too deeply', peek().at);
      return { k: 'neg', e: unary(depth + 1) };
    }
    return atom(depth);
  };
  const atom = (depth: number): Expr => {
    const t = next();
    if (t.t === 'num') return { k: 'num', v: t.v };
    if (t.t === 'name') {
      if (!isOp('(')) return { k: 'ref', name: t.v };
      const fn = t.v as keyof typeof FUNCTIONS;
      if (!(fn in FUNCTIONS))
        throw formulaError(
          `没有函数 ${t.v}（可用 min、max、abs）`,
          `no function ${t.v} (min, max, abs)`,
          t.at,
        );
      next();
      const args = [expr(depth + 1)];
      while (isOp(',')) {
        next();
        args.push(expr(depth + 1));
      }
      expect(')');
      const [lo, hi] = FUNCTIONS[fn];
      if (args.length < lo || args.length > hi)
        throw formulaError(`${fn} 的参数个数不对`, `wrong number of arguments to ${fn}`, t.at);
      return { k: 'call', fn, args };
    }
    if (t.t === 'op' && t.v === '(') {
      const e = expr(depth + 1);
      expect(')');
      return e;
    }
    throw formulaError('这里应为数字、数据项或括号', 'expected a number, an aggregate or "("', t.at);
  };
  const tree = expr(0);
  const rest = peek();
  if (rest.t !== 'end') throw formulaError('公式在此之后有多余内容', 'unexpected text', rest.at);
  return tree;
};

/** The aggregate names a formula reads, in order of first use. */
export const referencedNames = (e: Expr, into: string[] = []): string[] => {
  switch (e.k) {
    case 'ref':
      if (!into.includes(e.name)) into.push(e.name);
      break;
    case 'neg':
      referencedNames(e.e, into);
      break;
    case 'bin':
      referencedNames(e.a, into);
      referencedNames(e.b, into);
      break;
    case 'call':
      for (const a of e.args) referencedNames(a, into);
      break;
  }
  return into;
};

/**
 * Parse and check a formula against the aggregates that exist: every name must be one of `known`
 * and at least one aggregate must be read (a constant is not an indicator).
 */
export const checkFormula = (src: string, known: ReadonlySet<string>): Expr => {
  const tree = parseFormula(src);
  const names = referencedNames(tree);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length)
    throw formulaError(`未知的数据项：${unknown.join('、')}`, `unknown aggregate: ${unknown.join(', ')}`);
  if (!names.length) throw formulaError('公式须引用至少一个数据项', 'the formula must read an aggregate');
  return tree;
};

/** A value an aggregate may have on the control plane: a number, suppressed (<5), or absent. */
export const SUPPRESSED = 'suppressed' as const;
export type AggregateValue = number | typeof SUPPRESSED | null;
export type Aggregates = Readonly<Record<string, AggregateValue | undefined>>;

export type Evaluated =
  | { readonly status: 'ok'; readonly value: number }
  | { readonly status: 'suppressed' }
  | { readonly status: 'no-data' };

const NO_DATA: Evaluated = { status: 'no-data' };
const SUPP: Evaluated = { status: 'suppressed' };

/** Evaluate a parsed formula. Suppression wins over "no data" (a suppressed input is still disclosive). */
export const evaluate = (e: Expr, aggregates: Aggregates): Evaluated => {
  const walk = (x: Expr): Evaluated => {
    switch (x.k) {
      case 'num':
        return { status: 'ok', value: x.v };
      case 'ref': {
        const v = aggregates[x.name];
        if (v === SUPPRESSED) return SUPP;
        if (typeof v !== 'number' || !Number.isFinite(v)) return NO_DATA;
        return { status: 'ok', value: v };
      }
      case 'neg': {
        const r = walk(x.e);
        return r.status === 'ok' ? { status: 'ok', value: -r.value } : r;
      }
      case 'bin': {
        const a = walk(x.a);
        const b = walk(x.b);
        if (a.status === 'suppressed' || b.status === 'suppressed') return SUPP;
        if (a.status !== 'ok' || b.status !== 'ok') return NO_DATA;
        switch (x.op) {
          case '+':
            return { status: 'ok', value: a.value + b.value };
          case '-':
            return { status: 'ok', value: a.value - b.value };
          case '*':
            return { status: 'ok', value: a.value * b.value };
          case '/':
            return b.value === 0 ? NO_DATA : { status: 'ok', value: a.value / b.value };
        }
        return NO_DATA;
      }
      case 'call': {
        const rs = x.args.map(walk);
        if (rs.some((r) => r.status === 'suppressed')) return SUPP;
        const vs: number[] = [];
        for (const r of rs) {
          if (r.status !== 'ok') return NO_DATA;
          vs.push(r.value);
        }
        const value = x.fn === 'min' ? Math.min(...vs) : x.fn === 'max' ? Math.max(...vs) : Math.abs(vs[0]!);
        return { status: 'ok', value };
      }
    }
  };
  return walk(e);
};
