import fc from 'fast-check';

/**
 * Rewrites of a signed callback that anyone on the path can make without the secret, because the
 * signature still matches: Paypro/Vexora sign `k1=v1k2=v2…` over the parsed, sorted fields (no
 * separators, empty and null values skipped, hex case ignored), so the JSON's layout, the fields'
 * boundaries within that string, empty extras and overridden duplicates are all free; Cashy signs
 * the exact bytes, so only the hex case of its `Sign` header is.
 */
export interface RewritePlan {
  /** Choices for re-splitting the Paypro signed string, one per step in turn (see resplit); undefined keeps the fields. */
  split?: number[];
  /** Per member: a string that is a JSON number written bare, or a bare number quoted. */
  retype: boolean[];
  /** Members with an empty or null value. */
  extras: [string, string][];
  /** Earlier duplicates (of the member at an index, with any value), which JSON.parse overrides. */
  shadows: [number, string][];
  /** Sort keys giving the members' order. */
  order: number[];
  /** Whitespace between tokens, taken in turn. */
  spaces: string[];
  /** Per character of keys and string values, taken in turn: written as a \u escape. */
  escapes: boolean[];
  upperSign: boolean;
}

const EXTRA_KEYS = ['remark', 'desc', 'fee', 'merchantNo', 'successtime', 'zzz', '__proto__', 'constructor'];

export const rewritePlan: fc.Arbitrary<RewritePlan> = fc.record({
  split: fc.option(fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), { nil: undefined, freq: 2 }),
  retype: fc.oneof(fc.constant<boolean[]>([]), fc.array(fc.boolean(), { maxLength: 12 })),
  extras: fc.oneof(fc.constant<[string, string][]>([]), fc.array(fc.tuple(fc.constantFrom(...EXTRA_KEYS), fc.constantFrom('""', 'null')), { maxLength: 3 })),
  shadows: fc.oneof(fc.constant<[number, string][]>([]), fc.array(fc.tuple(fc.nat(), fc.json({ maxDepth: 2 })), { maxLength: 2 })),
  order: fc.array(fc.nat(), { maxLength: 12 }),
  spaces: fc.oneof(fc.constant<string[]>(['']), fc.array(fc.constantFrom('', ' ', '\n', '\t', '\r\n  '), { minLength: 1, maxLength: 30 })),
  escapes: fc.oneof(fc.constant<boolean[]>([false]), fc.array(fc.boolean(), { minLength: 1, maxLength: 50 })),
  upperSign: fc.boolean(),
});

/** A member as written: its key and its value's JSON text. */
type Member = [key: string, json: string];

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** The members of a JSON object in the order written, each value's text exactly as written. */
function membersOf(raw: string): Member[] {
  const out: Member[] = [];
  let i = skipSpace(raw, raw.indexOf('{') + 1);
  while (raw[i] === '"') {
    const keyEnd = stringEnd(raw, i);
    const start = skipSpace(raw, skipSpace(raw, keyEnd) + 1);
    const end = valueEnd(raw, start);
    out.push([JSON.parse(raw.slice(i, keyEnd)) as string, raw.slice(start, end)]);
    i = skipSpace(raw, end);
    if (raw[i] === ',') i = skipSpace(raw, i + 1);
  }
  return out;
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && ' \t\r\n'.includes(s[i])) i++;
  return i;
}

function stringEnd(s: string, i: number): number {
  let j = i + 1;
  while (s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
  return j + 1;
}

function valueEnd(s: string, i: number): number {
  if (s[i] === '"') return stringEnd(s, i);
  if (s[i] !== '{' && s[i] !== '[') {
    let j = i;
    while (j < s.length && !',}] \t\r\n'.includes(s[j])) j++;
    return j;
  }
  let depth = 0;
  let j = i;
  do {
    if (s[j] === '"') {
      j = stringEnd(s, j);
      continue;
    }
    if (s[j] === '{' || s[j] === '[') depth++;
    else if (s[j] === '}' || s[j] === ']') depth--;
    j++;
  } while (depth > 0);
  return j;
}

/**
 * Another way of reading the Paypro signed string `signed` as sorted `k=v` pairs: at each step the
 * key runs to the next `=`, and the value ends where the next original key starts (`starts`), or,
 * for one choice in four, anywhere a later key still sorts after this one, or at the end of the
 * string (always possible).
 */
function resplit(signed: string, starts: number[], choices: number[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let pos = 0, step = 0; ; step++) {
    const eq = signed.indexOf('=', pos);
    const key = signed.slice(pos, eq);
    const ends: number[] = [];
    for (let end = eq + 2; end < signed.length; end++) {
      const nextEq = signed.indexOf('=', end);
      const next = signed.slice(end, nextEq);
      if (nextEq > end && next > key && next !== 'sign') ends.push(end);
    }
    ends.push(signed.length);
    const choice = choices[step % choices.length];
    const natural = ends.find((end) => end > eq && starts.includes(end)) ?? signed.length;
    const end = choice % 4 === 0 ? ends[(choice >> 2) % ends.length] : natural;
    pairs.push([key, signed.slice(eq + 1, end)]);
    if (end === signed.length) return pairs;
    pos = end;
  }
}

/** The Paypro/Vexora signed string of a callback's fields (the secret is appended to it before hashing), and where each key starts in it. */
function payproSignedString(fields: Record<string, unknown>): { signed: string; starts: number[] } {
  const pairs = Object.keys(fields)
    .filter((key) => key !== 'sign' && fields[key] !== null && fields[key] !== undefined && fields[key] !== '')
    .sort()
    .map((key) => `${key}=${String(fields[key])}`);
  const starts = pairs.map((_, i) => pairs.slice(0, i).join('').length);
  return { signed: pairs.join(''), starts };
}

function writeString(text: string, plan: RewritePlan, state: { c: number }): string {
  let out = '"';
  for (const ch of text) {
    const escape = plan.escapes[state.c++ % plan.escapes.length];
    out += escape && ch.length === 1 ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : JSON.stringify(ch).slice(1, -1);
  }
  return `${out}"`;
}

/** Writes members with the plan's order, whitespace and escapes; shadows go first so the originals win. */
function serialize(members: Member[], plan: RewritePlan): string {
  const state = { c: 0 };
  let s = 0;
  const ws = () => plan.spaces[s++ % plan.spaces.length];
  const ordered = members.map((m, i) => ({ m, rank: plan.order[i] ?? i })).sort((a, b) => a.rank - b.rank).map((x) => x.m);
  const shadows: Member[] = plan.shadows.map(([i, json]) => [members[i % members.length][0], json]);
  const text = (json: string) => (json.startsWith('"') ? writeString(JSON.parse(json) as string, plan, state) : json);
  const body = [...shadows, ...ordered].map(([key, json]) => `${ws()}${writeString(key, plan, state)}${ws()}:${ws()}${text(json)}${ws()}`).join(',');
  return `{${body}${ws()}}`;
}

/** Flips each member's value between a JSON string and a bare number where the plan says so and the text allows. */
function retype(members: Member[], plan: RewritePlan): { members: Member[]; changed: boolean } {
  let changed = false;
  const out = members.map(([key, json], i): Member => {
    if (!plan.retype[i]) return [key, json];
    if (json.startsWith('"')) {
      const text = JSON.parse(json) as string;
      if (!JSON_NUMBER.test(text)) return [key, json];
      changed = true;
      return [key, text];
    }
    if (!JSON_NUMBER.test(json)) return [key, json];
    changed = true;
    return [key, JSON.stringify(json)];
  });
  return { members: out, changed };
}

/**
 * A Paypro/Vexora callback rewritten by `plan` under its original sign. `layoutOnly`: only the
 * JSON's layout and the sign's hex case changed, so the meaning is the same by definition.
 */
export function rewritePaypro(raw: string, plan: RewritePlan): { raw: string; layoutOnly: boolean } {
  const written = membersOf(raw);
  const sign = JSON.parse(written.find(([key]) => key === 'sign')![1]) as string;
  const fields = JSON.parse(raw) as Record<string, unknown>;
  let members = written.filter(([key]) => key !== 'sign');
  let resplitChanged = false;
  if (plan.split) {
    const { signed, starts } = payproSignedString(fields);
    const pairs = resplit(signed, starts, plan.split);
    const before = JSON.stringify(members.map(([key, json]) => [key, String(JSON.parse(json))]).sort(([a], [b]) => (a < b ? -1 : 1)));
    resplitChanged = JSON.stringify(pairs) !== before;
    if (resplitChanged) members = pairs.map(([key, value]) => [key, JSON.stringify(value)]);
  }
  const typed = retype(members, plan);
  const taken = new Set(typed.members.map(([key]) => key));
  const extras = plan.extras.filter(([key]) => !taken.has(key) && key !== 'sign');
  const all: Member[] = [...typed.members, ...new Map(extras).entries(), ['sign', JSON.stringify(plan.upperSign ? sign.toUpperCase() : sign)]];
  return {
    raw: serialize(all, plan),
    layoutOnly: !resplitChanged && !typed.changed && extras.length === 0 && plan.shadows.length === 0,
  };
}

/** A Cashy callback's body rewritten by `plan` (the Sign header kept, its hex case as the plan says). */
export function rewriteCashy(raw: string, headers: Record<string, string>, plan: RewritePlan): { raw: string; headers: Record<string, string> } {
  const typed = retype(membersOf(raw), plan);
  const all: Member[] = [...typed.members, ...plan.extras];
  const sign = headers.Sign;
  return { raw: serialize(all, plan), headers: { ...headers, Sign: plan.upperSign ? sign.toUpperCase() : sign.toLowerCase() } };
}
