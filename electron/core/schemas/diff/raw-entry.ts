import type { DiffEntry } from '../../../../shared/model/schemas';

/** A change before its compatibility is known. */
export type RawEntry = Omit<DiffEntry, 'backward' | 'forward' | 'reasons'>;
