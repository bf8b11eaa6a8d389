import { readFileSync } from 'node:fs';
import { FloeError } from '../../shared/errors';

/** A file a flag names (a CA, a value to produce), or a refusal naming the flag, the file and why. */
export function readInputFile(flag: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a folder' }[err.code ?? ''] ?? err.message;
    throw new FloeError('BAD_INPUT', `Cannot read ${flag} ${path}: ${why}`);
  }
}
