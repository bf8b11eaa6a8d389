import { useEffect, useState } from 'react';
import type { PartDecoding, TopicDecoding } from '../../../../shared/model/messages';
import { coreClient } from '../../stores/core-store';
import { useMessages } from '../../stores/messages-store';
import { MessageTypePicker, SubjectPicker } from '../schemas/SubjectPicker';

const FORMATS: { value: PartDecoding['format']; label: string }[] = [
  { value: 'auto', label: 'auto' },
  { value: 'schema-registry', label: 'schema registry (wire format)' },
  { value: 'subject', label: 'schema of a subject (no framing)' },
  { value: 'json', label: 'JSON' },
  { value: 'string', label: 'string (UTF-8)' },
  { value: 'hex', label: 'hex' },
  { value: 'base64', label: 'base64' },
];

function PartChoice(props: { label: string; value: PartDecoding; onChange: (v: PartDecoding) => void; id: 'key' | 'value'; profileId: string; topic: string }) {
  const { value } = props;
  const [subject, setSubject] = useState(value.format === 'subject' ? value.subject : '');
  const [messageType, setMessageType] = useState(value.format === 'subject' ? (value.messageType ?? '') : '');
  const applyWith = (format: PartDecoding['format'], s: string, m: string) =>
    format === 'subject' ? s.trim() && props.onChange({ format, subject: s.trim(), ...(m.trim() ? { messageType: m.trim() } : {}) }) : props.onChange({ format });
  const apply = (format: PartDecoding['format']) => applyWith(format, subject, messageType);
  const [format, setFormat] = useState(value.format);
  return (
    <label>
      {props.label}
      <select value={format} onChange={(e) => (setFormat(e.target.value as PartDecoding['format']), apply(e.target.value as PartDecoding['format']))} data-testid={`decode-${props.id}`}>
        {FORMATS.map((f) => (
          <option key={f.value} value={f.value}>
            {f.label}
          </option>
        ))}
      </select>
      {format === 'subject' && (
        <>
          <SubjectPicker
            profileId={props.profileId}
            topic={props.topic}
            part={props.id}
            value={subject}
            onChange={setSubject}
            onCommit={(s) => s && s !== (value.format === 'subject' ? value.subject : '') && applyWith('subject', s, messageType)}
            width={180}
            testId={`decode-${props.id}-subject`}
          />
          <MessageTypePicker profileId={props.profileId} subject={subject} value={messageType} onChange={(m) => (setMessageType(m), applyWith('subject', subject, m))} testId={`decode-${props.id}-message-type`} />
        </>
      )}
    </label>
  );
}

/** How this topic's keys and values are read; kept per topic in Floe's data folder. */
export function DecodingBar(props: { profileId: string; topic: string }) {
  const { profileId, topic } = props;
  const reload = useMessages((s) => s.reload);
  const [decoding, setDecoding] = useState<TopicDecoding | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    coreClient()
      .call('topics.getDecoding', { profileId, topic })
      .then((d) => live && setDecoding(d), (e: Error) => live && setProblem(e.message));
    return () => {
      live = false;
    };
  }, [profileId, topic]);

  const change = async (patch: Partial<TopicDecoding>) => {
    if (!decoding) return;
    try {
      setDecoding(await coreClient().call('topics.setDecoding', { profileId, topic, decoding: { ...decoding, ...patch } }));
      setProblem(null);
      void reload();
    } catch (e) {
      setProblem((e as Error).message);
    }
  };

  if (!decoding) return problem ? <span className="err small">{problem}</span> : null;
  return (
    <div className="toolbar wrap slim" data-testid="decoding-bar">
      <span className="muted small">Decode</span>
      <PartChoice label="key" id="key" profileId={profileId} topic={topic} value={decoding.key} onChange={(key) => void change({ key })} />
      <PartChoice label="value" id="value" profileId={profileId} topic={topic} value={decoding.value} onChange={(value) => void change({ value })} />
      {problem && <span className="err small">{problem}</span>}
    </div>
  );
}
