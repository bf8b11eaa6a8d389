import type { CoreSession } from '../context';

export interface SchemaCommandContext {
  core: CoreSession;
  profileId: string;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}
