import { useMemo, useState } from 'react';
import { dropsContracts, type RuleTestReport } from '../../../../shared/model/contracts';
import type { SchemaDraft, SubjectDetail } from '../../../../shared/model/schemas';
import { useAction } from '../../components/use-action';
import { coreClient } from '../../stores/core-store';
import { contractText, pastedRecords } from './contract-text';
import { RegisterDialog } from './RegisterDialog';
import { RuleReport } from './RuleReport';
import { SchemaEditor } from './SchemaEditor';

/**
 * The subject's data contract as a contract file (schema, metadata, ruleSet): edit it, test its rules over
 * a topic's newest records or pasted JSON with Confluent's own executors, and register it as a new version.
 */
export function ContractTab(props: { profileId: string; detail: SubjectDetail; onRegistered: () => void }) {
  const { profileId, detail } = props;
  const initial = useMemo(() => ({ text: contractText(detail.subject, detail.latest), seq: 0 }), [detail.subject, detail.latest]);
  const [text, setText] = useState(initial.text);
  const [from, setFrom] = useState<'topic' | 'json'>('topic');
  const [topic, setTopic] = useState(detail.topics[0]?.topic ?? detail.subject.replace(/-(key|value)$/, ''));
  const part = detail.topics.find((t) => t.topic === topic)?.part ?? (detail.subject.endsWith('-key') ? 'key' : 'value');
  const [last, setLast] = useState(100);
  /** A consumer on an older version: DOWNGRADE migrations run for it (0: the tested version itself). */
  const [readerVersion, setReaderVersion] = useState(0);
  const olderVersions = detail.versions.map((v) => v.version).filter((v) => v < detail.latest.version);
  const [pasted, setPasted] = useState('');
  const [report, setReport] = useState<RuleTestReport | null>(null);
  const [registering, setRegistering] = useState<SchemaDraft | null>(null);
  const action = useAction();
  const noStoredRules = !detail.latest.ruleSet && dropsContracts(detail.registry);

  const parsed = async () => coreClient().call('schemas.parseContract', { text, name: 'contract.yaml' });
  const test = () =>
    void action.run(async () => {
      setReport(null);
      const contract = await parsed();
      const records = from === 'topic' ? { kind: 'topic' as const, topic: topic.trim(), last, part } : { kind: 'json' as const, values: pastedRecords(pasted) };
      const reader = from === 'topic' && readerVersion ? { readerVersion } : {};
      setReport(await coreClient().call('schemas.testRules', { profileId, source: { draft: contract.draft }, subject: contract.subject ?? detail.subject, records, ...reader }));
    });
  const openFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (file) setText(await file.text());
  };
  const register = () => void action.run(async () => setRegistering((await parsed()).draft));

  return (
    <div className="draft-panel" data-testid="contract-tab">
      <div className="toolbar slim">
        <select value={from} onChange={(e) => setFrom(e.target.value as 'topic' | 'json')} style={{ width: 170 }} aria-label="Records to test" data-testid="rules-from">
          <option value="topic">newest records of</option>
          <option value="json">pasted JSON records</option>
        </select>
        {from === 'topic' && (
          <>
            <input type="text" placeholder="topic" value={topic} onChange={(e) => setTopic(e.target.value)} style={{ width: 200 }} list="contract-topics" data-testid="rules-topic" />
            <datalist id="contract-topics">
              {detail.topics.map((t) => (
                <option key={t.topic} value={t.topic} />
              ))}
            </datalist>
            <label className="small muted">
              last{' '}
              <input type="number" min={1} max={10000} value={last} onChange={(e) => setLast(Math.max(1, Math.min(10_000, Number(e.target.value) || 1)))} style={{ width: 80 }} data-testid="rules-last" />
            </label>
            <span className="small muted">({part})</span>
            {olderVersions.length > 0 && (
              <label className="small muted" title="DOWNGRADE migrations run for a consumer that reads with an older version, on records written with the tested version or a newer one">
                read as{' '}
                <select value={readerVersion} onChange={(e) => setReaderVersion(Number(e.target.value))} data-testid="rules-reader-version">
                  <option value={0}>the tested version</option>
                  {olderVersions.map((v) => (
                    <option key={v} value={v}>
                      version {v} (DOWNGRADE rules run)
                    </option>
                  ))}
                </select>
              </label>
            )}
          </>
        )}
        <button className="btn small primary" onClick={test} disabled={action.busy || (from === 'topic' && !topic.trim())} data-testid="rules-test">
          {action.busy ? <span className="spinner" /> : 'Test rules'}
        </button>
        <div style={{ flex: 1 }} />
        <label className="btn small" title="A contract file from your repository (JSON or YAML, the shape floe contract test reads)">
          Open contract file…
          <input type="file" accept=".yaml,.yml,.json" hidden onChange={(e) => void openFile(e.target)} data-testid="contract-file" />
        </label>
        <button className="btn small" onClick={() => setText(`${initial.text}`)} disabled={action.busy} data-testid="contract-reset">
          Reset to version {detail.latest.version}
        </button>
        <button className="btn small" onClick={register} disabled={action.busy} data-testid="contract-register">
          Register…
        </button>
      </div>
      {noStoredRules && (
        <div className="banner warn small" data-testid="contract-not-stored">
          {detail.registry.product} does not keep metadata or ruleSets: version {detail.latest.version} has none stored. Keep the contract in a file (this text) and test it here or with floe contract test.
        </div>
      )}
      <div className="draft-body">
        <SchemaEditor schemaType={detail.schemaType} language="yaml" load={{ text, seq: initial.seq }} onChange={setText} testId="contract-editor" />
        <div className="draft-side">
          {from === 'json' && (
            <label className="small muted">
              Records (a JSON array, or one JSON value per line)
              <textarea className="mono small" rows={6} value={pasted} onChange={(e) => setPasted(e.target.value)} data-testid="rules-pasted" />
            </label>
          )}
          {action.problem && (
            <div className="err small" data-testid="rules-problem">
              {action.problem}
            </div>
          )}
          {!report && !action.problem && <div className="muted small">Each rule runs alone over each record, with Confluent’s own CEL, CEL_FIELD and JSONata executors; a rule’s failure action (DLQ, ERROR) is reported, not carried out.</div>}
        </div>
      </div>
      {report && <RuleReport report={report} />}
      {registering && (
        <RegisterDialog
          profileId={profileId}
          subject={detail.subject}
          draft={registering}
          onCancel={() => setRegistering(null)}
          onRegistered={() => (setRegistering(null), props.onRegistered())}
        />
      )}
    </div>
  );
}
