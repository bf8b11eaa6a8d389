import { useState } from 'react';
import type { RecordHeader } from '../../../../shared/model/messages';

const LONG_CHARS = 300;
const LONG_LINES = 4;

/** One header value: text wraps; a long one (a stack trace) shows its first lines until clicked open. */
function HeaderValue(props: { header: RecordHeader }) {
  const { header } = props;
  const [open, setOpen] = useState(false);
  if (header.value === null && header.hex === undefined) return <span className="muted">null</span>;
  const text = header.value ?? header.hex!;
  const lines = text.split('\n').length;
  const long = text.length > LONG_CHARS || lines > LONG_LINES;
  return (
    <div className={`header-value${long && !open ? ' collapsed' : ''}`} data-testid="header-value">
      {header.value === null && (
        <span className="badge" title="Not valid UTF-8: the bytes as hex">
          hex
        </span>
      )}
      {header.value === null ? ` ${text}` : text}
      {long && (
        <button className="link small" onClick={() => setOpen(!open)} data-testid="header-expand">
          {open ? 'show less' : `show all (${lines > 1 ? `${lines} lines, ` : ''}${text.length.toLocaleString('en-US')} characters)`}
        </button>
      )}
    </div>
  );
}

/** The record's headers in order, values readable in full (wrapped, long ones expandable). */
export function HeadersTable(props: { headers: RecordHeader[] }) {
  if (props.headers.length === 0) return <div className="empty small">This record has no headers.</div>;
  return (
    <table className="grid headers" data-testid="detail-headers">
      <tbody>
        {props.headers.map((h, i) => (
          <tr key={i} data-testid="header-row">
            <td className="mono key">{h.key}</td>
            <td className="mono">
              <HeaderValue header={h} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
