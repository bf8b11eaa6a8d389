import { createHash } from 'node:crypto';
import type { DlqCause, DlqError } from '../../../shared/model/dlq';

const MAX_TEMPLATE = 300;

// Order matters: quoted text first (it may hold numbers), then ids, then bare numbers.
const COLLAPSE: [RegExp, string][] = [
  [/"(?:[^"\\]|\\.)*"/g, '"…"'],
  [/'(?:[^'\\]|\\.)*'/g, "'…'"],
  [/`[^`]*`/g, '`…`'],
  [/\(([^\s()]+)\)/g, '(…)'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  [/(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w])/g, '<n>'],
];

/**
 * An exception message with what varies between records (numbers, ids, offsets, quoted values) collapsed,
 * so "Value (twelve) was out of range" and "Value (eleven) was out of range" are one cause. First line only.
 */
export function messageTemplate(message: string | undefined): string | null {
  if (message === undefined) return null;
  let text = (message.split('\n', 1)[0] ?? '').trim();
  for (const [pattern, replacement] of COLLAPSE) text = text.replace(pattern, replacement);
  return text.length > MAX_TEMPLATE ? `${text.slice(0, MAX_TEMPLATE - 1)}…` : text;
}

export function causeOf(error: DlqError): DlqCause {
  const root = error.rootCause ? `${error.rootCause.exceptionClass}${error.rootCause.message ? `: ${messageTemplate(error.rootCause.message)}` : ''}` : null;
  return {
    exceptionClass: error.exceptionClass ?? null,
    messageTemplate: messageTemplate(error.message),
    rootCause: root,
    stage: error.stage ?? null,
    connector: error.connector ?? null,
    sourceTopic: error.source?.topic ?? null,
  };
}

/** A short stable id of a cause (and convention): the same failure gets the same id in every scan. */
export function causeId(cause: DlqCause, convention: DlqError['convention']): string {
  const parts = [convention, cause.exceptionClass, cause.messageTemplate, cause.rootCause, cause.stage, cause.connector, cause.sourceTopic];
  return createHash('sha1').update(JSON.stringify(parts)).digest('hex').slice(0, 12);
}

/** Cause and id of dead letters, remembered for repeated failures (the template's regexes run once per distinct message). */
export class CauseClassifier {
  private readonly seen = new Map<string, { id: string; cause: DlqCause }>();

  classify(error: DlqError): { id: string; cause: DlqCause } {
    const key = JSON.stringify([error.convention, error.exceptionClass, error.message, error.rootCause, error.stage, error.connector, error.source?.topic]);
    let found = this.seen.get(key);
    if (!found) {
      const cause = causeOf(error);
      found = { id: causeId(cause, error.convention), cause };
      if (this.seen.size >= 10_000) this.seen.clear();
      this.seen.set(key, found);
    }
    return found;
  }
}
