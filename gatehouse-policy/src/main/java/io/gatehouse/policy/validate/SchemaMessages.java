package io.gatehouse.policy.validate;

import com.networknt.schema.Error;

/**
 * What a schema error says, for the caller: the validator's message without the location it starts
 * with (the path is given apart), cut to a bounded length. The validator's messages name the
 * expectation (types, bounds, the schema's own enum or pattern), not the value found.
 */
final class SchemaMessages {
  private static final int LONGEST = 200;

  private SchemaMessages() {}

  static String of(Error e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = "fails the schema's " + e.getKeyword();
    }
    String at = e.getInstanceLocation().toString();
    if (m.startsWith(at + ": ")) {
      m = m.substring(at.length() + 2);
    }
    return m.length() <= LONGEST ? m : m.substring(0, LONGEST - 3) + "...";
  }
}
