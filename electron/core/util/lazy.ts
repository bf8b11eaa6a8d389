import type { Contract, HandlerContext, Handlers } from '../../../shared/rpc/procedure';

/** A value made on its first use and kept: `await x()` makes it once, even when several callers ask at the same time. */
export interface Lazy<T> {
  (): Promise<T>;
  /** The value if something asked for it (waiting for one being made), without making it: shutdown closes only what was opened. */
  ifMade(): Promise<T | undefined>;
}

/**
 * Defers a module load, and what is built from it, to the first use, so a process loads only what it uses:
 * `lazy(async () => new (await import('./x')).X())`. A failed make is forgotten: the next call tries again.
 */
export function lazy<T>(make: () => Promise<T>): Lazy<T> {
  let made: Promise<T> | undefined;
  const get = () =>
    (made ??= make().catch((e: unknown) => {
      made = undefined;
      throw e;
    }));
  return Object.assign(get, { ifMade: async () => made?.catch(() => undefined) });
}

type AnyHandler = (input: unknown, ctx: HandlerContext<unknown>) => Promise<unknown>;

/** A room's handlers, loaded (with its services and libraries) on the first call of any of its procedures. */
export function lazyHandlers<C extends Contract>(contract: C, load: () => Promise<Handlers<C>>): Handlers<C> {
  const room = lazy(load);
  const forward = (method: string): AnyHandler => async (input, ctx) => ((await room())[method] as AnyHandler)(input, ctx);
  return Object.fromEntries(Object.keys(contract).map((method) => [method, forward(method)])) as Handlers<C>;
}
