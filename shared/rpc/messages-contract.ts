import {
  CopyRequest,
  ExportRequest,
  FilterCheckRequest,
  ReadRequest,
  RecordRef,
  SearchRequest,
  TailRequest,
  type ExportEvent,
  type ExportSummary,
  type FilterCheck,
  type RecordDetail,
  type RecordPage,
  type SearchEvent,
  type SearchSummary,
  type TailEvent,
  type TailSummary,
} from '../model/messages';
import { call, stream } from './procedure';

/** The message viewer, search and export. These procedures never join a consumer group and never commit offsets. */
export const messagesContract = {
  'messages.read': call(ReadRequest).returns<RecordPage>(),
  'messages.get': call(RecordRef).returns<RecordDetail>(),
  'messages.tail': stream(TailRequest).returns<TailSummary, TailEvent>(),
  'messages.search': stream(SearchRequest).returns<SearchSummary, SearchEvent>(),
  /** Parses a CEL filter; on failure says where (1-based line and column). */
  'messages.checkFilter': call(FilterCheckRequest).returns<FilterCheck>(),
  'messages.export': stream(ExportRequest).returns<ExportSummary, ExportEvent>(),
  /** One record as JSON text, or the kcat command that fetches it. */
  'messages.copy': call(CopyRequest).returns<{ text: string }>(),
};
