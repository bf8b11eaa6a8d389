// Type declarations for the pure-JS codec packages that ship none (only the functions Floe calls).
declare module 'snappyjs' {
  /** Raw (unframed) snappy block → bytes; a Buffer in gives a Buffer out. */
  export function uncompress<T extends Uint8Array>(compressed: T, maxLength?: number): T;
  export function compress<T extends Uint8Array>(uncompressed: T): T;
}

// lz4js: the independent LZ4 encoder the codec tests compress with (Floe decodes LZ4 itself, codecs/lz4.ts).
declare module 'lz4js' {
  /** One LZ4 frame (magic 0x184D2204) → bytes. */
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array;
}
