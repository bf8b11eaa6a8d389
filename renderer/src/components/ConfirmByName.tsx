import { useState } from 'react';
import { Dialog, DialogActions } from './Dialog';

/** A destructive action needs the thing's name typed back: a misclick must not lose data. */
export function ConfirmByName(props: { title: string; explain: string; name: string; action: string; onCancel: () => void; onConfirm: () => void; error?: string | null }) {
  const [typed, setTyped] = useState('');
  return (
    <Dialog title={props.title} onClose={props.onCancel}>
      <p className="muted">
        {props.explain} Type <code>{props.name}</code> to confirm.
      </p>
      <input type="text" value={typed} autoFocus onChange={(e) => setTyped(e.target.value)} data-testid="confirm-name-input" />
      {props.error && <div className="problem err">{props.error}</div>}
      <DialogActions>
        <button className="btn" onClick={props.onCancel}>
          Cancel
        </button>
        <button className="btn danger" disabled={typed !== props.name} onClick={props.onConfirm} data-testid="confirm-name">
          {props.action}
        </button>
      </DialogActions>
    </Dialog>
  );
}
