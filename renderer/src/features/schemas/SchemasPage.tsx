import { useEffect, useMemo, useState } from 'react';
import { COMPATIBILITY_LEVELS, type CompatibilityLevel, type SchemaType } from '../../../../shared/model/schemas';
import { coreClient } from '../../stores/core-store';
import { useNav } from '../../stores/nav-store';
import { useSchemas } from '../../stores/schemas-store';
import { useAction } from '../../components/use-action';
import { NewSubjectPage } from './NewSubjectPage';
import { SubjectPage } from './SubjectPage';
import './schemas.css';

const TYPES: (SchemaType | 'all')[] = ['all', 'AVRO', 'PROTOBUF', 'JSON'];
const TYPE_LABEL: Record<SchemaType, string> = { AVRO: 'Avro', PROTOBUF: 'Protobuf', JSON: 'JSON Schema' };
export const typeLabel = (t: SchemaType) => TYPE_LABEL[t];

/** The registry's subjects: search, type, latest version, versions, level; open one, or start a new one. */
export function SchemasPage() {
  const profileId = useNav((s) => s.activeProfileId);
  const { subject, openSubject } = useNav();
  const { list, loading, error, load, showDeleted, setShowDeleted, profileId: listedFor } = useSchemas();
  const [query, setQuery] = useState('');
  const [type, setType] = useState<SchemaType | 'all'>('all');
  const [creating, setCreating] = useState(false);
  const level = useAction();

  useEffect(() => {
    if (profileId && !subject && !creating) void load(profileId);
  }, [profileId, subject, creating, load]);

  const shown = listedFor === profileId ? list : null;
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (shown?.subjects ?? []).filter((s) => s.subject.toLowerCase().includes(q) && (type === 'all' || s.schemaType === type));
  }, [shown, query, type]);

  if (!profileId) return <div className="empty"><h2>No connection selected</h2><p>Pick a connection with a schema registry first.</p></div>;
  if (creating) return <NewSubjectPage profileId={profileId} onDone={(created) => (setCreating(false), created && openSubject(created))} />;
  if (subject) return <SubjectPage profileId={profileId} subject={subject} />;

  const setGlobal = (l: CompatibilityLevel) => void level.run(async () => (await coreClient().call('schemas.setLevel', { profileId, level: l }), await load(profileId)));

  return (
    <div className="page">
      <div className="page-head">
        <h1>Schemas</h1>
        <span className="meta">{shown ? `${rows.length} of ${shown.subjects.length} subjects · ${shown.registry.product}` : ''}</span>
        <div style={{ flex: 1 }} />
        {shown && (
          <label className="small muted">
            global level{' '}
            <select value={shown.globalLevel} onChange={(e) => setGlobal(e.target.value as CompatibilityLevel)} disabled={level.busy} data-testid="global-level">
              {COMPATIBILITY_LEVELS.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
          </label>
        )}
        <button className="btn primary" onClick={() => setCreating(true)} data-testid="new-subject">
          New subject…
        </button>
        <button className="btn" onClick={() => void load(profileId)} disabled={loading} data-testid="schemas-refresh">
          {loading ? <span className="spinner" /> : 'Refresh'}
        </button>
      </div>
      <div className="toolbar">
        <input type="search" placeholder="Search subjects   ( / )" value={query} onChange={(e) => setQuery(e.target.value)} data-search data-testid="subject-search" />
        <select value={type} onChange={(e) => setType(e.target.value as SchemaType | 'all')} aria-label="Schema type" data-testid="subject-type-filter">
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t === 'all' ? 'all types' : TYPE_LABEL[t]}
            </option>
          ))}
        </select>
        <label className="small">
          <input type="checkbox" checked={showDeleted} onChange={(e) => setShowDeleted(e.target.checked, profileId)} data-testid="show-deleted" /> soft-deleted too
        </label>
      </div>
      {(error || level.problem) && <div className="banner error">{error ?? level.problem}</div>}
      {shown?.registry.notes.map((n) => (
        <div className="banner warn small" key={n}>
          {n}
        </div>
      ))}
      <div className="page-body tab-body">
        {loading && !shown && <div className="empty"><span className="spinner" /> Reading the registry…</div>}
        {shown && shown.subjects.length === 0 && (
          <div className="empty">
            <h2>No subjects yet</h2>
            <p>Register one with <b>New subject…</b>, or produce with a schema-aware client.</p>
          </div>
        )}
        {rows.length > 0 && (
          <table className="grid" data-testid="subjects-table">
            <thead>
              <tr>
                <th>Subject</th>
                <th>Type</th>
                <th className="num">Latest</th>
                <th className="num">Versions</th>
                <th>Compatibility</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.subject} onClick={() => openSubject(s.subject)} style={{ cursor: 'pointer' }} data-testid="subject-row" data-subject={s.subject}>
                  <td className="mono">{s.subject}</td>
                  <td>{TYPE_LABEL[s.schemaType]}</td>
                  <td className="num">{s.latestVersion ?? '—'}</td>
                  <td className="num">{s.versions}</td>
                  <td>
                    {s.level} {s.levelSource === 'global' && <span className="muted small">(global)</span>}
                  </td>
                  <td className="small">{s.deleted ? <span className="badge">soft-deleted</span> : s.problem ? <span className="err">{s.problem}</span> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
