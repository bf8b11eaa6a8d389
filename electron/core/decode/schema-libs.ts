import { lazy } from '../util/lazy';

// The code of each schema format, loaded with the first schema of that format: avsc, protobufjs and ajv (~25 MB of
// RSS together) stay out of a process that only reads or writes plain JSON, text or bytes.
export const avroLib = lazy(async () => ({ ...(await import('./avro')), ...(await import('./avro-reader')) }));
export const protobufLib = lazy(() => import('./protobuf'));
export const jsonSchemaLib = lazy(() => import('./json-schema'));

export type AvroLib = Awaited<ReturnType<typeof avroLib>>;
export type ProtobufLib = Awaited<ReturnType<typeof protobufLib>>;
export type JsonSchemaLib = Awaited<ReturnType<typeof jsonSchemaLib>>;
