import { useEffect, useState } from 'react';
import { ObjectStoreSelect } from '../../components/ObjectStoreSelect';
import { TimeInput } from '../../components/TimeInput';
import { useAction } from '../../components/use-action';
import { coreClient } from '../../stores/core-store';
import { useConnections } from '../../stores/connections-store';
import { useLake } from '../../stores/lake-store';
import { useNav } from '../../stores/nav-store';
import { usePipelines } from '../../stores/pipelines-store';
import { useTimeFormat } from '../../stores/time-zone-store';
import type { TopicSummary } from '../../../../shared/model/topic';
import { Field } from '../connections/Field';
import { emptyLandForm, problemsOfCoreError, specFromForm, type LandForm, type Problems } from './land-form-model';

/** "New landing": a topic, a target table in a SQL catalog, how to land it; checked by the core's own schema, then created (and started). */
export function NewLandingPage(props: { onClose: (createdId?: string) => void }) {
  const activeProfile = useNav((s) => s.activeProfileId);
  const profiles = useConnections((s) => s.profiles);
  const savedCatalogs = useLake((s) => s.catalogs).filter((c) => c.spec.kind === 'sqlite');
  const create = usePipelines((s) => s.create);
  const time = useTimeFormat();
  const [form, setForm] = useState<LandForm>(() => emptyLandForm(activeProfile ?? profiles[0]?.id ?? ''));
  const [nameTouched, setNameTouched] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [coreProblems, setCoreProblems] = useState<Problems>({});
  const [topics, setTopics] = useState<TopicSummary[] | null>(null);
  const [topicsError, setTopicsError] = useState<string | null>(null);
  const action = useAction();

  useEffect(() => {
    if (!form.profileId) return;
    let live = true;
    setTopics(null);
    setTopicsError(null);
    coreClient()
      .call('topics.list', { profileId: form.profileId, includeInternal: false })
      .then((list) => live && setTopics(list.topics))
      .catch((e: unknown) => live && setTopicsError((e as Error).message));
    return () => {
      live = false;
    };
  }, [form.profileId]);

  const set = <K extends keyof LandForm>(key: K, value: LandForm[K]) => {
    setForm((f) => ({ ...f, [key]: value, ...(key === 'topic' && !nameTouched ? { name: String(value) } : {}) }));
    setCoreProblems({});
  };
  const checked = specFromForm(form, time.parse);
  const problems: Problems = submitted ? { ...checked.problems, ...coreProblems } : coreProblems;
  const chosenTopic = topics?.find((t) => t.name === form.topic);

  const submit = async (start: boolean) => {
    setSubmitted(true);
    if (!checked.spec) return;
    const spec = checked.spec;
    const view = await action.run(async () => {
      try {
        return await create(spec, start);
      } catch (e) {
        setCoreProblems(problemsOfCoreError(e));
        throw e;
      }
    });
    if (view) props.onClose(view.id);
  };

  const input = (key: 'name' | 'catalogPath' | 'warehouse' | 'table' | 'keyFields' | 'commitSeconds' | 'commitMiB' | 'deadLetterTopic', placeholder: string, mono = true) => (
    <input
      id={`land-${key}`}
      type="text"
      className={mono ? 'mono' : undefined}
      value={form[key]}
      placeholder={placeholder}
      onChange={(e) => (key === 'name' && setNameTouched(true), set(key, e.target.value))}
      aria-invalid={Boolean(problems[key])}
      data-testid={`land-${key}`}
    />
  );

  return (
    <div className="page">
      <div className="page-head">
        <button className="btn small" onClick={() => props.onClose()} data-testid="back-to-pipelines">
          ← Pipelines
        </button>
        <h1>New landing</h1>
        <span className="meta">keeps a topic as an Iceberg table in a SQL catalog, exactly once</span>
      </div>
      <div className="page-body tab-body">
        <div className="land-form" data-testid="land-form">
          <h3>Source</h3>
          <Field label="Cluster" htmlFor="land-profileId" problem={problems.profileId}>
            <select id="land-profileId" value={form.profileId} onChange={(e) => set('profileId', e.target.value)} data-testid="land-profileId">
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Topic"
            htmlFor="land-topic"
            problem={problems.topic ?? topicsError ?? undefined}
            hint={chosenTopic ? `${chosenTopic.partitions} partition(s) · ${chosenTopic.messages.toLocaleString('en-US')} messages` : topics ? `${topics.length} topics: type to search` : 'listing topics…'}
          >
            <input id="land-topic" type="text" className="mono" list="land-topics" value={form.topic} onChange={(e) => set('topic', e.target.value)} placeholder="orders" aria-invalid={Boolean(problems.topic)} data-testid="land-topic" />
            <datalist id="land-topics">
              {topics?.map((t) => <option key={t.name} value={t.name} />)}
            </datalist>
          </Field>

          <h3>Target table</h3>
          {savedCatalogs.length > 0 && (
            <Field label="From the Tables room" htmlFor="land-saved-catalog" hint="fills in the SQLite file and warehouse of a catalog you added there">
              <select
                id="land-saved-catalog"
                value=""
                onChange={(e) => {
                  const c = savedCatalogs.find((x) => x.id === e.target.value);
                  const spec = c?.spec;
                  if (spec?.kind === 'sqlite') setForm((f) => ({ ...f, catalogPath: spec.path, warehouse: spec.warehouse ?? '', storeProfile: spec.objectStore?.profileId ?? '' }));
                }}
                data-testid="land-saved-catalog"
              >
                <option value="">choose a catalog…</option>
                {savedCatalogs.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field label="SQL catalog (SQLite file)" htmlFor="land-catalogPath" problem={problems.catalogPath} hint="pyiceberg SqlCatalog / Iceberg JDBC layout, so other engines open what lands">
            {input('catalogPath', '/path/to/catalog.db')}
            <label className="inline small">
              <input type="checkbox" checked={form.createCatalog} onChange={(e) => set('createCatalog', e.target.checked)} data-testid="land-createCatalog" /> create the file if it does not exist
            </label>
          </Field>
          <Field label="Warehouse" htmlFor="land-warehouse" problem={problems.warehouse} hint="folder or s3:// URL where new tables are written">
            {input('warehouse', '/path/to/warehouse')}
          </Field>
          <Field label="Object store" htmlFor="land-storeProfile" problem={problems.storeProfile}>
            <ObjectStoreSelect id="land-storeProfile" value={form.storeProfile} onChange={(v) => set('storeProfile', v)} testId="land-storeProfile" />
          </Field>
          <Field label="Table" htmlFor="land-table" problem={problems.table} hint="namespace.table: created, or an existing compatible table">
            {input('table', 'db.events')}
          </Field>

          <h3>How</h3>
          <Field label="Mode" htmlFor="land-mode" problem={problems.mode}>
            <select id="land-mode" value={form.mode} onChange={(e) => set('mode', e.target.value as LandForm['mode'])} data-testid="land-mode">
              <option value="">from the topic (cleanup.policy=compact → upsert, a Debezium envelope → CDC, else append)</option>
              <option value="append">append: every record becomes a row</option>
              <option value="upsert">upsert: the latest value per key; a tombstone deletes the row</option>
              <option value="cdc">CDC: Debezium envelopes unwrapped (insert, update, delete)</option>
            </select>
          </Field>
          {form.mode !== 'append' && (
            <Field label="Key columns" htmlFor="land-keyFields" problem={problems.keyFields} hint="comma-separated; empty: the Kafka key’s fields, else the schema’s identifier fields">
              {input('keyFields', 'id')}
            </Field>
          )}
          <Field label="Start at" htmlFor="land-startKind" problem={problems.startTime} hint="the first run only; later runs resume from the offsets committed in the table">
            <div className="row">
              <select id="land-startKind" value={form.startKind} onChange={(e) => set('startKind', e.target.value as LandForm['startKind'])} style={{ width: 160 }} data-testid="land-startKind">
                <option value="earliest">earliest</option>
                <option value="latest">latest</option>
                <option value="time">a time</option>
              </select>
              {form.startKind === 'time' && <TimeInput value={form.startTime} onChange={(t) => set('startTime', t)} testId="land-startTime" />}
            </div>
          </Field>
          <Field label="Commit every" htmlFor="land-commitSeconds" problem={problems.commitSeconds ?? problems.commitMiB} hint="seconds, and optionally MiB staged (whichever comes first); a backlog commits as soon as it is read">
            <div className="row">
              <span className="with-unit">{input('commitSeconds', '10')} s</span>
              <span className="with-unit">or {input('commitMiB', 'no size limit')} MiB</span>
            </div>
          </Field>
          <Field label="Bad records" htmlFor="land-badRecords" problem={problems.badRecords ?? problems.deadLetterTopic}>
            <div className="row">
              <select id="land-badRecords" value={form.badRecords} onChange={(e) => set('badRecords', e.target.value as LandForm['badRecords'])} style={{ width: 280 }} data-testid="land-badRecords">
                <option value="suspend">suspend: pause the job, naming the record</option>
                <option value="skip">skip: count it and go on</option>
                <option value="dead-letter">dead-letter: send it to a DLQ topic</option>
              </select>
              {form.badRecords === 'dead-letter' && input('deadLetterTopic', `${form.topic || '<topic>'}.floe-dlq`)}
            </div>
          </Field>
          <Field label="Metadata columns" htmlFor="land-metadataColumns" hint="topic, partition, offset, timestamp, timestamp type, headers, leader epoch">
            <select id="land-metadataColumns" value={form.metadataColumns} onChange={(e) => set('metadataColumns', e.target.value as LandForm['metadataColumns'])} data-testid="land-metadataColumns">
              <option value="none">none</option>
              <option value="floe">portable names (floe_topic, floe_offset, …)</option>
              <option value="tableflow">Tableflow’s names ($$topic, $$offset, …)</option>
            </select>
          </Field>
          <Field label="Partition spec" htmlFor="land-partitionBy" problem={problems.partitionBy} hint="one per line: day(event_time), bucket(16, id), truncate(4, name), or a column; empty: unpartitioned">
            <textarea id="land-partitionBy" value={form.partitionBy} onChange={(e) => set('partitionBy', e.target.value)} rows={2} placeholder="day(event_time)" data-testid="land-partitionBy" />
          </Field>
          <Field label="Job name" htmlFor="land-name" problem={problems.name} hint="names the job in this list and in floe land …">
            {input('name', 'orders-to-lake', false)}
          </Field>

          {problems.form && <div className="banner error" data-testid="land-form-error">{problems.form}</div>}
          {submitted && !checked.spec && !problems.form && <div className="problem err" data-testid="land-form-invalid">Fix the fields marked above.</div>}
          <div className="actions land-actions">
            <button className="btn" onClick={() => props.onClose()}>
              Cancel
            </button>
            <button className="btn" onClick={() => void submit(false)} disabled={action.busy} data-testid="land-create">
              Create
            </button>
            <button className="btn primary" onClick={() => void submit(true)} disabled={action.busy} data-testid="land-create-start">
              {action.busy ? <span className="spinner" /> : 'Create and start'}
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
