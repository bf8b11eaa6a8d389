import type { ConfigValidation } from '../../../../shared/model/connect';

/** Parses the editor's text: a JSON object of string values (numbers and booleans taken as their text). */
export function parseConfig(text: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`The config is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('The config must be a JSON object of "key": "value" pairs');
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (typeof v === 'string') return [k, v];
      if (typeof v === 'number' || typeof v === 'boolean') return [k, String(v)];
      throw new Error(`${k}: a config value must be a string, number or boolean`);
    }),
  );
}

/** The plugin's verdict on a config: "no error", or each field it finds wrong (less those `shownElsewhere`) and its notes. */
export function ValidationVerdict(props: { validation: ConfigValidation; shownElsewhere?: (field: string) => boolean }) {
  const { validation, shownElsewhere = () => false } = props;
  const withErrors = validation.fields.filter((f) => f.errors.length > 0 && !shownElsewhere(f.name));
  return (
    <div data-testid="config-validation">
      {validation.errorCount === 0 ? (
        <div className="problem">The plugin ({validation.plugin}) finds no error.</div>
      ) : (
        <ul className="field-errors">
          {withErrors.map((f) => (
            <li key={f.name} data-testid="config-field-error"><span className="mono">{f.name}</span>: {f.errors.join('; ')}</li>
          ))}
        </ul>
      )}
      {validation.notes.map((n) => <div key={n} className="problem">{n}</div>)}
    </div>
  );
}
