import type { ReactNode } from 'react';

export function Field(props: { label: string; htmlFor: string; problem?: string; hint?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={props.htmlFor}>{props.label}</label>
      <div>
        {props.children}
        {props.problem && <div className="problem" data-testid={`problem-${props.htmlFor}`}>{props.problem}</div>}
        {props.hint && !props.problem && <div className="hint">{props.hint}</div>}
      </div>
    </div>
  );
}
