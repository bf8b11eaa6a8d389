import { useState } from 'react';

/** A destructive action needs the thing's name typed back: a misclick must not lose data. */
export function ConfirmByName(props: { title: string; explain: string; name: string; action: string; onCancel: () => void; onConfirm: () => void; error?: string | null }) {
  const [typed, setTyped] = useState('');
  return (
    <div className="dialog-backdrop" role="dialog" aria-modal="true" aria-label={props.title}>
      <div className="dialog">
        <h3 style={{ marginTop: 0 }}>{props.title}</h3>
        <p className="muted">
          {props.explain} Type <code>{props.name}</code> to confirm.
        </p>
        <input type="text" value={typed} autoFocus onChange={(e) => setTyped(e.target.value)} data-testid="confirm-name-input" />
        {props.error && <div className="problem err">{props.error}</div>}
        <div className="actions" style={{ marginTop: 12, justifyContent: 'flex-end' }}>
          <button className="btn" onClick={props.onCancel}>
            Cancel
          </button>
          <button className="btn danger" disabled={typed !== props.name} onClick={props.onConfirm} data-testid="confirm-name">
            {props.action}
          </button>
        </div>
      </div>
    </div>
  );
}
