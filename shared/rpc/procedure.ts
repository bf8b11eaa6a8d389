import type { z } from 'zod';

/**
 * A procedure is declared once: its validated input, its output type and, for streams, the type of
 * the events it emits before its result (progress, rows). Output and event types exist only for the
 * type checker; the phantom fields are never set.
 */
export interface Procedure<I extends z.ZodType, O, E> {
  kind: 'call' | 'stream';
  input: I;
  readonly _output?: O;
  readonly _event?: E;
}

/** `call(schema).returns<Output>()` */
export function call<I extends z.ZodType>(input: I) {
  return { returns: <O>(): Procedure<I, O, never> => ({ kind: 'call', input }) };
}

/** `stream(schema).returns<Output, Event>()`: emits events, then settles with its output. */
export function stream<I extends z.ZodType>(input: I) {
  return { returns: <O, E>(): Procedure<I, O, E> => ({ kind: 'stream', input }) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProcedure = Procedure<z.ZodType, any, any>;
export type Contract = Record<string, AnyProcedure>;

export type InputOf<P> = P extends Procedure<infer I, unknown, unknown> ? z.input<I> : never;
export type ParsedInputOf<P> = P extends Procedure<infer I, unknown, unknown> ? z.output<I> : never;
export type OutputOf<P> = P extends Procedure<z.ZodType, infer O, unknown> ? O : never;
export type EventOf<P> = P extends Procedure<z.ZodType, unknown, infer E> ? E : never;

export type StreamMethods<C extends Contract> = { [K in keyof C]: C[K]['kind'] extends 'stream' ? K : never }[keyof C];

export interface HandlerContext<E> {
  signal: AbortSignal;
  /**
   * Sends an event. Resolves once the client has room for more (its flow-control window), at once for a client
   * that asked for none, and when the call ends; never rejects. A producer that must not outrun a slow consumer
   * awaits it; one that does not await keeps sending.
   */
  emit(event: E): Promise<void>;
}

export type Handlers<C extends Contract> = {
  [K in keyof C]: (input: ParsedInputOf<C[K]>, ctx: HandlerContext<EventOf<C[K]>>) => Promise<OutputOf<C[K]>>;
};
