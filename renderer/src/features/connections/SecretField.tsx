import type { ChangeEvent } from 'react';

/** Write-only: the stored value never reaches the renderer; blank keeps it, Clear removes it. */
export function SecretField(props: { id: string; isSet: boolean; value: string; cleared: boolean; onChange: (value: string) => void; onClear: (clear: boolean) => void; multiline?: boolean }) {
  const placeholder = props.cleared ? 'will be removed on save' : props.isSet ? '•••••••• set — leave blank to keep' : '';
  const change = (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => props.onChange(e.target.value);
  return (
    <div className="row">
      {props.multiline ? (
        <textarea id={props.id} value={props.value} placeholder={placeholder} onChange={change} disabled={props.cleared} data-testid={props.id} />
      ) : (
        <input id={props.id} type="password" autoComplete="off" value={props.value} placeholder={placeholder} onChange={change} disabled={props.cleared} data-testid={props.id} />
      )}
      {props.isSet && (
        <button type="button" className="btn small" onClick={() => props.onClear(!props.cleared)}>
          {props.cleared ? 'Keep' : 'Clear'}
        </button>
      )}
    </div>
  );
}
