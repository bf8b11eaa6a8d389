import {
  ConfirmedConnectorRequest,
  ConnectorActionRequest,
  ConnectorRequest,
  ConnectTarget,
  RestartTaskRequest,
  SaveConnectorRequest,
  ValidateConnectorRequest,
  type ActionResult,
  type ConfigValidation,
  type ConnectorDetail,
  type ConnectorOffset,
  type ConnectOverview,
  type ConnectPlugin,
  type SaveResult,
} from '../model/connect';
import { call } from './procedure';

/** The Connect room: a profile's Kafka Connect clusters, their connectors, plugins and actions. Results carry notes (rebalance retries, a worker that did not answer). */
export const connectContract = {
  /** The cluster (version, Kafka cluster id) and every connector with type, class, state, tasks, workers, topics. */
  'connect.overview': call(ConnectTarget).returns<ConnectOverview>(),
  /** One connector: status, tasks with full traces, config with secrets masked, topics, offsets, DLQ topic. */
  'connect.connector': call(ConnectorRequest).returns<ConnectorDetail>(),
  'connect.offsets': call(ConnectorRequest).returns<{ offsets: ConnectorOffset[]; notes: string[] }>(),
  'connect.plugins': call(ConnectTarget).returns<{ plugins: ConnectPlugin[]; notes: string[] }>(),
  /** pause, resume, stop, restart (includeTasks, onlyFailed). */
  'connect.action': call(ConnectorActionRequest).returns<ActionResult>(),
  'connect.restartTask': call(RestartTaskRequest).returns<ActionResult>(),
  /** `confirm` must repeat the connector's name. */
  'connect.delete': call(ConfirmedConnectorRequest).returns<ActionResult>(),
  /** A STOPPED connector's offsets reset; `confirm` must repeat its name. */
  'connect.resetOffsets': call(ConfirmedConnectorRequest).returns<ActionResult>(),
  /** The plugin's own validation of a config, field by field; nothing is saved. */
  'connect.validate': call(ValidateConnectorRequest).returns<ConfigValidation>(),
  /** Create or update, only when the plugin finds no error (else `saved: false` with its verdict). */
  'connect.save': call(SaveConnectorRequest).returns<SaveResult>(),
};
