import { useCallback, useEffect, useState } from 'react';
import { COMPATIBILITY_LEVELS, type CompatibilityLevel, type SubjectDetail } from '../../../../shared/model/schemas';
import { useAction } from '../../components/use-action';
import { coreClient } from '../../stores/core-store';
import { useNav } from '../../stores/nav-store';
import { ContractTab } from './ContractTab';
import { DeleteSchemaDialog } from './DeleteSchemaDialog';
import { DraftPanel } from './DraftPanel';
import { formatSchema } from './draft-model';
import { SchemaDiffTab } from './SchemaDiffTab';
import { typeLabel } from './SchemasPage';
import { VersionsTab } from './VersionsTab';

const TABS = ['versions', 'evolve', 'diff', 'contract'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, string> = { versions: 'Versions', evolve: 'Evolve (edit a draft)', diff: 'Diff', contract: 'Data contract' };

/** One subject: its versions and references, a draft to evolve it, diffs, its level and mode, delete. */
export function SubjectPage(props: { profileId: string; subject: string }) {
  const { profileId, subject } = props;
  const openSubject = useNav((s) => s.openSubject);
  const [detail, setDetail] = useState<SubjectDetail | null>(null);
  const [tab, setTab] = useState<Tab>('versions');
  const [showDeleted, setShowDeleted] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [draftSeq, setDraftSeq] = useState(0);
  const load = useAction();
  const level = useAction();

  const { run: runLoad } = load;
  const refresh = useCallback(() => void runLoad(async () => setDetail(await coreClient().call('schemas.subject', { profileId, subject, deleted: showDeleted }))), [profileId, subject, showDeleted]);
  useEffect(refresh, [refresh]);

  const setLevel = (value: CompatibilityLevel | 'global') =>
    void level.run(async () => {
      await coreClient().call('schemas.setLevel', { profileId, subject, level: value === 'global' ? null : value });
      refresh();
    });

  const shown = detail?.subject === subject ? detail : null;
  return (
    <div className="page">
      <div className="page-head">
        <button className="btn small" onClick={() => openSubject(null)} data-testid="back-to-schemas">
          ← Schemas
        </button>
        <h1 className="mono" data-testid="subject-name">
          {subject}
        </h1>
        {shown && (
          <span className="meta">
            {typeLabel(shown.schemaType)} · {shown.versions.length} version(s) · latest {shown.latest.version} (id {shown.latest.id})
          </span>
        )}
        <div style={{ flex: 1 }} />
        {shown && (
          <>
            <label className="small muted">
              level{' '}
              <select value={shown.levelSource === 'global' ? 'global' : shown.level} onChange={(e) => setLevel(e.target.value as CompatibilityLevel | 'global')} disabled={level.busy} data-testid="subject-level">
                <option value="global">global ({shown.levelSource === 'global' ? shown.level : 'default'})</option>
                {COMPATIBILITY_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
            <span className="small muted" title={shown.modeNote} data-testid="subject-mode">
              mode {shown.mode ?? '—'}
            </span>
          </>
        )}
        <button className="btn small danger" onClick={() => setDeleting(true)} disabled={!shown} data-testid="delete-subject">
          Delete…
        </button>
      </div>
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)} data-testid={`subject-tab-${t}`}>
            {TAB_LABELS[t]}
          </button>
        ))}
      </div>
      {(load.problem || level.problem) && <div className="banner error">{load.problem ?? level.problem}</div>}
      {shown?.modeNote && tab === 'versions' && <div className="banner warn small">Mode: {shown.modeNote}</div>}
      <div className="page-body tab-body">
        {!shown && load.busy && (
          <div className="empty">
            <span className="spinner" /> Reading {subject}…
          </div>
        )}
        {shown && tab === 'versions' && <VersionsTab profileId={profileId} detail={shown} showDeleted={showDeleted} onShowDeleted={setShowDeleted} />}
        {shown && tab === 'evolve' && (
          <DraftPanel
            key={`${shown.latest.id}-${draftSeq}`}
            profileId={profileId}
            subject={subject}
            schemaType={shown.schemaType}
            initial={{ text: formatSchema(shown.schemaType, shown.latest.schema), references: shown.latest.references }}
            latest={{ version: shown.latest.version, text: shown.latest.schema }}
            onRegistered={() => (setDraftSeq((n) => n + 1), refresh(), setTab('versions'))}
          />
        )}
        {shown && tab === 'diff' && <SchemaDiffTab profileId={profileId} detail={shown} />}
        {shown && tab === 'contract' && <ContractTab key={shown.latest.id} profileId={profileId} detail={shown} onRegistered={() => (refresh(), setTab('versions'))} />}
      </div>
      {deleting && shown && (
        <DeleteSchemaDialog
          profileId={profileId}
          detail={shown}
          onCancel={() => setDeleting(false)}
          onDeleted={(whole) => (setDeleting(false), whole ? openSubject(null) : refresh())}
        />
      )}
    </div>
  );
}
