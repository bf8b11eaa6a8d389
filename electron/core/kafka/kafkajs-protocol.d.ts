// Types for the kafkajs internals Floe uses directly: two protocol helpers (describe-log-dirs.ts) and the connection (kafkajs-connection.ts).
declare module 'kafkajs/src/protocol/encoder.js' {
  export default class Encoder {
    writeInt32(value: number): Encoder;
    writeUVarInt(value: number): Encoder;
    writeUVarIntString(value: string): Encoder;
  }
}
declare module 'kafkajs/src/protocol/decoder.js' {
  export default class Decoder {
    constructor(buffer: Buffer);
    readInt16(): number;
    readInt32(): number;
    readInt64(): bigint;
    readString(): string;
    readBoolean(): boolean;
    readArray<T>(reader: (d: Decoder) => T): T[];
    readUVarInt(): number;
    readUVarIntString(): string | null;
    readBytes(length: number): Buffer;
    readUVarIntArray<T>(reader: (d: Decoder) => T): T[] | null;
    readTaggedFields(): unknown;
  }
}
declare module 'kafkajs/src/network/connection.js' {
  const Connection: unknown;
  export default Connection;
}
