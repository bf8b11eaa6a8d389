// Real servers on 127.0.0.1 that misbehave the way remote services do: accept and stay silent, or die
// mid-stream. Each tracks its sockets so close() ends everything (tests stay bounded).
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface FaultServer {
  /** host:port */
  address: string;
  close(): Promise<void>;
}

/** close(): stop listening and end every connection (`graceful`: after what was written reaches the peer). */
function tracked(server: Server): { close(graceful?: boolean): Promise<void> } {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  return {
    close: (graceful = false) =>
      new Promise<void>((resolve) => {
        for (const s of sockets) {
          if (!graceful) s.destroy();
          else s.end(() => s.destroy());
        }
        server.close(() => resolve());
      }),
  };
}

const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)));

/** Accepts TCP connections and never sends a byte: a hung broker, or something that is not Kafka. */
export async function silentTcpServer(): Promise<FaultServer> {
  const server = createServer(() => undefined);
  const t = tracked(server);
  return { address: await listen(server), close: t.close };
}

/** An HTTP server that reads requests and never answers them: a hung schema registry. */
export async function silentHttpServer(): Promise<FaultServer> {
  const server = createHttpServer(() => undefined);
  const t = tracked(server);
  return { address: await listen(server), close: t.close };
}

export interface KafkaProxy extends FaultServer {
  /** Bytes the broker sent to clients so far. */
  readonly bytesDown: number;
  /** The broker dies: every connection is cut and the port refuses new ones. */
  cut(): Promise<void>;
}

/**
 * A TCP proxy in front of one Kafka broker. Kafka tells clients where its brokers are (Metadata,
 * FindCoordinator), so the proxy rewrites its broker's advertised port to its own in every response:
 * all traffic then flows through it and cut() is the broker dying. The rewrite keeps every length
 * (host "127.0.0.1" followed by the big-endian int32 port), and it works on whole response frames.
 * `cutAfterBytes`: cut by itself once the broker has sent that many bytes (mid-stream); what was sent before
 * still reaches the client, as it would from a broker that crashed.
 */
export async function kafkaProxy(broker: string, options: { cutAfterBytes?: number } = {}): Promise<KafkaProxy> {
  const [host, portText] = broker.split(':') as [string, string];
  const brokerPort = Number(portText);
  let bytesDown = 0;
  let advertised: Buffer | null = null;
  let replacement: Buffer | null = null;
  const upstreams = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(brokerPort, host);
    upstreams.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('close', () => {
      upstreams.delete(upstream);
      client.end(); // what the broker already sent still arrives
    });
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    let pending = Buffer.alloc(0);
    upstream.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const frame = pending.subarray(0, 4 + pending.readInt32BE(0));
        pending = pending.subarray(frame.length);
        rewrite(frame);
        bytesDown += frame.length;
        client.write(frame);
      }
      if (options.cutAfterBytes !== undefined && bytesDown >= options.cutAfterBytes) void proxy.cut();
    });
  });
  const rewrite = (frame: Buffer) => {
    for (let at = advertised ? frame.indexOf(advertised) : -1; at >= 0; at = frame.indexOf(advertised!, at + 1)) replacement!.copy(frame, at);
  };
  const t = tracked(server);
  const address = await listen(server);
  const port = (b: Buffer, p: number) => (b.writeInt32BE(p, b.length - 4), b);
  advertised = port(Buffer.concat([Buffer.from(host), Buffer.alloc(4)]), brokerPort);
  replacement = port(Buffer.concat([Buffer.from(host), Buffer.alloc(4)]), Number(address.split(':')[1]));
  let closing: Promise<void> | null = null;
  const proxy: KafkaProxy = {
    address,
    get bytesDown() {
      return bytesDown;
    },
    cut: () => {
      closing ??= (async () => {
        for (const u of upstreams) u.destroy();
        await t.close(true);
      })();
      return closing;
    },
    close: () => proxy.cut(),
  };
  return proxy;
}
