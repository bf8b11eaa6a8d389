import { useState } from 'react';
import type { ConnectorDetail } from '../../../../shared/model/connect';
import { ConfirmByName } from '../../components/ConfirmByName';
import { useAction } from '../../components/use-action';
import { connectTarget, useConnect } from '../../stores/connect-store';
import { coreClient } from '../../stores/core-store';

/** A connector's committed offsets; a STOPPED connector's can be reset (Kafka's rule), with its name typed again. */
export function ConnectorOffsets(props: { profileId: string; detail: ConnectorDetail; onNotes(notes: string[]): void }) {
  const { profileId, detail, onNotes } = props;
  const [resetting, setResetting] = useState(false);
  const action = useAction();
  const stopped = detail.state === 'STOPPED';
  const reset = async () => {
    const result = await action.run(() => coreClient().call('connect.resetOffsets', { ...connectTarget(profileId), name: detail.name, confirm: detail.name }));
    if (!result) return;
    setResetting(false);
    onNotes(result.notes);
    await useConnect.getState().open(profileId, detail.name);
  };

  return (
    <section>
      <div style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
        <h2>Offsets</h2>
        <div style={{ flex: 1 }} />
        <button
          className="btn small danger"
          onClick={() => setResetting(true)}
          disabled={!stopped || !detail.offsets?.length}
          title={stopped ? 'Forget the committed offsets: a sink re-reads its topics from its consumer’s reset policy, a source starts over' : 'Stop the connector first: offsets can be reset only while it is STOPPED'}
          data-testid="connector-reset-offsets"
        >
          Reset offsets…
        </button>
      </div>
      {detail.offsets === null ? (
        <p className="muted">{detail.offsetsProblem ?? 'Not available.'}</p>
      ) : detail.offsets.length === 0 ? (
        <p className="muted" data-testid="connector-no-offsets">None committed yet.</p>
      ) : (
        <table className="grid" data-testid="connector-offsets">
          <thead><tr><th>Partition</th><th>Offset</th></tr></thead>
          <tbody>
            {detail.offsets.map((o, i) => (
              <tr key={i}><td className="mono small">{JSON.stringify(o.partition)}</td><td className="mono small">{o.offset === null ? '—' : JSON.stringify(o.offset)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {resetting && (
        <ConfirmByName
          title={`Reset the offsets of ${detail.name}?`}
          explain="Its committed offsets are deleted: when resumed, a sink reads its topics again from its consumer's reset policy and a source starts over (a snapshot, for Debezium)."
          name={detail.name}
          action="Reset offsets"
          error={action.problem}
          onCancel={() => setResetting(false)}
          onConfirm={() => void reset()}
        />
      )}
    </section>
  );
}
