import { useState } from 'react';
import type { MaintainOperation, TableHealth } from '../../../../shared/model/maintain';
import { formatBytes } from '../../components/number-format';
import { MaintainAction } from './MaintainAction';
import { compactRequest, DEFAULTS, expireRequest, orphansRequest, rewriteManifestsRequest } from './maintain-form';

/** A short labelled text field of a maintenance action. */
function Setting(props: { label: string; value: string; onChange: (v: string) => void; testId: string; placeholder?: string; title?: string }) {
  return (
    <label className="maintain-setting" title={props.title}>
      <span className="small muted">{props.label}</span>
      <input type="text" value={props.value} placeholder={props.placeholder} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId} />
    </label>
  );
}

type Suggest = (op: MaintainOperation) => string | undefined;
interface Common {
  suggested: Suggest;
  readOnly: boolean;
}

function Compact(props: Common & { health: TableHealth | null }) {
  const [f, setF] = useState(DEFAULTS.compact);
  const target = props.health ? formatBytes(props.health.targetFileBytes) : '128m';
  return (
    <MaintainAction operation="compact" readOnly={props.readOnly} title="Compact small files" confirmLabel="Compact" suggested={props.suggested('compact')} parsed={compactRequest(f)}
      about="Rewrites the small data files of each partition into files near the target size, folding deletes in. One replace snapshot: the rows stay the same, older snapshots still read until expired.">
      <Setting label="Target file size" value={f.targetFileSize} placeholder={target} onChange={(v) => setF({ targetFileSize: v })} testId="compact-target" title="Such as 128m, 512k or 1g; left empty: the table’s write.target-file-size-bytes, else 128 MiB (shown greyed)" />
    </MaintainAction>
  );
}

function Expire(props: Common) {
  const [f, setF] = useState(DEFAULTS.expire);
  return (
    <MaintainAction operation="expire" readOnly={props.readOnly} title="Expire snapshots" confirmLabel="Expire" suggested={props.suggested('expire')} parsed={expireRequest(f)}
      about="Removes old snapshots and the files only they need. Kept always: the newest K, what a branch or tag points at, and what a landing job needs to resume exactly once.">
      <Setting label="Older than" value={f.olderThan} onChange={(v) => setF({ ...f, olderThan: v })} testId="expire-older-than" title="Such as 7d, 36h, 90m or 30s" />
      <Setting label="Retain last" value={f.retainLast} onChange={(v) => setF({ ...f, retainLast: v })} testId="expire-retain-last" title="The newest this many snapshots of the main branch always stay" />
    </MaintainAction>
  );
}

function Orphans(props: Common) {
  const [f, setF] = useState(DEFAULTS.orphans);
  return (
    <MaintainAction operation="orphans" readOnly={props.readOnly} title="Remove orphan files" confirmLabel="Remove orphans" suggested={props.suggested('orphans')} parsed={orphansRequest(f)}
      about="Deletes files under the table’s location that no snapshot references (left by crashed writers), only when older than the safety age: a writer may be about to commit newer ones. Never metadata files.">
      <Setting label="Safety age" value={f.olderThan} onChange={(v) => setF({ olderThan: v })} testId="orphans-older-than" title="At least 1m; such as 3d or 36h" />
    </MaintainAction>
  );
}

function RewriteManifests(props: Common) {
  const [f, setF] = useState(DEFAULTS['rewrite-manifests']);
  return (
    <MaintainAction operation="rewrite-manifests" readOnly={props.readOnly} title="Rewrite manifests" confirmLabel="Rewrite manifests" suggested={props.suggested('rewrite-manifests')} parsed={rewriteManifestsRequest(f)}
      about="Regroups the current snapshot’s manifests, sorted by partition, into fewer: planning a scan reads fewer files. The data files stay as they are.">
      <Setting label="Entries per manifest" value={f.entriesPerManifest} onChange={(v) => setF({ entriesPerManifest: v })} testId="rewrite-manifests-entries" />
    </MaintainAction>
  );
}

/** The four maintenance actions, the ones Floe suggests marked with why. */
export function MaintainActions(props: { health: TableHealth | null; readOnly: boolean }) {
  const common: Common = { suggested: (op) => props.health?.suggestions.find((s) => s.operation === op)?.why, readOnly: props.readOnly };
  return (
    <div className="maintain-actions">
      <Compact {...common} health={props.health} />
      <Expire {...common} />
      <Orphans {...common} />
      <RewriteManifests {...common} />
    </div>
  );
}
