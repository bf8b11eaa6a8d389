import { MASKED } from '../../../shared/model/connect';

/** Key names that hold secrets whatever the plugin declares (transforms, converters and client overrides are not in its definitions). */
const SECRET_KEY = /(password|passwd|secret|credential|token|jaas\.config|private[._-]?key|api[._-]?key|access[._-]?key(?![._-]?id)|\.key$)/i;
/** `${provider:path:key}`: the worker resolves it; the config holds only the reference, which is no secret. */
const REFERENCE = /^\$\{[^}]+\}$/;

export function isSecretKey(key: string, passwordKeys: ReadonlySet<string>): boolean {
  return passwordKeys.has(key) || SECRET_KEY.test(key);
}

/** The config as Floe shows it: secrets (non-empty, not a reference) replaced by MASKED. */
export function maskConfig(config: Record<string, string>, passwordKeys: ReadonlySet<string>): { config: Record<string, string>; maskedKeys: string[] } {
  const masked: Record<string, string> = {};
  const maskedKeys: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (value && !REFERENCE.test(value) && isSecretKey(key, passwordKeys)) {
      masked[key] = MASKED;
      maskedKeys.push(key);
    } else masked[key] = value;
  }
  return { config: masked, maskedKeys };
}

/** A config sent back from an editor: every MASKED value of a key that is secret in `stored` takes the stored value. */
export function unmaskConfig(edited: Record<string, string>, stored: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(edited)) result[key] = value === MASKED && stored[key] !== undefined ? stored[key] : value;
  return result;
}
