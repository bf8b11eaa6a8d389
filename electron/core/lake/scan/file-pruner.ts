import type { BoundPred, Expr } from '../expr/expr';
import { metricsMightMatch } from '../expr/metrics-eval';
import { partitionMightMatch, summariesMightMatch } from '../expr/partition-eval';
import { projectFilter, type PartitionPred } from '../expr/project';
import type { ContentFile, ManifestFile } from '../spec/manifest';
import type { PartitionSpec } from '../spec/metadata';

/** Decides, for one filter, which manifests and data files a scan can skip. Projections are made once per partition spec. */
export class FilePruner {
  private readonly projections = new Map<number, Expr<PartitionPred>>();
  constructor(
    private readonly filter: Expr<BoundPred>,
    private readonly specs: PartitionSpec[],
  ) {}

  private projected(specId: number): Expr<PartitionPred> {
    let p = this.projections.get(specId);
    if (!p) {
      p = projectFilter(this.filter, this.specs.find((s) => s.specId === specId));
      this.projections.set(specId, p);
    }
    return p;
  }

  manifestMightMatch(m: ManifestFile): boolean {
    return summariesMightMatch(this.projected(m.specId), m.partitions);
  }

  fileMightMatch(f: ContentFile): boolean {
    return partitionMightMatch(this.projected(f.specId), f.partition) && metricsMightMatch(this.filter, f);
  }
}
