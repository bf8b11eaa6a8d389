// Table metadata (63-bit snapshot ids, sequence numbers) is read and written with the one exact JSON of shared/.
export { JsonSyntaxError, parseExactJson, stringifyExactJson, type ExactJson } from '../../../../shared/exact-json';
