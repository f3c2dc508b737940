/** Cuts text to fit its column (the ellipsis shows it was cut). */
export function clip(text: string, max = 500): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}
