import { z } from 'zod';
import type { AppInfo } from '../model/app';
import type { ConnectionTestEvent, ConnectionTestReport } from '../model/connection-test';
import { ProfileDraft, type ProfileView } from '../model/profile';
import { dlqContract } from './dlq-contract';
import { replayContract } from './replay-contract';
import { connectContract } from './connect-contract';
import { groupsContract } from './groups-contract';
import { lakeContract } from './lake-contract';
import { landContract } from './land-contract';
import { maintainContract } from './maintain-contract';
import { messagesContract } from './messages-contract';
import { produceContract } from './produce-contract';
import { schemasContract } from './schemas-contract';
import { topicsContract } from './topics-contract';
import { call, stream } from './procedure';

const Empty = z.object({});
const ProfileId = z.object({ id: z.string().min(1) });

/** Every procedure the core offers, declared once. Transports and UIs are typed from this. */
export const contract = {
  'app.info': call(Empty).returns<AppInfo>(),

  'connections.list': call(Empty).returns<{ profiles: ProfileView[]; problems: string[] }>(),
  'connections.save': call(ProfileDraft).returns<ProfileView>(),
  'connections.delete': call(ProfileId).returns<{ deleted: boolean }>(),
  'connections.duplicate': call(z.object({ id: z.string().min(1), name: z.string().trim().min(1).optional() })).returns<ProfileView>(),
  'connections.test': stream(z.union([ProfileId, z.object({ draft: ProfileDraft })])).returns<
    ConnectionTestReport,
    ConnectionTestEvent
  >(),

  ...topicsContract,
  ...messagesContract,
  ...produceContract,
  ...groupsContract,
  ...lakeContract,
  ...landContract,
  ...maintainContract,
  ...schemasContract,
  ...dlqContract,
  ...replayContract,
  ...connectContract,
};

export type FloeContract = typeof contract;
