import { parse, parseNumberAndBigInt, stringify } from 'lossless-json';

/**
 * JSON text with integers beyond 2^53 kept exact: such integers become bigint, every other number a JS
 * number (as JSON.parse gives). The text must already be valid JSON.
 */
export function parseExact(text: string): unknown {
  return parse(text, null, parseNumberAndBigInt);
}

/** Compact JSON text with every number's digits exactly as written (JSON.stringify(JSON.parse(text)) rounds past 2^53). */
export function compactExact(text: string): string {
  return stringify(parse(text)) ?? 'null';
}
