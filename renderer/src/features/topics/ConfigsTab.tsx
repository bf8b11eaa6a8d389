import { useMemo, useState } from 'react';
import type { TopicDetail } from '../../../../shared/model/topic-detail';
import { coreClient } from '../../stores/core-store';
import { useTopicDetail } from '../../stores/topic-detail-store';

/** Topic configuration: overrides first and highlighted, with where each value comes from; edit or reset one. */
export function ConfigsTab(props: { profileId: string; detail: TopicDetail }) {
  const { profileId, detail } = props;
  const change = useTopicDetail((s) => s.change);
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<{ name: string; value: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const rows = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return detail.configs.filter((c) => !q || c.name.includes(q)).sort((a, b) => Number(a.isDefault) - Number(b.isDefault) || a.name.localeCompare(b.name));
  }, [detail.configs, filter]);

  const apply = async (set: Record<string, string>, reset: string[]) => {
    const error = await change(profileId, detail.name, () => coreClient().call('topics.alterConfigs', { profileId, topic: detail.name, set, reset }));
    setProblem(error);
    if (!error) setEditing(null);
  };

  return (
    <div className="tab-body">
      <div className="row" style={{ marginBottom: 8 }}>
        <input type="search" placeholder="Filter configs" value={filter} onChange={(e) => setFilter(e.target.value)} style={{ maxWidth: 320 }} data-search />
        <span className="muted">{detail.configs.filter((c) => !c.isDefault).length} set on this topic or broker</span>
      </div>
      {problem && <div className="problem err" data-testid="config-error">{problem}</div>}
      <table className="grid" data-testid="configs-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Value</th>
            <th>Source</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.name} className={c.isDefault ? undefined : 'override'} data-config={c.name}>
              <td className="mono">{c.name}</td>
              <td className="mono">
                {editing?.name === c.name ? (
                  <input type="text" value={editing.value} autoFocus onChange={(e) => setEditing({ name: c.name, value: e.target.value })} onKeyDown={(e) => e.key === 'Enter' && void apply({ [c.name]: editing.value }, [])} data-testid="config-value" />
                ) : c.sensitive ? (
                  '(sensitive)'
                ) : (
                  (c.value ?? '—')
                )}
              </td>
              <td className="muted">{c.source}</td>
              <td style={{ whiteSpace: 'nowrap' }}>
                {!c.readOnly && editing?.name !== c.name && (
                  <button className="btn small" onClick={() => setEditing({ name: c.name, value: c.value ?? '' })} data-testid="config-edit">
                    Edit
                  </button>
                )}
                {editing?.name === c.name && (
                  <>
                    <button className="btn small primary" onClick={() => void apply({ [c.name]: editing.value }, [])} data-testid="config-save">
                      Save
                    </button>{' '}
                    <button className="btn small" onClick={() => setEditing(null)}>
                      Cancel
                    </button>
                  </>
                )}
                {!c.readOnly && c.source === 'DYNAMIC_TOPIC_CONFIG' && editing?.name !== c.name && (
                  <>
                    {' '}
                    <button className="btn small" onClick={() => void apply({}, [c.name])} title="Remove the topic override">
                      Reset
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
