// Issue 8 item 9: grid columns sized to their (sampled) content, long values elided and readable in a cell detail.
import { describe, expect, it } from 'vitest';
import { MAX_COLUMN, MAX_HEADER, MIN_COLUMN, columnWidths, sampleRows } from '../../../renderer/src/components/column-widths';
import { readableCell } from '../../../renderer/src/components/arrow-rows';

/** A monospace-like measure: 7 px a character, so widths are easy to reason about. */
const measure = (text: string) => text.length * 7;
const header = (name: string, type: string) => (name.length + 1 + type.length) * 7;

describe('column widths', () => {
  it('a column is as wide as its widest value, not its header or the pane', () => {
    const widths = columnWidths(
      [
        { name: 'id', type: 'BIGINT' },
        { name: 'label', type: 'VARCHAR' },
      ],
      [
        [1n, 'a'],
        [123456n, 'abcdefghijklmnopqrstuvwxyz'],
      ],
      measure,
      header,
    );
    // id: the header (9 characters) is wider than "123456"; label: 26 characters of value.
    expect(widths).toEqual([9 * 7 + 14, 26 * 7 + 14]);
  });

  it('a long value is capped (elided in the cell), a long header too, and a narrow column keeps a minimum', () => {
    const widths = columnWidths(
      [
        { name: 'json', type: 'VARCHAR' },
        { name: 'a_very_long_column_name_that_says_everything_about_itself', type: 'BOOLEAN' },
        { name: 'x', type: '' },
      ],
      [[JSON.stringify({ text: 'x'.repeat(5000) }), true, null]],
      measure,
      header,
    );
    expect(widths[0]).toBe(MAX_COLUMN);
    expect(widths[1]).toBe(MAX_HEADER + 14);
    expect(widths[2]).toBe(Math.max(MIN_COLUMN, 'NULL'.length * 7 + 14));
  });

  it('samples the first rows and rows spread over the rest, so a wide value late in a big result still counts', () => {
    expect(sampleRows(3)).toEqual([0, 1, 2]);
    const sample = sampleRows(100_000);
    expect(sample).toHaveLength(400);
    expect(sample.slice(0, 200)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(sample.at(-1)).toBeGreaterThan(99_000);
    expect(new Set(sample).size).toBe(400);
    const rows = Array.from({ length: 100_000 }, (_, i) => [i === sample.at(-1) ? 'w'.repeat(40) : 'n']);
    expect(columnWidths([{ name: 'v', type: '' }], rows, measure, header)).toEqual([40 * 7 + 14]);
  });
});

describe('cell detail text', () => {
  it('indents JSON objects and arrays with every digit kept, and leaves other text as it is', () => {
    expect(readableCell('{"id":9007199254740993,"tags":["a"]}')).toBe('{\n  "id": 9007199254740993,\n  "tags": [\n    "a"\n  ]\n}');
    expect(readableCell('plain text')).toBe('plain text');
    expect(readableCell('{not json')).toBe('{not json');
  });
});
