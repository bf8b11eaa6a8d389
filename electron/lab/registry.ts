// No Confluent-compatible schema registry can be installed from the package registries this
// project can reach (checked 2026-11): axonops-schema-registry and franz-schema-registry are
// refused by the Go module proxy (403), Apicurio's runtime dependencies are not on Maven Central,
// Karapace is not on PyPI, Confluent's is not open source. The lab leaves the registry out
// rather than fake one; `LabInfo.registry` stays undefined and this note says why.
export const REGISTRY_UNAVAILABLE =
  'Schema registry: not available (no Confluent-compatible registry can be installed from the reachable package registries)';
