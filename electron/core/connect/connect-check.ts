import type { ConnectCheck } from '../../../shared/model/connection-test';
import { ConnectApi } from './connect-api';
import { ConnectHttp, type ConnectEndpoint } from './connect-http';
import { ConnectRest } from './connect-rest';

/** "Test connection" for a Connect cluster: the worker answers as Kafka Connect, and what it holds. */
export async function checkConnect(endpoint: ConnectEndpoint, signal?: AbortSignal): Promise<ConnectCheck> {
  const http = new ConnectHttp(endpoint);
  try {
    const api = new ConnectApi(new ConnectRest(http, signal, []));
    const root = await api.root();
    const [connectors, plugins] = await Promise.all([api.rest.call<string[]>('GET', '/connectors'), api.plugins()]);
    return { worker: api.rest.worker ?? endpoint.urls[0]!, version: root.version, kafkaClusterId: root.kafka_cluster_id, connectors: connectors.length, plugins: plugins.length, notes: api.rest.notes };
  } finally {
    http.close();
  }
}
