import { z } from 'zod';
import {
  CopyRequest,
  ExportRequest,
  FilterCheckRequest,
  ProduceRequest,
  ReadRequest,
  RecordRef,
  ReproduceRequest,
  SearchRequest,
  TailRequest,
  TopicDecoding,
  type ExportEvent,
  type ExportSummary,
  type FilterCheck,
  type ProduceResult,
  type RecordDetail,
  type RecordPage,
  type SearchEvent,
  type SearchSummary,
  type TailEvent,
  type TailSummary,
} from '../model/browse';
import { ResetOffsetsRequest, type GroupDetail, type GroupSummary, type ResetPlan } from '../model/groups';
import { AlterTopicConfigsRequest, CreateTopicRequest, type TopicConfigEntry, type TopicDetail } from '../model/topic-detail';
import { call, stream } from './procedure';

const Profile = z.object({ profileId: z.string().min(1) });
const TopicRef = Profile.extend({ topic: z.string().min(1) });
const GroupRef = Profile.extend({ groupId: z.string().min(1) });

/**
 * Issue 3: topic page, message viewer, search, produce, export and consumer groups.
 * The message procedures never join a consumer group and never commit offsets.
 */
export const browseContract = {
  // Topic page
  'topics.describe': call(TopicRef).returns<TopicDetail>(),
  'topics.create': call(CreateTopicRequest).returns<{ created: string }>(),
  'topics.delete': call(TopicRef).returns<{ deleted: string }>(),
  /** Grow the topic to `total` partitions (Kafka cannot shrink). */
  'topics.addPartitions': call(TopicRef.extend({ total: z.number().int().positive() })).returns<{ partitions: number }>(),
  'topics.alterConfigs': call(AlterTopicConfigsRequest).returns<{ configs: TopicConfigEntry[] }>(),
  /** The per-topic key/value decoding choice, kept in Floe's data folder. */
  'topics.getDecoding': call(TopicRef).returns<z.output<typeof TopicDecoding>>(),
  'topics.setDecoding': call(TopicRef.extend({ decoding: TopicDecoding })).returns<z.output<typeof TopicDecoding>>(),

  // Message viewer
  'messages.read': call(ReadRequest).returns<RecordPage>(),
  'messages.get': call(RecordRef).returns<RecordDetail>(),
  'messages.tail': stream(TailRequest).returns<TailSummary, TailEvent>(),
  'messages.search': stream(SearchRequest).returns<SearchSummary, SearchEvent>(),
  /** Parses a CEL filter; on failure says where (1-based line and column). */
  'messages.checkFilter': call(FilterCheckRequest).returns<FilterCheck>(),
  'messages.produce': call(ProduceRequest).returns<ProduceResult>(),
  'messages.reproduce': call(ReproduceRequest).returns<ProduceResult>(),
  'messages.export': stream(ExportRequest).returns<ExportSummary, ExportEvent>(),
  /** One record as JSON text, or the kcat command that fetches it. */
  'messages.copy': call(CopyRequest).returns<{ text: string }>(),

  // Consumer groups
  'groups.list': call(Profile).returns<{ groups: GroupSummary[]; fetchedInMs: number }>(),
  'groups.describe': call(GroupRef).returns<GroupDetail>(),
  /** Previews (dryRun, the default) or applies an offset reset; refused while the group has members. */
  'groups.resetOffsets': call(ResetOffsetsRequest).returns<ResetPlan>(),
  'groups.delete': call(GroupRef).returns<{ deleted: string }>(),
};
