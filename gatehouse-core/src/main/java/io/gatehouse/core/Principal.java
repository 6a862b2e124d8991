package io.gatehouse.core;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Who is calling, however they proved it: the one value every inbound authentication method
 * produces and every access decision reads. It never holds the credential itself.
 *
 * @param subject the consumer's name (API keys) or the token's subject claim (JWT)
 * @param kind what the subject is
 * @param project the project the consumer belongs to; {@code default} unless set
 * @param groups the groups the subject is in (consumer groups, or the token's group claim)
 * @param scopes the scopes the credential grants; empty for API keys
 * @param method how the caller authenticated: {@code api-key} or {@code jwt}
 */
public record Principal(
    String subject,
    Kind kind,
    String project,
    Set<String> groups,
    Set<String> scopes,
    String method) {

  /** What a consumer is. */
  public enum Kind {
    USER,
    GROUP,
    APPLICATION;

    /** The name used in the admin API and the configuration. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Kind fromWire(String value) {
      for (Kind k : values()) {
        if (k.wireName().equals(value)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "kind: '" + value + "' (expected: user, group or application)");
    }
  }

  public static final String DEFAULT_PROJECT = "default";

  public Principal {
    requireNonNull(subject, "subject");
    requireNonNull(kind, "kind");
    requireNonNull(method, "method");
    project = project == null || project.isEmpty() ? DEFAULT_PROJECT : project;
    groups = Set.copyOf(groups);
    scopes = Set.copyOf(scopes);
  }

  /**
   * A stable identifier naming how and as whom the caller authenticated, such as {@code
   * api-key:alice}; sealed into session ids and shown in the access log. Never a credential.
   */
  public String id() {
    return method + ":" + subject;
  }
}
