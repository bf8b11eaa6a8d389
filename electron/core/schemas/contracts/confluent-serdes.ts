import { AvroDeserializer, AvroSerializer } from '@confluentinc/schemaregistry/dist/serde/avro';
import { JsonDeserializer, JsonSerializer } from '@confluentinc/schemaregistry/dist/serde/json';
import { ProtobufDeserializer, ProtobufSerializer } from '@confluentinc/schemaregistry/dist/serde/protobuf';
import { RuleRegistry } from '@confluentinc/schemaregistry/dist/serde/rule-registry';
import { SerdeType, type Deserializer, type FieldContext, type FieldTransform, type RuleContext, type Serializer } from '@confluentinc/schemaregistry/dist/serde/serde';
import { CelExecutor } from '@confluentinc/schemaregistry/dist/rules/cel/cel-executor';
import { CelFieldExecutor } from '@confluentinc/schemaregistry/dist/rules/cel/cel-field-executor';
import { JsonataExecutor } from '@confluentinc/schemaregistry/dist/rules/jsonata/jsonata-executor';
import type { Client } from '@confluentinc/schemaregistry/dist/schemaregistry-client';
import { celEnv, isCelError, parse, plan, type CelInput } from '@bufbuild/cel';
import { STRINGS_EXT_FUNCS } from '@bufbuild/cel/ext/strings';
import type { Registry } from '@bufbuild/protobuf';
import type { SchemaType } from '../../../../shared/model/schemas';

/** The fields a CEL_FIELD condition rejected during one rule run (Confluent's error names only the rule). */
export class FieldWatch {
  rejected: { path: string; value: unknown }[] = [];
  /** Whether a rule's executor ran at all (a migration rule runs only on records of another version). */
  ran = false;
  /** Protobuf: the message types of the serde whose messages the rules read (see CheckedCelExecutor). */
  protoTypes: (() => Registry) | null = null;
  reset(): void {
    this.rejected = [];
    this.ran = false;
  }
}

/**
 * Confluent's CEL executor, unchanged, except that an expression CEL could not evaluate is an error:
 * the JavaScript executor hands back CEL's error value (for a missing field, or an input CEL does not
 * take, such as an Avro record object) and its serializers then let the record pass, where Confluent's
 * Python client fails it. The test reports it instead of hiding it.
 */
export const CEL_COULD_NOT_EVALUATE = 'CEL could not evaluate the expression';
class CheckedCelExecutor extends CelExecutor {
  constructor(private readonly watch: FieldWatch) {
    super();
  }
  private readonly programs = new WeakMap<Registry, Map<string, (args: Record<string, CelInput>) => unknown>>();

  override async executeRule(ctx: RuleContext, expr: string, obj: unknown, args: { [key: string]: unknown }): Promise<unknown> {
    this.watch.ran = true;
    const types = this.watch.protoTypes?.();
    const result: unknown = types ? this.program(types, expr)(args as Record<string, CelInput>) : await super.executeRule(ctx, expr, obj, args);
    if (isCelError(result))
      throw new Error(`${CEL_COULD_NOT_EVALUATE} (${result.message}): Confluent's JavaScript client lets such a record pass without checking it`);
    return result;
  }

  /**
   * The expression planned as Confluent's executor plans it, in an environment that knows the Protobuf message
   * types: its own has none, so CEL cannot read a Protobuf message's fields ("Message shop.Order not found in
   * registry") and every Protobuf record would pass unchecked.
   */
  private program(types: Registry, expr: string): (args: Record<string, CelInput>) => unknown {
    let programs = this.programs.get(types);
    if (!programs) this.programs.set(types, (programs = new Map()));
    let program = programs.get(expr);
    if (!program) programs.set(expr, (program = plan(celEnv({ funcs: STRINGS_EXT_FUNCS, registry: types }), parse(expr))));
    return program;
  }
}

/** Confluent's CEL_FIELD executor, unchanged, with each rejected field noted for the report. */
class WatchedCelFieldExecutor extends CelFieldExecutor {
  constructor(private readonly watch: FieldWatch) {
    super();
    this.executor = new CheckedCelExecutor(watch);
  }
  override newTransform(ctx: RuleContext): FieldTransform {
    const inner = super.newTransform(ctx);
    const watch = this.watch;
    return {
      async transform(c: RuleContext, field: FieldContext, value: unknown) {
        const result: unknown = await inner.transform(c, field, value);
        if (c.rule.kind === 'CONDITION' && result === false) watch.rejected.push({ path: field.fullName, value });
        return result;
      },
    };
  }
}

/** Confluent's JSONata executor, unchanged, noting that it ran. */
class WatchedJsonataExecutor extends JsonataExecutor {
  constructor(private readonly watch: FieldWatch) {
    super();
  }
  override async transform(ctx: RuleContext, msg: unknown): Promise<unknown> {
    this.watch.ran = true;
    return super.transform(ctx, msg);
  }
}

/** A rule registry of its own (never the global one) with Confluent's CEL, CEL_FIELD and JSONata executors. */
export function ruleRegistry(watch: FieldWatch): RuleRegistry {
  const registry = new RuleRegistry();
  registry.registerExecutor(new CheckedCelExecutor(watch));
  registry.registerExecutor(new WatchedCelFieldExecutor(watch));
  registry.registerExecutor(new WatchedJsonataExecutor(watch));
  return registry;
}

/**
 * A producer's serializer and a consumer's deserializer for one subject as Confluent's clients make
 * them, reading the subject's latest version (the overlay's tested schema) like `use.latest.version`.
 */
export function serdes(type: SchemaType, client: Client, subject: string, part: 'key' | 'value', rules: RuleRegistry): { serializer: Serializer; deserializer: Deserializer } {
  const kind = part === 'key' ? SerdeType.KEY : SerdeType.VALUE;
  const common = { useLatestVersion: true, subjectNameStrategy: () => subject };
  const ser = { ...common, autoRegisterSchemas: false };
  switch (type) {
    case 'AVRO':
      return { serializer: new AvroSerializer(client, kind, ser, rules), deserializer: new AvroDeserializer(client, kind, common, rules) };
    case 'PROTOBUF':
      return { serializer: new ProtobufSerializer(client, kind, ser, rules), deserializer: new ProtobufDeserializer(client, kind, common, rules) };
    case 'JSON':
      return { serializer: new JsonSerializer(client, kind, ser, rules), deserializer: new JsonDeserializer(client, kind, common, rules) };
  }
}
