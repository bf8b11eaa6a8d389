// The AWS SDK warns on every start under Node 20 that future releases will need Node 22. Floe pins
// its SDK version and states its Node requirement in package.json; the warning would only bury
// the CLI's own output, so this one warning type is dropped. Everything else passes through.
const emit = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
  const name = warning instanceof Error ? warning.name : type;
  if (name === 'NodeVersionSupportWarning' || String(warning).includes('NodeVersionSupportWarning')) return;
  (emit as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
