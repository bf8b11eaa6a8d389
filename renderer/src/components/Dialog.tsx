import { useEffect, type ReactNode } from 'react';

/** A modal dialog: backdrop, titled panel, Escape closes it. */
export function Dialog(props: { title: ReactNode; label?: string; className?: string; testId?: string; onClose: () => void; children: ReactNode }) {
  const { onClose } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="dialog-backdrop" role="dialog" aria-modal="true" aria-label={props.label ?? (typeof props.title === 'string' ? props.title : undefined)}>
      <div className={`dialog ${props.className ?? ''}`} data-testid={props.testId}>
        <h3 className="dialog-title">{props.title}</h3>
        {props.children}
      </div>
    </div>
  );
}

/** The buttons at the foot of a dialog, right-aligned. */
export function DialogActions(props: { children: ReactNode }) {
  return <div className="actions dialog-actions">{props.children}</div>;
}
