import { useState } from 'react';

/** Deleting needs the profile's name typed back: a misclick must not lose a profile. */
export function DeleteDialog(props: { name: string; onCancel: () => void; onConfirm: () => void }) {
  const [typed, setTyped] = useState('');
  return (
    <div className="dialog-backdrop" role="dialog" aria-modal="true" aria-label="Delete profile">
      <div className="dialog">
        <h3 style={{ marginTop: 0 }}>Delete “{props.name}”?</h3>
        <p className="muted">The profile and its stored secrets are removed. Type its name to confirm.</p>
        <input type="text" value={typed} autoFocus onChange={(e) => setTyped(e.target.value)} data-testid="delete-confirm-input" />
        <div className="actions" style={{ marginTop: 12, justifyContent: 'flex-end' }}>
          <button className="btn" onClick={props.onCancel}>
            Cancel
          </button>
          <button className="btn danger" disabled={typed !== props.name} onClick={props.onConfirm} data-testid="delete-confirm">
            Delete
          </button>
        </div>
      </div>
    </div>
  );
}
