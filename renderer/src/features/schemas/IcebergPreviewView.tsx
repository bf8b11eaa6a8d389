import type { IcebergPreview } from '../../../../shared/model/iceberg-preview';

/** The Iceberg columns a schema lands as (the landing's type mapping), or why it cannot land; for Protobuf, which message lands. */
export function IcebergPreviewView({ preview, onMessage }: { preview: IcebergPreview; onMessage?: (message: string) => void }) {
  const picker =
    preview.messages && preview.messages.length > 1 && onMessage ? (
      <label className="small muted">
        message{' '}
        <select value={preview.message} onChange={(e) => onMessage(e.target.value)} data-testid="iceberg-message">
          {preview.messages.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
    ) : null;
  if (preview.problem)
    return (
      <div className="compat err small" data-testid="iceberg-preview">
        {picker} Cannot land as Iceberg columns: {preview.problem}
      </div>
    );
  return (
    <div className="compat" data-testid="iceberg-preview">
      <div className="compat-verdict">
        Lands in Iceberg as {picker}
      </div>
      <table className="grid compact">
        <thead>
          <tr>
            <th>Column</th>
            <th>Iceberg type</th>
            <th>Required</th>
          </tr>
        </thead>
        <tbody>
          {preview.columns.map((c) => (
            <tr key={c.name}>
              <td className="mono">{c.name}</td>
              <td className="mono small">{c.type}</td>
              <td>{c.required ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.notes.length > 0 && (
        <ul className="findings">
          {preview.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
