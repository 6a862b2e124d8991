package io.gatehouse.protocol;

/** What a JSON-RPC message is, by the members it carries (JSON-RPC 2.0 §4, §5). */
public enum MessageKind {
  /** {@code method} and {@code id}: expects a response. */
  REQUEST,
  /** {@code method} without {@code id}: expects nothing back. */
  NOTIFICATION,
  /** {@code id} with {@code result} or {@code error}. */
  RESPONSE
}
