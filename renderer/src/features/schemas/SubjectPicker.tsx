import { useEffect, useId, useMemo, useState } from 'react';
import { coreClient } from '../../stores/core-store';
import { useSchemas } from '../../stores/schemas-store';

/**
 * A subject box that offers the registry's subjects (the topic's TopicNameStrategy subject first) and
 * still takes any name typed. `onCommit` fires on a pick, Enter or leaving the box.
 */
export function SubjectPicker(props: {
  profileId: string;
  value: string;
  onChange: (subject: string) => void;
  onCommit?: (subject: string) => void;
  topic?: string;
  part?: 'key' | 'value';
  testId?: string;
  width?: number;
}) {
  const { profileId } = props;
  const names = useSchemas((s) => s.names[profileId]);
  const loadNames = useSchemas((s) => s.loadNames);
  const [problem, setProblem] = useState<string | null>(null);
  const listId = useId();

  useEffect(() => {
    if (!names) loadNames(profileId).catch((e: Error) => setProblem(e.message));
  }, [profileId, names, loadNames]);

  const options = useMemo(() => {
    const preferred = props.topic ? [`${props.topic}-${props.part ?? 'value'}`, `${props.topic}-${props.part === 'key' ? 'value' : 'key'}`] : [];
    const all = names ?? [];
    return [...preferred.filter((p) => all.includes(p)), ...all.filter((n) => !preferred.includes(n))];
  }, [names, props.topic, props.part]);

  const commit = (v: string) => props.onCommit?.(v.trim());
  return (
    <>
      <input
        type="text"
        list={listId}
        placeholder={options[0] ? `subject, e.g. ${options[0]}` : 'subject, e.g. orders-value'}
        value={props.value}
        onChange={(e) => {
          props.onChange(e.target.value);
          if (options.includes(e.target.value)) commit(e.target.value); // picked from the list
        }}
        onBlur={(e) => commit(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && commit((e.target as HTMLInputElement).value)}
        style={{ width: props.width ?? 200 }}
        title={problem ? `Subjects could not be listed: ${problem}` : undefined}
        data-testid={props.testId}
      />
      <datalist id={listId}>
        {options.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
    </>
  );
}

/** For a Protobuf subject, the message types its latest version defines (the first one is used when none is chosen). */
export function MessageTypePicker(props: { profileId: string; subject: string; value: string; onChange: (messageType: string) => void; testId?: string }) {
  const { profileId, subject } = props;
  const [types, setTypes] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    setTypes([]);
    if (!subject.trim()) return;
    (async () => {
      const v = await coreClient().call('schemas.version', { profileId, subject: subject.trim(), version: 'latest' });
      if (v.schemaType !== 'PROTOBUF') return;
      const checked = await coreClient().call('schemas.validate', { profileId, draft: { schemaType: 'PROTOBUF', schema: v.schema, references: v.references } });
      if (live) setTypes(checked.names);
    })().catch(() => undefined); // not a Protobuf subject (or not there yet): nothing to choose
    return () => {
      live = false;
    };
  }, [profileId, subject]);
  if (types.length < 2) return null;
  return (
    <select value={props.value} onChange={(e) => props.onChange(e.target.value)} aria-label="Protobuf message type" data-testid={props.testId}>
      <option value="">{types[0]} (first)</option>
      {types.slice(1).map((t) => (
        <option key={t} value={t}>
          {t}
        </option>
      ))}
    </select>
  );
}
