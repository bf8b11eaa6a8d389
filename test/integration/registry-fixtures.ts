/** Registers a schema under a subject on the lab's registry (its Confluent API; idempotent); returns its id. */
export async function registerSchema(registryUrl: string, subject: string, schema: string, schemaType: 'AVRO' | 'PROTOBUF' | 'JSON' = 'AVRO'): Promise<number> {
  const res = await fetch(`${registryUrl}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schemaType, schema }),
  });
  if (!res.ok) throw new Error(`registering ${subject}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}
