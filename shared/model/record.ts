/** How a key or value is read. `auto` tries the schema-registry wire format, then JSON, then UTF-8, then hex. */
export type PartFormat = 'auto' | 'schema-registry' | 'json' | 'string' | 'hex' | 'base64';

export interface WireFacts {
  magic: number;
  schemaId: number;
  schemaType?: 'AVRO' | 'PROTOBUF' | 'JSON';
  /** Protobuf only: which message of the schema file. */
  messageIndexes?: number[];
  messageType?: string;
}

export interface DecodedPart {
  kind: 'null' | 'avro' | 'protobuf' | 'json-schema' | 'json' | 'string' | 'hex' | 'base64';
  /** The decoded value, JSON-safe (long → number or string, bytes → base64). */
  value?: unknown;
  size: number;
  wire?: WireFacts;
  /** Why the bytes could not be decoded as asked; `value` then holds their hex. */
  error?: string;
  /** Decoded, but with problems (e.g. JSON Schema validation). */
  warnings?: string[];
}
