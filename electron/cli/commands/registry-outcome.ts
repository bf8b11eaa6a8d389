import { FloeError, type ErrorCode } from '../../../shared/errors';
import type { BrowseRecord } from '../../../shared/model/messages';
import type { Io } from '../output';

/**
 * What the schema registry meant for the records a command printed: a registry that failed (no answer,
 * unreachable, credentials refused) is said on stderr, not only in --json's per-record reason; and when no
 * record could be decoded through the registry because of it, the command fails.
 */
export class RegistryOutcome {
  private decoded = 0;
  private failed = 0;
  private failure: { code: ErrorCode; reason: string } | null = null;

  see(record: BrowseRecord): void {
    let failed = false;
    for (const part of [record.key, record.value]) {
      if (part.registryFailure) {
        failed = true;
        this.failure ??= { code: part.registryFailure, reason: part.error ?? 'the schema registry failed' };
      } else if (part.wire && !part.error) this.decoded++;
    }
    if (failed) this.failed++;
  }

  /** Call once the records are printed. */
  report(io: Io): void {
    if (!this.failure) return;
    const text = `${this.failure.reason}: ${this.failed} record${this.failed === 1 ? '' : 's'} could not be decoded and ${this.failed === 1 ? 'is' : 'are'} shown as hex`;
    if (this.decoded === 0) throw new FloeError(this.failure.code, text);
    io.err(`warning: ${text}`);
  }
}
