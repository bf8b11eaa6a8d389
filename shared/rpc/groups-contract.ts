import { ResetOffsetsRequest, type GroupDetail, type GroupSummary, type ResetPlan } from '../model/groups';
import { call } from './procedure';
import { GroupRef, ProfileRef } from './rpc-refs';

/** Consumer groups: list, lag, offset resets, delete. */
export const groupsContract = {
  'groups.list': call(ProfileRef).returns<{ groups: GroupSummary[]; fetchedInMs: number }>(),
  'groups.describe': call(GroupRef).returns<GroupDetail>(),
  /** Previews (dryRun, the default) or applies an offset reset; refused while the group has members. */
  'groups.resetOffsets': call(ResetOffsetsRequest).returns<ResetPlan>(),
  'groups.delete': call(GroupRef).returns<{ deleted: string }>(),
};
