import { useEffect, useState } from 'react';
import type { PartDecoding, TopicDecoding } from '../../../../shared/model/messages';
import { coreClient } from '../../stores/core-store';
import { useMessages } from '../../stores/messages-store';

const FORMATS: { value: PartDecoding['format']; label: string }[] = [
  { value: 'auto', label: 'auto' },
  { value: 'schema-registry', label: 'schema registry (wire format)' },
  { value: 'subject', label: 'schema of a subject (no framing)' },
  { value: 'json', label: 'JSON' },
  { value: 'string', label: 'string (UTF-8)' },
  { value: 'hex', label: 'hex' },
  { value: 'base64', label: 'base64' },
];

function PartChoice(props: { label: string; value: PartDecoding; onChange: (v: PartDecoding) => void; id: string }) {
  const { value } = props;
  const [subject, setSubject] = useState(value.format === 'subject' ? value.subject : '');
  const [messageType, setMessageType] = useState(value.format === 'subject' ? (value.messageType ?? '') : '');
  const apply = (format: PartDecoding['format']) => (format === 'subject' ? subject.trim() && props.onChange({ format, subject: subject.trim(), ...(messageType.trim() ? { messageType: messageType.trim() } : {}) }) : props.onChange({ format }));
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
          <input type="text" placeholder="subject" value={subject} onChange={(e) => setSubject(e.target.value)} onBlur={() => apply('subject')} style={{ width: 160 }} data-testid={`decode-${props.id}-subject`} />
          <input type="text" placeholder="Protobuf message (first)" value={messageType} onChange={(e) => setMessageType(e.target.value)} onBlur={() => apply('subject')} style={{ width: 170 }} />
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
      <PartChoice label="key" id="key" value={decoding.key} onChange={(key) => void change({ key })} />
      <PartChoice label="value" id="value" value={decoding.value} onChange={(value) => void change({ value })} />
      {problem && <span className="err small">{problem}</span>}
    </div>
  );
}
