import type { ReactNode } from 'react';
import type { DebeziumPostgresForm } from '../../../../shared/model/debezium-postgres';

type Errors = Partial<Record<keyof DebeziumPostgresForm, string[]>>;

/** The settings a Debezium PostgreSQL source needs; each field shows the form's and the plugin's errors beside it. */
export function DebeziumForm(props: { form: DebeziumPostgresForm; errors: Errors; onChange(form: DebeziumPostgresForm): void }) {
  const { form, errors, onChange } = props;
  const set = <K extends keyof DebeziumPostgresForm>(key: K, value: DebeziumPostgresForm[K]) => onChange({ ...form, [key]: value });
  const field = (key: keyof DebeziumPostgresForm, label: string, input: ReactNode, hint?: string) => (
    <label className="form-field" data-field={key}>
      <span>{label}</span>
      {input}
      {hint && <span className="muted small">{hint}</span>}
      {errors[key]?.map((e) => <span key={e} className="field-error" data-testid="dbz-field-error">{e}</span>)}
    </label>
  );
  const text = (key: 'name' | 'hostname' | 'database' | 'user' | 'topicPrefix' | 'tables' | 'slotName' | 'publicationName', placeholder = '') => (
    <input value={form[key]} placeholder={placeholder} onChange={(e) => set(key, e.target.value)} data-testid={`dbz-${key}`} />
  );
  const number = (key: 'port' | 'topicPartitions' | 'topicReplicationFactor') => (
    <input type="number" value={form[key]} onChange={(e) => set(key, Number(e.target.value))} data-testid={`dbz-${key}`} />
  );

  return (
    <div className="connector-form" data-testid="debezium-form">
      {field('name', 'Connector name', text('name', 'shop-cdc'))}
      <div className="form-row">
        {field('hostname', 'Database host', text('hostname', '127.0.0.1'), 'as the Connect worker reaches it')}
        {field('port', 'Port', number('port'))}
        {field('database', 'Database', text('database', 'shop'))}
      </div>
      <div className="form-row">
        {field('user', 'User', text('user', 'debezium'), 'needs REPLICATION and SELECT on the tables')}
        {field(
          'password',
          'Password',
          <input type="password" value={form.password} onChange={(e) => set('password', e.target.value)} data-testid="dbz-password" autoComplete="off" />,
          'typed, it is stored in the worker’s config topic; a reference such as ${file:/path/secrets.properties:password} is resolved by the worker',
        )}
      </div>
      <div className="form-row">
        {field('topicPrefix', 'Topic prefix', text('topicPrefix', 'shop'), 'topics are PREFIX.schema.table')}
        {field('tables', 'Tables', text('tables', 'public.customers, public.orders'), 'schema.table, comma-separated; empty: every table in the publication')}
      </div>
      <div className="form-row">
        {field('slotName', 'Replication slot', text('slotName'))}
        {field('publicationName', 'Publication', text('publicationName'))}
        {field(
          'publicationAutocreate',
          'Create the publication',
          <select value={form.publicationAutocreate} onChange={(e) => set('publicationAutocreate', e.target.value as DebeziumPostgresForm['publicationAutocreate'])} data-testid="dbz-publicationAutocreate">
            <option value="disabled">no, it exists</option>
            <option value="filtered">for the tables above</option>
            <option value="all_tables">for all tables</option>
          </select>,
          'creating one needs ownership of the tables',
        )}
      </div>
      <div className="form-row">
        {field(
          'snapshotMode',
          'Snapshot',
          <select value={form.snapshotMode} onChange={(e) => set('snapshotMode', e.target.value as DebeziumPostgresForm['snapshotMode'])} data-testid="dbz-snapshotMode">
            <option value="initial">initial: existing rows, then changes</option>
            <option value="no_data">no data: changes from now on</option>
            <option value="initial_only">initial only: existing rows, then stop</option>
            <option value="when_needed">when needed</option>
            <option value="always">always</option>
          </select>,
        )}
        {field('topicPartitions', 'Partitions of new topics', number('topicPartitions'))}
        {field('topicReplicationFactor', 'Replication factor', number('topicReplicationFactor'), '-1: the broker’s default')}
      </div>
      <label className="check">
        <input type="checkbox" checked={form.jsonSchemas} onChange={(e) => set('jsonSchemas', e.target.checked)} data-testid="dbz-jsonSchemas" /> JSON with embedded schemas (Kafka Connect JSON)
      </label>
      <label className="check">
        <input type="checkbox" checked={form.flatten} onChange={(e) => set('flatten', e.target.checked)} data-testid="dbz-flatten" /> Rows, not change events (ExtractNewRecordState: the row after each change with __op and __source_ts_ms; deletes marked __deleted) — for sinks that only append
      </label>
    </div>
  );
}
