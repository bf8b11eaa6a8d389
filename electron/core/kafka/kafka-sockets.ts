import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';
import { ResponseReader } from './response-reader';

const KEEP_ALIVE_DELAY_MS = 60_000; // as kafkajs's own socket factory

/**
 * Every broker socket of a host's kafkajs clients, so shutdown can close them all at once. kafkajs's disconnect
 * waits for in-flight requests (a Fetch may take its whole request timeout); destroying the socket with an error
 * makes kafkajs reject those requests and finish its disconnect at once.
 */
export class KafkaSockets {
  private readonly open = new Set<Socket>();

  /**
   * A kafkajs socketFactory that behaves as kafkajs's default one and remembers each socket until it closes. Each
   * socket, plain or TLS, reads every response whole into a buffer of its own (ResponseReader).
   */
  readonly factory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
    const reader = new ResponseReader();
    const { onread } = reader;
    // tls.connect takes `onread` as net.connect does (Node ≥ 15.1), though @types/node leaves it out of its options.
    const socket = ssl ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl, onread } as ConnectionOptions, onConnect) : netConnect({ host, port, onread }, onConnect);
    reader.attach(socket);
    socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
    return socket;
  };

  destroyAll(reason: string): void {
    for (const socket of this.open) socket.destroy(new Error(reason));
    this.open.clear();
  }
}
