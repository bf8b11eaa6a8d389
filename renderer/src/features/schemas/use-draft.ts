import { useEffect, useMemo, useState } from 'react';
import type { SchemaDraft, SchemaType, ValidationResult } from '../../../../shared/model/schemas';
import { coreClient } from '../../stores/core-store';
import { parseReferences, referencesText } from './draft-model';
import type { SchemaReference } from '../../../../shared/model/schemas';

const DEBOUNCE_MS = 300;

/**
 * A draft being edited: its text, references, and the core's validation as the user types (debounced;
 * an answer that arrives after a newer keystroke is dropped).
 */
export function useDraft(profileId: string, schemaType: SchemaType, initial: { text: string; references: SchemaReference[] }) {
  const [text, setText] = useState(initial.text);
  const [refsText, setRefsText] = useState(referencesText(initial.references));
  const [load, setLoad] = useState({ text: initial.text, seq: 0 });
  const [validation, setValidation] = useState<ValidationResult | null>(null);
  const [validating, setValidating] = useState(false);
  const refs = useMemo(() => parseReferences(refsText), [refsText]);
  const draft: SchemaDraft = useMemo(() => ({ schemaType, schema: text, references: refs.refs }), [schemaType, text, refs]);

  useEffect(() => {
    if (!text.trim()) {
      setValidation({ valid: false, markers: [{ line: 1, column: 1, severity: 'error', message: 'the schema is empty' }], names: [] });
      return;
    }
    let live = true;
    setValidating(true);
    const timer = setTimeout(() => {
      coreClient()
        .call('schemas.validate', { profileId, draft })
        .then(
          (v) => live && setValidation(v),
          (e: Error) => live && setValidation({ valid: false, markers: [{ line: 1, column: 1, severity: 'error', message: e.message }], names: [] }),
        )
        .finally(() => live && setValidating(false));
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [profileId, draft, text]);

  const replace = (next: string) => {
    setText(next);
    setLoad((l) => ({ text: next, seq: l.seq + 1 }));
  };
  const valid = !!validation && validation.markers.every((m) => m.severity !== 'error') && !refs.problem && !validating;
  return { text, setText, load, replace, refsText, setRefsText, refsProblem: refs.problem, draft, validation, validating, valid };
}
