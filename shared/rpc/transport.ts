import type { Envelope } from './envelope';

/** What every transport (MessagePort, WebSocket, in-memory) offers the client and the server. */
export interface Transport {
  send(message: Envelope): void;
  onMessage(handler: (message: Envelope) => void): () => void;
  onClose(handler: () => void): () => void;
  close(): void;
}

/** A small event fan-out the transports share. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();
  add(handler: (value: T) => void): () => void {
    this.set.add(handler);
    return () => this.set.delete(handler);
  }
  emit(value: T): void {
    for (const handler of [...this.set]) handler(value);
  }
  clear(): void {
    this.set.clear();
  }
}
