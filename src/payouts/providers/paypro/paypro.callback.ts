import { isOurTradeNo } from '../../domain/identifiers';
import { parseLocalTime } from '../../domain/local-time';
import { maskPersonalData } from '../../domain/masking';
import { decimalToMinor } from '../../domain/money';
import { parseJsonObject, quote } from '../json-url';
import { CallbackInput, CallbackOutcome, StatusReport } from '../payout-provider';
import { payproReport } from './paypro.report';
import { payproVerify } from './paypro.signature';
import { PAYPRO_IN_PROGRESS, PAYPRO_OK } from './paypro.status-map';

export interface CallbackContext {
  secret: string;
  currency: string;
  utcOffsetMinutes: number;
  /** The `data.status` failure codes the channel accepts in a notification. */
  failureCodes: readonly string[];
}

/**
 * A payout notification (docs/gateways.md 1.6): a JSON POST signed like a request, over every field
 * except `sign` with the app secret. Nothing in it is trusted before the signature checks out,
 * and even then only once every field has its documented form: the signed string has no
 * separators, so characters can move between neighbouring fields without breaking the sign.
 */
export function parsePayproCallback(input: CallbackInput, context: CallbackContext): CallbackOutcome {
  const raw = input.rawBody.toString('utf8');
  const body = parseJsonObject(raw);
  if (!body) return { kind: 'rejected', problem: 'malformed', reason: 'malformed: the body is not a JSON object' };
  const maskedBody = maskPersonalData(body);
  if (typeof body.sign !== 'string' || body.sign === '') {
    return { kind: 'rejected', problem: 'forged', reason: 'the notification carries no sign', maskedBody };
  }
  const literals = numberLiterals(raw);
  if (!verifyNotification(body, literals, context.secret)) {
    return { kind: 'rejected', problem: 'forged', reason: 'the sign does not match', maskedBody };
  }
  const problem = notificationProblem(body, literals, context);
  if (problem) return { kind: 'rejected', problem: 'malformed', reason: `malformed: ${problem}`, maskedBody };
  // The status was checked above, so there is a report.
  const report = payproReport(body, {
    tradeNo: body.tradeNo as string,
    currency: context.currency,
    utcOffsetMinutes: context.utcOffsetMinutes,
    amount: literals.get('amount') ?? body.amount,
  }) as StatusReport;
  return { kind: 'verified', report, maskedBody };
}

/**
 * Why a signed notification is not one to act on, or undefined. A shifted one (`status` reading
 * "0000successTime=2024-07-01 18:34:31" with successTime gone) fails at least one of these, since
 * a shift leaves a key's text in a neighbour's value or takes a documented field away.
 */
function notificationProblem(body: Record<string, unknown>, literals: Map<string, string>, context: CallbackContext): string | undefined {
  const status = body.status;
  const statuses = [PAYPRO_OK, PAYPRO_IN_PROGRESS, ...context.failureCodes];
  if (typeof status !== 'string' || !statuses.includes(status)) return `status ${quote(status)} is not one of ${statuses.join(', ')}`;
  const amount = decimalToMinor(literals.get('amount') ?? body.amount, context.currency);
  if (amount === undefined || amount <= 0) return `amount ${quote(body.amount)} is not a positive ${context.currency} amount`;
  if (!isOurTradeNo(body.tradeNo)) return `tradeNo ${quote(body.tradeNo)} is not a trade number of ours`;
  const reference = body.platFormTradeNo;
  if (typeof reference !== 'string' || !/^[A-Za-z0-9_-]+$/.test(reference)) return `platFormTradeNo ${quote(reference)} is not an order number`;
  const timestamp = literals.get('timestamp') ?? body.timestamp;
  if (typeof timestamp !== 'string' || !/^\d+$/.test(timestamp)) return `timestamp ${quote(body.timestamp)} is not a number of milliseconds`;
  const completed = body.successTime;
  // Empty and null values are left out of the sign, so they may stand for "not completed".
  if (completed !== undefined && completed !== null && completed !== '' && parseLocalTime(completed, context.utcOffsetMinutes) === undefined) {
    return `successTime ${quote(body.successTime)} is not a yyyy-MM-dd HH:mm:ss time`;
  }
  return undefined;
}

/**
 * JSON numbers are signed as the gateway wrote them: "200.00" must not become "200", which is
 * what JSON.parse would give (Mexico sends `amount` as a number). The parsed form is tried too.
 */
function verifyNotification(body: Record<string, unknown>, literals: Map<string, string>, secret: string): boolean {
  const asWritten = { ...body, ...Object.fromEntries(literals) };
  if (payproVerify(asWritten, secret)) return true;
  const differs = [...literals].some(([key, literal]) => literal !== String(body[key]));
  return differs && payproVerify(body, secret);
}

/**
 * The source text of each top-level number in a JSON object. Only called on text JSON.parse
 * accepted, so the scan can rely on it being well formed. Later duplicates win, as in JSON.parse.
 */
export function numberLiterals(json: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = skipSpace(json, json.indexOf('{') + 1);
  while (json[i] === '"') {
    const keyEnd = stringEnd(json, i);
    const key = JSON.parse(json.slice(i, keyEnd)) as string;
    const start = skipSpace(json, skipSpace(json, keyEnd) + 1);
    const end = valueEnd(json, start);
    const literal = json.slice(start, end);
    if (/^-?\d/.test(literal)) out.set(key, literal);
    else out.delete(key);
    i = skipSpace(json, end);
    if (json[i] === ',') i = skipSpace(json, i + 1);
  }
  return out;
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && ' \t\r\n'.includes(s[i])) i++;
  return i;
}

/** Index just past the string starting at `i`. */
function stringEnd(s: string, i: number): number {
  let j = i + 1;
  while (s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Index just past the value starting at `i`. */
function valueEnd(s: string, i: number): number {
  if (s[i] === '"') return stringEnd(s, i);
  if (s[i] === '{' || s[i] === '[') {
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
  let j = i;
  while (j < s.length && !',}] \t\r\n'.includes(s[j])) j++;
  return j;
}
