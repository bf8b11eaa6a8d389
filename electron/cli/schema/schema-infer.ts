import { FloeError } from '../../../shared/errors';
import type { Io } from '../output';
import type { SchemaCommandContext } from './schema-context';

/** `floe schema infer --topic T [--last N] [--type avro|json] [--part value|key] [--name shop.Order]`: a draft schema on stdout. */
export async function schemaInfer({ core, profileId, values }: SchemaCommandContext, io: Io): Promise<void> {
  const topic = values.topic;
  if (typeof topic !== 'string' || !topic) throw new FloeError('BAD_INPUT', 'schema infer needs --topic: floe schema infer --topic T [--last N] [--type avro|json]');
  const last = values.last === undefined ? 500 : Number(values.last);
  if (!Number.isInteger(last) || last < 1 || last > 10_000) throw new FloeError('BAD_INPUT', `--last must be a whole number from 1 to 10000, not "${String(values.last)}"`);
  const type = String(values.type ?? 'avro').toUpperCase();
  if (type !== 'AVRO' && type !== 'JSON') throw new FloeError('BAD_INPUT', `schema infer writes avro or json (JSON Schema), not "${String(values.type)}"`);
  const part = String(values.part ?? 'value');
  if (part !== 'key' && part !== 'value') throw new FloeError('BAD_INPUT', `--part must be key or value, not "${part}"`);
  const result = await core.client.call('schemas.infer', { profileId, topic, last, part, schemaType: type, ...(typeof values.name === 'string' ? { name: values.name } : {}) });
  if (values.json) return io.out(JSON.stringify(result, null, 2));
  io.out(result.schema.trimEnd());
  io.err(`inferred from ${result.used} of ${result.read} record(s) of ${topic}`);
  for (const n of result.notes) io.err(`note: ${n}`);
}
