import { useState } from 'react';
import type { TopicDetail } from '../../../../shared/model/topic-detail';
import { coreClient } from '../../stores/core-store';
import { useTopicDetail } from '../../stores/topic-detail-store';
import { formatCount } from '../../components/number-format';

export function PartitionsTab(props: { profileId: string; detail: TopicDetail }) {
  const { profileId, detail } = props;
  const change = useTopicDetail((s) => s.change);
  const [total, setTotal] = useState(String(detail.partitions.length + 1));
  const [problem, setProblem] = useState<string | null>(null);

  const grow = async () => {
    const n = Number(total);
    if (!Number.isInteger(n) || n <= detail.partitions.length) return setProblem(`Enter a whole number above ${detail.partitions.length}: Kafka can add partitions, never remove them.`);
    setProblem(await change(profileId, detail.name, () => coreClient().call('topics.addPartitions', { profileId, topic: detail.name, total: n })));
  };

  return (
    <div className="tab-body">
      <table className="grid" data-testid="partitions-table">
        <thead>
          <tr>
            <th className="num">Partition</th>
            <th className="num">Leader</th>
            <th>Replicas</th>
            <th>In sync</th>
            <th className="num">Low</th>
            <th className="num">High</th>
            <th className="num">Messages</th>
          </tr>
        </thead>
        <tbody>
          {detail.partitions.map((p) => (
            <tr key={p.partition}>
              <td className="num">{p.partition}</td>
              <td className={`num ${p.leader < 0 ? 'err' : ''}`}>{p.leader < 0 ? 'none' : p.leader}</td>
              <td className="mono">{p.replicas.join(', ')}</td>
              <td className={`mono ${p.isr.length < p.replicas.length ? 'warn' : ''}`}>{p.isr.join(', ')}</td>
              <td className="num">{formatCount(p.low)}</td>
              <td className="num">{formatCount(p.high)}</td>
              <td className="num">{formatCount(p.messages)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row" style={{ marginTop: 14, maxWidth: 520 }}>
        <label htmlFor="grow-to" className="muted">
          Grow to
        </label>
        <input id="grow-to" type="text" inputMode="numeric" value={total} onChange={(e) => setTotal(e.target.value)} style={{ width: 90 }} data-testid="grow-to" />
        <span className="muted">partitions</span>
        <button className="btn" onClick={() => void grow()} data-testid="add-partitions">
          Add partitions
        </button>
      </div>
      {problem && <div className="problem err">{problem}</div>}
    </div>
  );
}
