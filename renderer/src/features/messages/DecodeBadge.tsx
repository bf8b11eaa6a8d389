import { decodeProblem, type DecodedPart } from '../../../../shared/model/record';

/** Marks a key or value that could not be decoded, or that `auto` read as a plainer format; the reason on hover. */
export function DecodeBadge(props: { part: DecodedPart; which: 'key' | 'value' }) {
  const problem = decodeProblem(props.part);
  if (!problem) return null;
  const shownAs = props.part.kind === 'string' ? 'text' : props.part.kind;
  const title = problem.kind === 'error' ? `${props.which} not decoded: ${problem.reason}. Shown as hex.` : `${props.which}: auto fell back (${problem.reason}); shown as ${shownAs}.`;
  return (
    <span className={`badge decode ${problem.kind === 'error' ? 'error' : 'fallback'}`} title={title} data-testid={`decode-badge-${props.which}`} data-reason={problem.reason}>
      {problem.kind === 'error' ? 'undecodable' : `as ${shownAs}`}
    </span>
  );
}
