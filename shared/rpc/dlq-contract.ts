import {
  DlqGroupsRequest,
  DlqListRequest,
  DlqMappingsRequest,
  DlqRecordsRequest,
  DlqSaveMappingsRequest,
  type DlqList,
  type DlqMapping,
  type DlqRecordPage,
  type DlqScanProgress,
  type DlqTriage,
} from '../model/dlq';
import { call, stream } from './procedure';

/** Dead letters: discovery, triage by cause, records with their errors and sources, the user's header mappings. */
export const dlqContract = {
  'dlq.list': call(DlqListRequest).returns<DlqList>(),
  /** Groups a DLQ's records by cause; emits progress while it scans. */
  'dlq.groups': stream(DlqGroupsRequest).returns<DlqTriage, DlqScanProgress>(),
  'dlq.records': call(DlqRecordsRequest).returns<DlqRecordPage>(),
  'dlq.mappings': call(DlqMappingsRequest).returns<{ mappings: DlqMapping[] }>(),
  'dlq.saveMappings': call(DlqSaveMappingsRequest).returns<{ mappings: DlqMapping[] }>(),
};
