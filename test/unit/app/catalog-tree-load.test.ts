import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { FloeClient } from '../../../renderer/src/rpc/connect';

const stored = new Map<string, string>();
beforeAll(() => {
  vi.stubGlobal('localStorage', { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => stored.set(k, v) });
});

describe("a catalog's table list", () => {
  it('is read once for callers that come while it is being read, and again when asked after', async () => {
    const { useCore } = await import('../../../renderer/src/stores/core-store');
    const { useLake } = await import('../../../renderer/src/stores/lake-store');
    const answers: Array<(names: string[]) => void> = [];
    const call = vi.fn(() => new Promise((resolve) => answers.push((names) => resolve({ namespaces: [['db']], tables: names.map((name) => ({ namespace: ['db'], name })) }))));
    useCore.getState().setClient({ call } as unknown as FloeClient, {} as never);
    const { id } = useLake.getState().addCatalog('lab', { kind: 'rest', uri: 'http://127.0.0.1:1' } as never);

    // The sidebar, the SQL room and a Ctrl+Space completion all ask before the answer is in.
    const loads = [useLake.getState().loadTree(id), useLake.getState().loadTree(id), useLake.getState().loadTree(id)];
    expect(call).toHaveBeenCalledTimes(1);
    expect(useLake.getState().trees[id]?.loading).toBe(true);
    answers[0]!(['events']);
    await Promise.all(loads);
    expect(useLake.getState().trees[id]).toMatchObject({ loading: false, tables: [{ name: 'events' }] });

    const reload = useLake.getState().loadTree(id);
    expect(call).toHaveBeenCalledTimes(2);
    answers[1]!(['events', 'orders']);
    await reload;
    expect(useLake.getState().trees[id]?.tables.map((t) => t.name)).toEqual(['events', 'orders']);
  });
});
