/**
 * A reason a reader schema cannot read what a writer schema writes. Messages name the two sides as
 * {reader} and {writer}: the caller fills in "the draft", "version 3"… for the direction it checks
 * (backward: the draft reads the registered version's records; forward: the other way round).
 */
export interface Problem {
  /** Where: `Order.amount`, `shop.Order.id (1)`, `/properties/id`. */
  path: string;
  kind: ProblemKind;
  message: string;
}

export type ProblemKind =
  | 'field-added-without-default'
  | 'type-changed'
  | 'name-changed'
  | 'enum-symbol-removed'
  | 'union-branch-removed'
  | 'fixed-size-changed'
  | 'decimal-changed'
  | 'field-number-reused'
  | 'field-kind-changed'
  | 'label-changed'
  | 'message-removed'
  | 'oneof-changed'
  | 'required-added'
  | 'required-removed'
  | 'package-changed'
  | 'property-added'
  | 'property-removed'
  | 'enum-value-removed'
  | 'constraint-narrowed'
  | 'closed-content-model'
  | 'recursive';

export function fill(message: string, reader: string, writer: string): string {
  return message.replace(/\{reader\}/g, reader).replace(/\{writer\}/g, writer);
}

/** The first letter upper-cased (messages start with {reader} or {writer}). */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
