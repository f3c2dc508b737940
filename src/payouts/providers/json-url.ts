/**
 * The JSON and URL helpers every gateway needs: answers and callbacks are JSON objects read from
 * text nothing vouches for, base URLs come from the host's configuration.
 */

/** A JSON object, or undefined for anything else (HTML error pages, arrays, truncated bodies). */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A non-empty string, or a finite number as text (gateways send ids and codes as either); else undefined. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A value for a rejection reason, as JSON cut short: it came from outside. */
export function quote(value: unknown): string {
  const json = JSON.stringify(value) ?? 'undefined';
  return json.length > 48 ? `${json.slice(0, 45)}...` : json;
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A base URL without its trailing slashes, ready for a path starting with "/". */
export function trimTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}
