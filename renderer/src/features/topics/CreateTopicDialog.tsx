import { useState } from 'react';
import { coreClient } from '../../stores/core-store';
import { useAction } from '../../components/use-action';
import { parseConfigLines } from './topic-configs';
import { Dialog, DialogActions } from '../../components/Dialog';

export function CreateTopicDialog(props: { profileId: string; onClose: (created?: string) => void }) {
  const [name, setName] = useState('');
  const [partitions, setPartitions] = useState('6');
  const [rf, setRf] = useState('1');
  const [configs, setConfigs] = useState('');
  const { busy, problem, run } = useAction();

  const create = async () => {
    const result = await run(() => coreClient().call('topics.create', { profileId: props.profileId, name: name.trim(), partitions: Number(partitions), replicationFactor: Number(rf), configs: parseConfigLines(configs) }));
    if (result) props.onClose(result.created);
  };

  return (
    <Dialog title="New topic" className="wide editor" testId="create-topic-dialog" onClose={() => props.onClose()}>
      <div className="field">
        <label htmlFor="topic-name">Name</label>
        <input id="topic-name" type="text" value={name} autoFocus onChange={(e) => setName(e.target.value)} data-testid="new-topic-name" />
      </div>
      <div className="field">
        <label htmlFor="topic-partitions">Partitions</label>
        <input id="topic-partitions" type="text" inputMode="numeric" value={partitions} onChange={(e) => setPartitions(e.target.value)} data-testid="new-topic-partitions" />
      </div>
      <div className="field">
        <label htmlFor="topic-rf">Replication factor</label>
        <input id="topic-rf" type="text" inputMode="numeric" value={rf} onChange={(e) => setRf(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="topic-configs">Configs</label>
        <textarea id="topic-configs" value={configs} onChange={(e) => setConfigs(e.target.value)} placeholder={'one a line, e.g.\nretention.ms=86400000\ncleanup.policy=compact'} spellCheck={false} />
      </div>
      {problem && (
        <div className="banner error small" data-testid="create-topic-error">
          {problem}
        </div>
      )}
      <DialogActions>
        <button className="btn" onClick={() => props.onClose()}>
          Cancel
        </button>
        <button className="btn primary" onClick={() => void create()} disabled={busy || !name.trim()} data-testid="new-topic-create">
          Create
        </button>
      </DialogActions>
    </Dialog>
  );
}
