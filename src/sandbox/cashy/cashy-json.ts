/** A decimal that goes into JSON with its exact digits, as Java writes a BigDecimal: 10.00, not 10. */
export class JsonDecimal {
  constructor(readonly text: string) {}
}

/**
 * JSON.stringify with JsonDecimal written verbatim and keys in insertion order. Cashy bodies carry
 * amounts like `"amount":10.00` (docs/gateways.md 4, vector C3), which JSON.stringify cannot produce; the exact
 * bytes matter because callbacks are signed over them.
 */
export function toJavaJson(value: unknown): string {
  if (value instanceof JsonDecimal) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJavaJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${toJavaJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
