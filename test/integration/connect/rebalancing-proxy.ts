// An HTTP proxy in front of the lab's Connect worker that answers the first N matching requests the way a
// worker does while its group rebalances (409, or 500, with Kafka's own message), then forwards everything.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const STALE_CONFIG = 'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)';
/** What a worker answers with HTTP 500 when its RebalanceNeededException is not turned into a 409 (seen on GET …/config). */
export const REBALANCE_EXPECTED = 'Request cannot be completed because a rebalance is expected';

export interface RebalancingProxy {
  url: string;
  /** The next `times` requests whose "METHOD path" matches get `status` (409) with `message` (a rebalance's by default). */
  rebalance(match: RegExp, times: number, message?: string, status?: number): void;
  /** Requests that got a refusal so far. */
  readonly conflicts: number;
  close(): Promise<void>;
}

export async function rebalancingProxy(target: string): Promise<RebalancingProxy> {
  const upstream = new URL(target);
  let rule: { match: RegExp; left: number; message: string; status: number } | null = null;
  let conflicts = 0;
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  };
  const server = createServer((req, res) => {
    if (rule && rule.left > 0 && rule.match.test(`${req.method} ${req.url}`)) {
      rule.left--;
      conflicts++;
      req.resume();
      res.writeHead(rule.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error_code: rule.status, message: rule.message }));
      return;
    }
    forward(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rebalance: (match, times, message = STALE_CONFIG, status = 409) => void (rule = { match, left: times, message, status }),
    get conflicts() {
      return conflicts;
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
