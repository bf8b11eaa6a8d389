import { useState } from 'react';
import type { ProduceResult } from '../../../../shared/model/produce';
import { coreClient } from '../../stores/core-store';
import { useAction } from '../../components/use-action';
import { requestFromForm, type Encoding, type PartForm, type ProduceForm } from './produce-form';
import { Dialog, DialogActions } from '../../components/Dialog';
import { HeadersEditor } from './HeadersEditor';
import { MessageTypePicker, SubjectPicker } from '../schemas/SubjectPicker';

const ENCODINGS: Encoding[] = ['null', 'string', 'json', 'hex', 'base64', 'schema'];

function PartEditor(props: { label: string; part: PartForm; onChange: (p: PartForm) => void; id: 'key' | 'value'; profileId: string; topic: string }) {
  const { part, onChange } = props;
  return (
    <fieldset>
      <legend>{props.label}</legend>
      <div className="row">
        <select value={part.encoding} onChange={(e) => onChange({ ...part, encoding: e.target.value as Encoding })} style={{ width: 150 }} data-testid={`${props.id}-encoding`}>
          {ENCODINGS.map((e) => (
            <option key={e} value={e}>
              {e === 'schema' ? 'schema (subject)' : e}
            </option>
          ))}
        </select>
        {part.encoding === 'schema' && (
          <>
            <SubjectPicker profileId={props.profileId} topic={props.topic} part={props.id} value={part.subject} onChange={(subject) => onChange({ ...part, subject })} testId={`${props.id}-subject`} />
            <MessageTypePicker profileId={props.profileId} subject={part.subject} value={part.messageType} onChange={(messageType) => onChange({ ...part, messageType })} testId={`${props.id}-message-type`} />
            <input type="text" placeholder="version (latest)" value={part.version} onChange={(e) => onChange({ ...part, version: e.target.value })} style={{ width: 120 }} />
          </>
        )}
      </div>
      {part.encoding !== 'null' && (
        <textarea value={part.text} onChange={(e) => onChange({ ...part, text: e.target.value })} rows={props.id === 'value' ? 8 : 2} spellCheck={false} data-testid={`${props.id}-text`} placeholder={part.encoding === 'schema' ? 'the record as JSON; validated against the schema before sending' : ''} />
      )}
    </fieldset>
  );
}

/** Produce one record (or N copies): key, value, headers, partition; schema-aware values are validated first. */
export function ProduceDialog(props: { profileId: string; initial: ProduceForm; title: string; onClose: (result?: ProduceResult) => void }) {
  const [form, setForm] = useState(props.initial);
  const { busy, problem, run } = useAction();
  const set = (patch: Partial<ProduceForm>) => setForm((f) => ({ ...f, ...patch }));

  const send = async () => {
    const result = await run(() => coreClient().call('messages.produce', requestFromForm(props.profileId, form)));
    if (result) props.onClose(result);
  };

  return (
    <Dialog title={props.title} className="wide editor" testId="produce-dialog" onClose={() => props.onClose()}>
      <div className="row">
        <label className="muted">Topic</label>
        <input type="text" value={form.topic} onChange={(e) => set({ topic: e.target.value })} data-testid="produce-topic" />
        <label className="muted">Partition</label>
        <input type="text" placeholder="partitioner" value={form.partition} onChange={(e) => set({ partition: e.target.value })} style={{ width: 110 }} data-testid="produce-partition" />
        <label className="muted">Copies</label>
        <input type="text" value={form.copies} onChange={(e) => set({ copies: e.target.value })} style={{ width: 80 }} data-testid="produce-copies" />
      </div>
      <PartEditor label="Key" id="key" profileId={props.profileId} topic={form.topic} part={form.key} onChange={(key) => set({ key })} />
      <PartEditor label="Value" id="value" profileId={props.profileId} topic={form.topic} part={form.value} onChange={(value) => set({ value })} />
      <fieldset>
        <legend>Headers</legend>
        <HeadersEditor headers={form.headers} onChange={(headers) => set({ headers })} />
      </fieldset>
      {problem && (
        <div className="banner error" data-testid="produce-error">
          {problem}
        </div>
      )}
      <DialogActions>
        <button className="btn" onClick={() => props.onClose()}>
          Cancel
        </button>
        <button className="btn primary" onClick={() => void send()} disabled={busy} data-testid="produce-send">
          {busy ? 'Sending…' : 'Produce'}
        </button>
      </DialogActions>
    </Dialog>
  );
}
