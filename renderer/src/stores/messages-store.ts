import { create } from 'zustand';
import { MAX_SEARCH_MATCHES, type BrowseRecord, type RecordDetail, type RecordPage, type ScanRange, type SearchProgress, type SearchSummary, type StartPosition } from '../../../shared/model/messages';
import { isFloeError } from '../../../shared/errors';
import { FrameRows, type MatchFrame } from '../../../shared/model/match-frame';
import { coreClient } from './core-store';
import { RecordRows, type RowSource } from './record-rows';

/**
 * Rows kept in the grid: a virtualized grid stays smooth at this many. A live tail drops its oldest rows past it; a
 * search never gets there (it stops at its max matches, at most this many: "result limit reached").
 */
export const MAX_ROWS = MAX_SEARCH_MATCHES;

export type Mode = 'page' | 'tail' | 'search';

interface MessagesState {
  profileId: string | null;
  topic: string | null;
  /** The Partitions box as typed; every action reads `partitions`, which follows it as it is typed. */
  partitionText: string;
  /** Chosen partitions; null means all. */
  partitions: number[] | null;
  /** Why the Partitions box does not name partitions of the topic; actions refuse to run until fixed. */
  partitionProblem: string | null;
  /** The partitions the shown page was read from (its Older/Newer positions are theirs). */
  pagePartitions: number[] | null;
  /** Show (and search for) only records whose key or value could not be decoded or fell back. */
  onlyUndecodable: boolean;
  mode: Mode;
  /** The grid's rows, with the undecodable ones among them (`rows.undecodable`). */
  rows: RecordRows;
  /** Bumped whenever `rows` grows in place. */
  rowsVersion: number;
  page: RecordPage | null;
  loading: boolean;
  error: string | null;
  notice: string | null;
  selected: { partition: number; offset: number } | null;
  detail: RecordDetail | null;
  detailError: string | null;
  progress: SearchProgress | null;
  summary: SearchSummary | null;
  /** What the start box should show after a read it did not start (a link to one record); a new object each time. */
  startBox: { kind: 'offset'; arg: string } | null;
  open(profileId: string, topic: string): void;
  setPartitions(text: string, partitions: number[] | null, problem?: string): void;
  setOnlyUndecodable(only: boolean): void;
  read(start: StartPosition): Promise<void>;
  /** Shows one record: its partition read from its offset and the record selected, or a notice saying why it is not there. */
  goTo(partition: number, offset: number): Promise<void>;
  /** Reads the current page again (e.g. after the decoding changed). */
  reload(): Promise<void>;
  next(): Promise<void>;
  prev(): Promise<void>;
  tail(): Promise<void>;
  search(filter: string | undefined, text: string | undefined, range: ScanRange, maxMatches: number): Promise<void>;
  stop(): void;
  select(record: BrowseRecord | null): Promise<void>;
  /** Fetches the selected record again (e.g. decoded another way). */
  refreshDetail(): Promise<void>;
}

let running: AbortController | null = null;
let lastStart: StartPosition = { kind: 'latest', count: 200 };
/** Numbers detail requests: only the latest one's answer is shown. */
let detailRequest = 0;

function begin(): AbortSignal {
  running?.abort();
  running = new AbortController();
  return running.signal;
}

/**
 * Appends in place (copying a growing array on every streamed batch is quadratic at a million rows); past the cap
 * the oldest tenth goes at once, so trimming stays rare. True when it trimmed.
 */
function append(rows: RecordRows, incoming: RowSource): boolean {
  rows.push(incoming);
  if (rows.length <= MAX_ROWS) return false;
  rows.dropFirst(rows.length - MAX_ROWS + Math.floor(MAX_ROWS / 10));
  return true;
}

const withRows = (records: BrowseRecord[]) => ({ rows: RecordRows.of(records) });

/** How often streamed rows reach React at most: a render per batch of 500 was most of the renderer's work at 1M rows. */
const RENDER_EVERY_MS = 100;

export const useMessages = create<MessagesState>((set, get) => {
  // Rows grow in place as batches stream in; React hears of it at most every RENDER_EVERY_MS, and at once when the
  // tail trims. A stream's end (summary, notice) renders what came last.
  let renderTimer: ReturnType<typeof setTimeout> | null = null;
  const grow = (incoming: RowSource) => {
    if (append(get().rows, incoming)) return set((now) => ({ rowsVersion: now.rowsVersion + 1 }));
    renderTimer ??= setTimeout(() => {
      renderTimer = null;
      set((now) => ({ rowsVersion: now.rowsVersion + 1 }));
    }, RENDER_EVERY_MS);
  };
  // A frame the core built wrong (a bug, never the topic's data) is named, not dropped silently.
  const growFrame = (frame: MatchFrame) => {
    try {
      grow(new FrameRows(frame));
    } catch (e) {
      set({ error: `${frame.rows} matches could not be shown: ${(e as Error).message}` });
    }
  };
  const fail = (signal: AbortSignal, e: unknown) => {
    if (!signal.aborted && !isFloeError(e, 'CANCELLED')) set({ error: (e as Error).message });
  };
  const request = () => {
    const { profileId, topic, partitions, partitionProblem } = get();
    if (!profileId || !topic) throw new Error('No topic open');
    if (partitionProblem) throw new Error(partitionProblem);
    return { profileId, topic, ...(partitions ? { partitions } : {}) };
  };
  const fetchDetail = async (ref: { partition: number; offset: number }) => {
    const mine = ++detailRequest;
    try {
      const { profileId, topic } = get();
      if (!profileId || !topic) return;
      const detail = await coreClient().call('messages.get', { profileId, topic, ...ref });
      if (mine === detailRequest) set({ detail, detailError: null });
    } catch (e) {
      if (mine === detailRequest) set({ detailError: (e as Error).message });
    }
  };
  const readPage = async (start: StartPosition) => {
    lastStart = start;
    const signal = begin();
    const pagePartitions = get().partitions;
    set({ mode: 'page', loading: true, error: null, notice: null, progress: null, summary: null });
    try {
      const page = await coreClient().call('messages.read', { ...request(), start, limit: 200 }, { signal });
      if (!signal.aborted) set({ page, pagePartitions, ...withRows(page.records), loading: false, notice: page.notes.join(' ') || null });
    } catch (e) {
      fail(signal, e);
      if (!signal.aborted) set({ loading: false });
    }
  };

  return {
    profileId: null,
    topic: null,
    partitionText: '',
    partitions: null,
    partitionProblem: null,
    pagePartitions: null,
    onlyUndecodable: false,
    mode: 'page',
    rows: new RecordRows(),
    rowsVersion: 0,
    page: null,
    loading: false,
    error: null,
    notice: null,
    selected: null,
    detail: null,
    detailError: null,
    progress: null,
    summary: null,
    startBox: null,

    open: (profileId, topic) => {
      if (get().profileId === profileId && get().topic === topic) return;
      running?.abort();
      set({ profileId, topic, partitionText: '', partitions: null, partitionProblem: null, pagePartitions: null, onlyUndecodable: false, ...withRows([]), page: null, error: null, notice: null, selected: null, detail: null, progress: null, summary: null, mode: 'page', loading: false });
    },
    setPartitions: (partitionText, partitions, problem) => set(problem ? { partitionText, partitionProblem: problem } : { partitionText, partitions, partitionProblem: null }),
    setOnlyUndecodable: (onlyUndecodable) => set({ onlyUndecodable }),
    read: readPage,
    goTo: async (partition, offset) => {
      set({ partitionText: String(partition), partitions: [partition], partitionProblem: null, startBox: { kind: 'offset', arg: String(offset) } });
      await readPage({ kind: 'offset', offset });
      const { page } = get();
      if (!page) return;
      const found = page.records.find((r) => r.partition === partition && r.offset === offset);
      if (found) return get().select(found);
      set({ notice: missingRecordText(partition, offset, page.watermarks.find((w) => w.partition === partition)) });
    },
    reload: async () => {
      const selected = get().selected;
      await Promise.all([readPage(lastStart), selected ? fetchDetail(selected) : undefined]);
    },
    next: async () => {
      const next = get().page?.next;
      if (next) await readPage({ kind: 'after', positions: next });
    },
    prev: async () => {
      const prev = get().page?.prev;
      if (prev) await readPage({ kind: 'before', positions: prev });
    },

    tail: async () => {
      const signal = begin();
      set({ mode: 'tail', ...withRows([]), page: null, error: null, notice: 'Following new records…', loading: false, progress: null, summary: null });
      try {
        // Stopping asks for the tail's summary (records received, where each partition stands) instead of dropping it.
        const summary = await coreClient().stream(
          'messages.tail',
          request(),
          (event) => {
            if (signal.aborted) return;
            if (event.kind === 'records') grow(event.records);
            else set({ notice: event.message });
          },
          { signal, resultOnCancel: true },
        );
        if (running?.signal === signal) {
          const at = Object.entries(summary.positions).map(([p, o]) => `p${p}@${o}`).join(', ');
          set({ notice: `Live tail stopped: ${summary.received.toLocaleString('en-US')} record(s) received${at ? `; next offsets ${at}` : ''}.` });
        }
      } catch (e) {
        fail(signal, e);
      }
    },

    search: async (filter, text, range, maxMatches) => {
      const signal = begin();
      set({ mode: 'search', ...withRows([]), page: null, error: null, notice: null, loading: true, progress: null, summary: null });
      try {
        const summary = await coreClient().stream(
          'messages.search',
          // The grid's rows in columns, kept as they come: the decoded bodies stay in the core, and a row is built only
          // when drawn (see MatchFrame and bench:transfer).
          { ...request(), range, maxMatches, view: 'frame', undecodable: get().onlyUndecodable, ...(filter ? { filter } : {}), ...(text ? { text } : {}) },
          (event) => {
            if (signal.aborted) return;
            if (event.kind === 'frame') growFrame(event.frame);
            else if (event.kind === 'matches') grow(event.records);
            else set({ progress: event });
          },
          { signal },
        );
        if (!signal.aborted) set({ summary, progress: summary, loading: false, notice: summary.notes.join(' ') || null });
      } catch (e) {
        fail(signal, e);
        set({ loading: false, ...(isFloeError(e, 'CANCELLED') ? { notice: 'Search cancelled: the summary below covers what was scanned.' } : {}) });
      }
    },

    stop: () => {
      running?.abort();
      set({ loading: false });
    },

    select: async (record) => {
      if (!record) {
        detailRequest++;
        return set({ selected: null, detail: null, detailError: null });
      }
      const ref = { partition: record.partition, offset: record.offset };
      set({ selected: ref, detail: null, detailError: null });
      await fetchDetail(ref);
    },
    refreshDetail: async () => {
      const selected = get().selected;
      if (selected) await fetchDetail(selected);
    },
  };
});

/** Why offset `offset` of a partition is not on the page read from it. */
export function missingRecordText(partition: number, offset: number, w: { low: number; high: number } | undefined): string {
  const at = `Offset ${offset.toLocaleString('en-US')} of partition ${partition}`;
  if (!w) return `${at}: the topic has no partition ${partition} now`;
  if (offset < w.low) return `${at} is gone: retention removed it (the partition now starts at offset ${w.low.toLocaleString('en-US')})`;
  if (offset >= w.high) return `${at} is not on the topic: the partition ends at offset ${w.high.toLocaleString('en-US')} (was it truncated or the topic recreated?)`;
  return `${at} is not there: compaction removed it, or it is a transaction marker; the records after it are shown`;
}
