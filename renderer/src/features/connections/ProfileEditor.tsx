import { useMemo, useState } from 'react';
import type { ProfileView } from '../../../../shared/model/profile';
import { useConnections } from '../../stores/connections-store';
import { useNav } from '../../stores/nav-store';
import { ConnectSection } from './ConnectSection';
import { DeleteDialog } from './DeleteDialog';
import { Field } from './Field';
import { IntegrationsSection } from './IntegrationsSection';
import { SecuritySection } from './SecuritySection';
import { TestReportView } from './TestReportView';
import { draftFromForm, emptyForm, formFromProfile, validateForm, type ProfileForm } from './profile-form-model';

/** Create or edit one profile; the built-in lab profile is shown read-only (duplicate it to change it). */
export function ProfileEditor(props: { stored?: ProfileView }) {
  const { stored } = props;
  const [form, setForm] = useState<ProfileForm>(() => (stored ? formFromProfile(stored) : emptyForm()));
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { test, runTest, save, remove, duplicate } = useConnections();
  const setActive = useNav((s) => s.setActiveProfile);
  const go = useNav((s) => s.go);
  const errors = useMemo(() => (touched ? validateForm(form) : {}), [form, touched]);
  const readOnly = Boolean(stored?.builtIn);
  const set = (patch: Partial<ProfileForm>) => setForm((f) => ({ ...f, ...patch }));

  const onSave = async () => {
    setTouched(true);
    if (Object.keys(validateForm(form)).length > 0) return;
    setSaving(true);
    setSaveError(null);
    try {
      await save(draftFromForm(form));
    } catch (e) {
      setSaveError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const onTest = () => {
    if (readOnly && stored) return void runTest({ id: stored.id });
    setTouched(true);
    if (Object.keys(validateForm(form)).length > 0) return;
    void runTest({ draft: draftFromForm(form) });
  };

  return (
    <div className="editor" data-testid="profile-editor">
      <h2 style={{ margin: '0 0 12px', fontSize: 16 }}>
        {stored ? stored.name : 'New connection'} {readOnly && <span className="badge">built in · read-only</span>}
      </h2>
      <fieldset disabled={readOnly}>
        <legend>Cluster</legend>
        <Field label="Name" htmlFor="name" problem={errors.name}>
          <input id="name" type="text" value={form.name} onChange={(e) => set({ name: e.target.value })} data-testid="name" />
        </Field>
        <Field label="Bootstrap servers" htmlFor="bootstrap" problem={errors.bootstrap} hint="host:port, separated by commas or spaces">
          <input id="bootstrap" type="text" placeholder="broker-1:9092, broker-2:9092" value={form.bootstrap} onChange={(e) => set({ bootstrap: e.target.value })} data-testid="bootstrap" />
        </Field>
      </fieldset>
      <fieldset disabled={readOnly} className="plain">
        <SecuritySection form={form} set={set} errors={errors} stored={stored} />
        <IntegrationsSection form={form} set={set} errors={errors} stored={stored} />
        <ConnectSection clusters={form.connect} onChange={(connect) => set({ connect })} errors={errors} stored={stored} />
      </fieldset>
      {saveError && <div className="banner error" data-testid="save-error">{saveError}</div>}
      <div className="actions">
        {!readOnly && (
          <button className="btn primary" onClick={() => void onSave()} disabled={saving} data-testid="save">
            {saving ? 'Saving…' : 'Save'}
          </button>
        )}
        <button className="btn" onClick={onTest} disabled={test.running.length > 0} data-testid="test-connection">
          {test.running.length > 0 ? 'Testing…' : 'Test connection'}
        </button>
        {stored && (
          <>
            <button className="btn" onClick={() => (setActive(stored.id), go('topics'))} data-testid="open-topics">
              Open topics
            </button>
            <button className="btn" onClick={() => void duplicate(stored.id)} data-testid="duplicate">
              Duplicate
            </button>
            {!readOnly && (
              <button className="btn danger" onClick={() => setConfirmDelete(true)} data-testid="delete">
                Delete
              </button>
            )}
          </>
        )}
      </div>
      <TestReportView report={test.report} running={test.running} error={test.error} />
      {confirmDelete && stored && <DeleteDialog name={stored.name} onCancel={() => setConfirmDelete(false)} onConfirm={() => void remove(stored.id)} />}
    </div>
  );
}
