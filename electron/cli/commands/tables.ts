import { parse } from '../args';
import { openCore } from '../context';
import { catalogFrom, LAKE_OPTIONS } from '../lake-target';
import { table, type Io } from '../output';

export const tablesCommand = {
  summary: 'List the namespaces and Iceberg tables of a catalog',
  usage: 'floe tables --catalog sqlite:PATH|METADATA_JSON|http(s)://REST [--warehouse DIR|NAME] [--namespace NS] [--json]  (REST secrets: FLOE_REST_TOKEN or FLOE_REST_CREDENTIAL=id:secret)',
  async run(argv: string[], io: Io): Promise<void> {
    const { values } = parse(argv, { ...LAKE_OPTIONS, namespace: { type: 'string' } });
    const catalog = catalogFrom(values);
    const core = openCore('cli');
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
