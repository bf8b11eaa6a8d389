import type { Envelope } from './envelope';
import { Listeners, type Transport } from './transport';

/** Two connected ends in one process, for tests. Messages are cloned and delivered asynchronously, like a real wire. */
export function createMemoryPair(): [Transport, Transport] {
  const inbox = [new Listeners<Envelope>(), new Listeners<Envelope>()] as const;
  const closed = new Listeners<void>();
  let open = true;
  const end = (self: 0 | 1): Transport => ({
    send(message) {
      if (!open) return;
      const copy = structuredClone(message);
      queueMicrotask(() => open && inbox[self === 0 ? 1 : 0].emit(copy));
    },
    onMessage: (handler) => inbox[self].add(handler),
    onClose: (handler) => closed.add(handler),
    close() {
      if (!open) return;
      open = false;
      closed.emit();
    },
  });
  return [end(0), end(1)];
}
