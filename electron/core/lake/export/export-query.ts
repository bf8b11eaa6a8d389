import { randomUUID } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportFormat, ExportResult } from '../../../../shared/model/lake';
import type { SqlEngine } from '../../engine/sql-engine';
import { checkExportPath } from './export-path';
import { ExportWriter } from './export-writer';

export interface ExportRequest {
  sql: string;
  format: ExportFormat;
  /** Absolute path of the file to write, inside `allowedRoot`. */
  path: string;
  allowedRoot: string;
  /** Where the writer may spill while sorting or buffering. */
  tmpDir: string;
  signal?: AbortSignal;
}

/**
 * Runs read-only SQL in the sandboxed engine and streams its result into a separate writer instance that can write
 * only the destination folder; the file appears whole (written under a temporary name, then renamed) or not at all.
 */
export async function exportQuery(engine: SqlEngine, req: ExportRequest): Promise<ExportResult> {
  const started = performance.now();
  const { dir, file } = await checkExportPath(req.path, req.allowedRoot);
  const part = join(dir, `.${file}.${randomUUID()}.part`);
  const writer = await ExportWriter.open(dir, req.tmpDir, engine.limits);
  try {
    await engine.forEachChunk(req.sql, { start: (names, types) => writer.start(names, types), chunk: (c) => writer.append(c) }, req.signal);
    const rowCount = await writer.write(part, req.format);
    const target = join(dir, file);
    await rename(part, target);
    return { path: target, format: req.format, rowCount, sizeBytes: (await stat(target)).size, elapsedMs: Math.round(performance.now() - started) };
  } finally {
    writer.close();
    await rm(part, { force: true });
  }
}
