import { FloeError } from '../../../shared/errors';
import type { ProducePart } from '../../../shared/model/produce';
import type { ProfileRegistry } from '../registry/registry-clients';
import { lazy } from '../util/lazy';

export type Which = 'key' | 'value';

export const bad = (which: Which, message: string, path?: string) => new FloeError('BAD_INPUT', `${which}: ${message}`, { part: which, ...(path !== undefined ? { path } : {}) });

export function parseJson(which: Which, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw bad(which, `not valid JSON: ${(e as Error).message}`);
  }
}

// Encoding with a registry schema (avsc, protobufjs, ajv) loads with the first part that needs it.
const schemaEncoder = lazy(() => import('./schema-encoder'));

/** The bytes of one part to produce, validated first; errors name the part and, for schemas, the path. */
export async function encodePart(which: Which, part: ProducePart, registry: ProfileRegistry | null): Promise<Buffer | null> {
  switch (part.encoding) {
    case 'null':
      return null;
    case 'string':
      return Buffer.from(part.text, 'utf8');
    case 'json':
      parseJson(which, part.text);
      return Buffer.from(part.text, 'utf8');
    case 'hex': {
      const clean = part.text.replace(/\s+/g, '');
      if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw bad(which, 'not hex: expected pairs of 0-9 a-f');
      return Buffer.from(clean, 'hex');
    }
    case 'base64': {
      const clean = part.text.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) throw bad(which, 'not base64');
      return Buffer.from(clean, 'base64');
    }
    case 'schema': {
      if (!registry) throw bad(which, `encoding with subject "${part.subject}" needs a schema registry, and this profile has none`);
      const version = await registry.subjects.get(part.subject, part.version);
      const registered = await registry.schemas.get(version.id);
      return Buffer.from(await (await schemaEncoder()).encodeWithSchema(which, registered, part.text, part.messageType));
    }
  }
}
