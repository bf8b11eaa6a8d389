import { useState } from 'react';
import type { SubjectDetail } from '../../../../shared/model/schemas';
import { ConfirmByName } from '../../components/ConfirmByName';
import { Dialog, DialogActions } from '../../components/Dialog';
import { coreClient } from '../../stores/core-store';

/** Choose what to delete (one version or the whole subject; soft or permanent), then type the subject name to confirm. */
export function DeleteSchemaDialog(props: { profileId: string; detail: SubjectDetail; onCancel: () => void; onDeleted: (wholeSubject: boolean) => void }) {
  const { detail } = props;
  const [target, setTarget] = useState<'subject' | number>('subject');
  const [permanent, setPermanent] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = async () => {
    try {
      await coreClient().call('schemas.delete', {
        profileId: props.profileId,
        subject: detail.subject,
        ...(target === 'subject' ? {} : { version: target }),
        permanent,
        confirm: detail.subject,
      });
      props.onDeleted(target === 'subject');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (confirming) {
    const what = target === 'subject' ? `every version of ${detail.subject}` : `version ${target} of ${detail.subject}`;
    return (
      <ConfirmByName
        title={permanent ? 'Delete permanently' : 'Soft-delete'}
        explain={
          permanent
            ? `This removes ${what} from the registry for good: records that carry its schema id can no longer be decoded.`
            : `This soft-deletes ${what}: it stays readable by id and can be deleted permanently later.`
        }
        name={detail.subject}
        action={permanent ? 'Delete permanently' : 'Soft-delete'}
        onCancel={props.onCancel}
        onConfirm={() => void remove()}
        error={error}
      />
    );
  }
  return (
    <Dialog title={`Delete from ${detail.subject}`} onClose={props.onCancel} testId="delete-schema-dialog">
      <label>
        What{' '}
        <select value={String(target)} onChange={(e) => setTarget(e.target.value === 'subject' ? 'subject' : Number(e.target.value))} data-testid="delete-target">
          <option value="subject">the whole subject</option>
          {detail.versions.map((v) => (
            <option key={v.version} value={v.version}>
              version {v.version}
              {v.deleted ? ' (soft-deleted)' : ''}
            </option>
          ))}
        </select>
      </label>
      <label className="small">
        <input type="checkbox" checked={permanent} onChange={(e) => setPermanent(e.target.checked)} data-testid="delete-permanent" /> permanently (a hard delete)
      </label>
      <DialogActions>
        <button className="btn" onClick={props.onCancel}>
          Cancel
        </button>
        <button className="btn danger" onClick={() => setConfirming(true)} data-testid="delete-next">
          Continue…
        </button>
      </DialogActions>
    </Dialog>
  );
}
