import { emptyHeader, type HeaderForm } from './produce-form';
import './produce.css';

/** Headers in order, one row each: any text (line breaks kept), exact bytes as hex, or a null value. */
export function HeadersEditor(props: { headers: HeaderForm[]; onChange: (headers: HeaderForm[]) => void }) {
  const { headers, onChange } = props;
  const update = (i: number, patch: Partial<HeaderForm>) => onChange(headers.map((h, j) => (j === i ? { ...h, ...patch } : h)));
  return (
    <div className="headers-editor" data-testid="produce-headers">
      {headers.map((h, i) => (
        <div className="header-row" key={i} data-testid="produce-header-row">
          <input type="text" placeholder="name" value={h.key} onChange={(e) => update(i, { key: e.target.value })} aria-label={`Header ${i + 1} name`} data-testid="header-key" />
          <select value={h.encoding} onChange={(e) => update(i, { encoding: e.target.value as HeaderForm['encoding'] })} aria-label={`Header ${i + 1} encoding`} data-testid="header-encoding">
            <option value="text">text</option>
            <option value="hex">hex bytes</option>
            <option value="null">null</option>
          </select>
          {h.encoding === 'null' ? (
            <span className="muted small">no value (null)</span>
          ) : (
            <textarea
              value={h.text}
              onChange={(e) => update(i, { text: e.target.value })}
              rows={Math.min(6, Math.max(1, h.text.split('\n').length))}
              spellCheck={false}
              placeholder={h.encoding === 'hex' ? '00ff10…' : 'value'}
              aria-label={`Header ${i + 1} value`}
              data-testid="header-value"
            />
          )}
          <button className="btn small" onClick={() => onChange(headers.filter((_, j) => j !== i))} title="Remove this header" data-testid="header-remove">
            ×
          </button>
        </div>
      ))}
      <button className="btn small" onClick={() => onChange([...headers, emptyHeader()])} data-testid="header-add">
        + Header
      </button>
    </div>
  );
}
