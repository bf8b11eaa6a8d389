/** decodeURIComponent that answers null for malformed percent-encoding (`%zz`, a cut UTF-8 sequence) instead of throwing. */
export function decodeComponent(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
