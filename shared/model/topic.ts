export interface TopicSummary {
  name: string;
  partitions: number;
  replicationFactor: number;
  internal: boolean;
  /** Sum over partitions of high − low watermark (records retained, ignoring compaction gaps and markers). */
  messages: number;
  /** Bytes on disk as the broker reports them (DescribeLogDirs), or null where it does not. */
  sizeBytes: number | null;
}

export interface TopicList {
  topics: TopicSummary[];
  /** Why sizes are missing, if they are. */
  sizeNote?: string;
  fetchedInMs: number;
}
