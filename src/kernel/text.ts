/**
 * Text PostgreSQL can store: `text` and `jsonb` refuse NUL, and a lone UTF-16 surrogate cannot be encoded as UTF-8.
 * One rule for the request validator (refuses such input) and the audit log (replaces it in what it records).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly the character this pattern finds.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function isStorableText(text: string): boolean {
  UNSTORABLE.lastIndex = 0;
  return !UNSTORABLE.test(text);
}

/** The text with every NUL and lone surrogate replaced by U+FFFD. */
export function storableTextOf(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}
