import type { Handlers } from '../../../shared/rpc/procedure';
import type { connectContract } from '../../../shared/rpc/connect-contract';
import type { ConnectService } from './connect-service';

export function connectHandlers(connect: ConnectService): Handlers<typeof connectContract> {
  return {
    'connect.overview': (input, { signal }) => connect.overview(input, signal),
    'connect.connector': (input, { signal }) => connect.detail(input, signal),
    'connect.offsets': (input, { signal }) => connect.offsets(input, signal),
    'connect.plugins': (input, { signal }) => connect.plugins(input, signal),
    'connect.action': (input, { signal }) => connect.act(input, signal),
    'connect.restartTask': (input, { signal }) => connect.restartTask(input, signal),
    'connect.delete': (input, { signal }) => connect.delete(input, signal),
    'connect.resetOffsets': (input, { signal }) => connect.resetOffsets(input, signal),
    'connect.validate': (input, { signal }) => connect.validate(input, signal),
    'connect.save': (input, { signal }) => connect.save(input, signal),
  };
}
