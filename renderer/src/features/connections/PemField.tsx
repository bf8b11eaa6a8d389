/** A PEM pasted or loaded from a file (read in the page; nothing is uploaded anywhere but the core). */
export function PemField(props: { id: string; value: string; onChange: (value: string) => void; placeholder?: string }) {
  return (
    <div>
      <textarea id={props.id} value={props.value} placeholder={props.placeholder ?? '-----BEGIN CERTIFICATE-----'} onChange={(e) => props.onChange(e.target.value)} data-testid={props.id} />
      <input type="file" accept=".pem,.crt,.cer,.key,.txt" onChange={async (e) => {
        const file = e.target.files?.[0];
        if (file) props.onChange(await file.text());
      }} />
    </div>
  );
}
