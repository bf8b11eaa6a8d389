import { parse } from '../args';
import { LAKE_OPTIONS, openLake } from '../lake-target';
import { table, type Io } from '../output';

export const tablesCommand = {
  summary: 'List the namespaces and Iceberg tables of a catalog',
  usage: 'floe tables --catalog sqlite:PATH|METADATA_JSON|http(s)://REST [--warehouse DIR|NAME] [--s3-endpoint URL --s3-region R --s3-path-style] [--namespace NS] [--json]  (REST secrets: FLOE_REST_TOKEN or FLOE_REST_CREDENTIAL=id:secret; S3 keys: FLOE_S3_ACCESS_KEY_ID, FLOE_S3_SECRET_ACCESS_KEY)',
  async run(argv: string[], io: Io): Promise<void> {
    const { values } = parse(argv, { ...LAKE_OPTIONS, namespace: { type: 'string' } });
    const { catalog, core } = openLake(values);
    try {
      const list = await core.client.call('lake.tables', { catalog, ...(values.namespace ? { namespace: values.namespace.split('.') } : {}) });
      if (values.json) {
        io.out(JSON.stringify(list, null, 2));
        return;
      }
      io.out(table(['NAMESPACE', 'TABLE'], list.tables.map((t) => [t.namespace.join('.') || '-', t.name])));
      io.err(`${list.tables.length} tables in ${list.namespaces.length} namespaces`);
    } finally {
      await core.close();
    }
  },
};
