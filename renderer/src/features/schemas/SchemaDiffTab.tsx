import { useEffect, useState } from 'react';
import type { SchemaDiff, SubjectDetail } from '../../../../shared/model/schemas';
import { useAction } from '../../components/use-action';
import { coreClient } from '../../stores/core-store';
import { DiffSummary } from './CompatibilityView';
import { DiffEditor } from './DiffEditor';
import { formatSchema } from './draft-model';

/** Any two versions side by side, with the field-level summary and what each change does to compatibility. */
export function SchemaDiffTab(props: { profileId: string; detail: SubjectDetail }) {
  const { profileId, detail } = props;
  const numbers = detail.versions.map((v) => v.version).sort((a, b) => a - b);
  const [from, setFrom] = useState(numbers.at(-2) ?? numbers[0] ?? 1);
  const [to, setTo] = useState(numbers.at(-1) ?? 1);
  const [result, setResult] = useState<{ diff: SchemaDiff; before: string; after: string } | null>(null);
  const action = useAction();
  const { run } = action;

  useEffect(() => {
    void run(async () => {
      const subject = detail.subject;
      const [diff, before, after] = await Promise.all([
        coreClient().call('schemas.diff', { profileId, before: { subject, version: from }, after: { subject, version: to } }),
        coreClient().call('schemas.version', { profileId, subject, version: from }),
        coreClient().call('schemas.version', { profileId, subject, version: to }),
      ]);
      setResult({ diff, before: formatSchema(before.schemaType, before.schema), after: formatSchema(after.schemaType, after.schema) });
    });
  }, [profileId, detail.subject, from, to]);

  const picker = (value: number, set: (n: number) => void, label: string) => (
    <label className="small">
      {label}{' '}
      <select value={value} onChange={(e) => set(Number(e.target.value))} data-testid={`diff-${label}`}>
        {numbers.map((n) => (
          <option key={n} value={n}>
            version {n}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div data-testid="diff-tab">
      <div className="toolbar slim">
        {picker(from, setFrom, 'from')}
        {picker(to, setTo, 'to')}
        {action.busy && <span className="spinner" />}
        {action.problem && <span className="err small">{action.problem}</span>}
      </div>
      {result && (
        <>
          <DiffSummary diff={result.diff} />
          <DiffEditor schemaType={detail.schemaType} before={result.before} after={result.after} />
        </>
      )}
    </div>
  );
}
