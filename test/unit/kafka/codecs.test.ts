import { readFileSync } from 'node:fs';
import * as zlib from 'node:zlib';
import lz4js from 'lz4js';
import snappyjs from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { decompress } from '../../../electron/core/kafka/compression';
import { isXerialFramed, unsnappy } from '../../../electron/core/kafka/codecs/snappy';
import { unzstd, zstdWasmLoaded } from '../../../electron/core/kafka/codecs/zstd';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/codecs/${name}`, import.meta.url));
// The text the fixtures were compressed from by the zstd and lz4 command-line tools (see fixtures/codecs/README.md).
const TEXT = Buffer.from(Array.from({ length: 2000 }, (_, i) => `record-${String(i).padStart(4, '0')} value with some repetition; `).join(''));

/** xerial-snappy framing as snappy-java's SnappyOutputStream writes it: header, then (int32 length, raw block) chunks. */
function xerial(data: Buffer, chunkBytes: number): Buffer {
  const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
  const parts: Buffer[] = [header];
  for (let at = 0; at < data.length; at += chunkBytes) {
    const block = snappyjs.compress(data.subarray(at, at + chunkBytes));
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

describe('record-section codecs', () => {
  it('reads raw snappy (librdkafka) and xerial-framed snappy (Java client) with several chunks', async () => {
    const raw = snappyjs.compress(TEXT);
    expect(isXerialFramed(raw)).toBe(false);
    expect((await decompress(2, raw)).equals(TEXT)).toBe(true);
    const framed = xerial(TEXT, 32 << 10);
    expect(isXerialFramed(framed)).toBe(true);
    expect(unsnappy(framed).equals(TEXT)).toBe(true);
    expect((await decompress(2, framed)).toString()).toBe(TEXT.toString());
  });

  it('says where a xerial chunk is cut short', async () => {
    const framed = xerial(TEXT, 32 << 10);
    await expect(decompress(2, framed.subarray(0, framed.length - 10))).rejects.toThrow(/^snappy records cannot be decompressed: snappy \(xerial\) chunk of \d+ bytes runs past the end/);
  });

  it('reads LZ4 frames written by the lz4 tool: independent and linked blocks, with and without content size', async () => {
    expect((await decompress(3, fixture('records.lz4'))).equals(TEXT)).toBe(true);
    expect((await decompress(3, fixture('records-linked.lz4'))).equals(TEXT)).toBe(true);
    expect((await decompress(3, Buffer.from(lz4js.compress(TEXT)))).equals(TEXT)).toBe(true);
  });

  it('sizes LZ4 output by what the blocks hold, not by the 4 MiB block maximum the frame declares', async () => {
    const small = Buffer.from(TEXT.subarray(0, 3000));
    const frame = Buffer.from(lz4js.compress(small));
    expect((frame[5]! >> 4) & 7).toBe(7); // the frame declares 4 MiB blocks
    const out = await decompress(3, frame);
    expect(out.equals(small)).toBe(true);
    expect(out.buffer.byteLength).toBeLessThan(64 << 10);
    // A block that decodes past the frame's maximum (64 KiB here) is refused where it would.
    const header = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]); // independent blocks, 64 KiB maximum
    const run = Buffer.from([0x1f, 0x41, 0x01, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00]); // "A", then a 1-byte-back match of 1,294 bytes
    const blocks = Array.from({ length: 60 }, () => run);
    const body = Buffer.concat(blocks);
    const size = Buffer.alloc(4);
    size.writeUInt32LE(body.length);
    await expect(decompress(3, Buffer.concat([header, size, body, Buffer.alloc(4)]))).rejects.toThrow(/corrupt LZ4 data: a block decodes past the frame's 65536-byte maximum/);
  });

  it('reads LZ4 frames with block checksums (they follow each block) and says what is wrong with a broken frame', async () => {
    expect((await decompress(3, fixture('records-checksums.lz4'))).equals(TEXT)).toBe(true);
    const frame = fixture('records.lz4');
    await expect(decompress(3, frame.subarray(0, frame.length - 30))).rejects.toThrow(/^lz4 records cannot be decompressed: corrupt LZ4 data: a block of \d+ bytes runs past the end/);
    await expect(decompress(3, frame.subarray(0, 7))).rejects.toThrow(/corrupt LZ4 data: the frame ends before its end mark/);
    // A block whose one sequence points before the start of the output.
    const bad = Buffer.concat([frame.subarray(0, 7), Buffer.from([4, 0, 0, 0, 0x10, 0x41, 0x05, 0x00]), Buffer.alloc(4)]);
    await expect(decompress(3, bad)).rejects.toThrow(/corrupt LZ4 data: a match 5 bytes back from byte 1/);
  });

  it('reads zstd written by the zstd tool, through each decoder: zlib where present, WebAssembly, pure JS', async () => {
    expect(await zstdWasmLoaded).toBe(!('zstdDecompressSync' in zlib));
    for (const name of ['records.zst', 'records-streamed.zst']) {
      expect(unzstd(fixture(name), 'js').equals(TEXT)).toBe(true);
      expect((await decompress(4, fixture(name))).equals(TEXT)).toBe(true);
      if (await zstdWasmLoaded) expect(unzstd(fixture(name), 'wasm').equals(TEXT)).toBe(true);
    }
    // No declared size and more than the WebAssembly decoder's guess: the streaming decoder takes over.
    const zeros = unzstd(fixture('zeros-streamed.zst'));
    expect(zeros.length).toBe(20_000_000);
    expect(zeros.every((b) => b === 0)).toBe(true);
    await expect(decompress(4, Buffer.from('not zstd at all'))).rejects.toThrow(/^zstd records cannot be decompressed/);
  });
});
