import { useState } from 'react';
import type { RecordDetail } from '../../../../shared/model/messages';
import type { DecodedPart } from '../../../../shared/model/record';
import { coreClient } from '../../stores/core-store';
import { useTimeFormat } from '../../stores/time-zone-store';
import { formatCount } from '../../components/number-format';
import { hexDump, prettyPart } from './message-format';
import { HeadersTable } from './HeadersTable';

const TABS = ['value', 'key', 'headers', 'hex', 'wire'] as const;
type Tab = (typeof TABS)[number];

function PartView(props: { part: DecodedPart; testId: string }) {
  const { part } = props;
  return (
    <>
      <div className="muted small">
        {part.kind}
        {part.wire ? ` · schema ${part.wire.schemaId}` : ''} · {formatCount(part.size)} bytes
      </div>
      {part.error && (
        <div className="banner error small" data-testid={`${props.testId}-error`}>
          Not decoded: {part.error}. Showing the raw bytes as hex.
        </div>
      )}
      {part.fallback && (
        <div className="banner warn small" data-testid={`${props.testId}-fallback`}>
          Shown as {part.kind === 'hex' ? 'hex' : 'text'}: {part.fallback}.
        </div>
      )}
      {part.warnings?.map((w) => (
        <div className="banner warn small" key={w}>
          {w}
        </div>
      ))}
      <pre className="code" data-testid={props.testId}>
        {prettyPart(part)}
      </pre>
    </>
  );
}

function Wire(props: { detail: RecordDetail }) {
  const rows: [string, string][] = [];
  for (const [name, part] of [['key', props.detail.key] as const, ['value', props.detail.value] as const]) {
    if (!part.wire) {
      rows.push([name, part.error ? `not decoded: ${part.error}` : `no schema-registry framing (${part.kind})`]);
      continue;
    }
    const w = part.wire;
    rows.push([`${name} magic byte`, String(w.magic)], [`${name} schema id`, String(w.schemaId)]);
    if (w.schemaType) rows.push([`${name} schema type`, w.schemaType]);
    if (w.messageIndexes) rows.push([`${name} message indexes`, `[${w.messageIndexes.join(', ')}]`]);
    if (w.messageType) rows.push([`${name} message type`, w.messageType]);
  }
  return (
    <table className="grid" data-testid="wire-facts">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <td className="muted">{k}</td>
            <td className="mono">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The selected record in full: decoded value and key, headers, raw hex and wire facts; copy and re-produce. */
export function RecordDetailPane(props: { profileId: string; topic: string; detail: RecordDetail | null; error: string | null; onReproduce: (d: RecordDetail) => void }) {
  const { detail } = props;
  const time = useTimeFormat();
  const [tab, setTab] = useState<Tab>('value');
  const [copied, setCopied] = useState<string | null>(null);
  if (props.error) return <div className="detail"><div className="banner error">{props.error}</div></div>;
  if (!detail) return <div className="detail"><div className="empty">Select a record to see it in full.</div></div>;

  const copy = async (as: 'json' | 'kcat') => {
    try {
      const { text } = await coreClient().call('messages.copy', { profileId: props.profileId, topic: props.topic, partition: detail.partition, offset: detail.offset, as });
      await navigator.clipboard.writeText(text).catch(() => undefined);
      setCopied(text);
    } catch (e) {
      setCopied(`Copy failed: ${(e as Error).message}`);
    }
  };

  return (
    <div className="detail" data-testid="record-detail">
      <div className="row wrap">
        <b className="mono">
          {detail.partition}:{detail.offset}
        </b>
        <span className="muted mono" data-testid="detail-time">
          {time.formatWithZone(detail.timestamp)} ({detail.timestampType})
        </span>
        <div style={{ flex: 1 }} />
        <button className="btn small" onClick={() => void copy('json')} data-testid="copy-json">
          Copy JSON
        </button>
        <button className="btn small" onClick={() => void copy('kcat')} data-testid="copy-kcat">
          Copy kcat
        </button>
        <button className="btn small" onClick={() => props.onReproduce(detail)} data-testid="reproduce">
          Re-produce…
        </button>
      </div>
      {copied && (
        <pre className="code small" data-testid="copied">
          {copied}
        </pre>
      )}
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)} data-testid={`detail-tab-${t}`}>
            {t === 'headers' ? `headers (${detail.headers.length})` : t}
          </button>
        ))}
      </div>
      <div className="detail-body">
        {tab === 'value' && <PartView part={detail.value} testId="detail-value" />}
        {tab === 'key' && <PartView part={detail.key} testId="detail-key" />}
        {tab === 'headers' && <HeadersTable headers={detail.headers} />}
        {tab === 'hex' && (
          <pre className="code" data-testid="detail-hex">
            {`key (${detail.rawKeyHex === null ? 'null' : `${detail.rawKeyHex.length / 2} bytes`})\n${hexDump(detail.rawKeyHex ?? '')}\n\nvalue (${detail.rawValueHex === null ? 'null' : `${detail.rawValueHex.length / 2} bytes`})\n${hexDump(detail.rawValueHex ?? '')}`}
          </pre>
        )}
        {tab === 'wire' && <Wire detail={detail} />}
      </div>
    </div>
  );
}
