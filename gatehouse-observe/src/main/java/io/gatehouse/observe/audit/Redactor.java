package io.gatehouse.observe.audit;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Takes secrets out of recorded arguments and results, in place, before they are stored or logged.
 * Two rules, so that a value that looks like a credential never reaches the audit log:
 *
 * <ul>
 *   <li>the value of any member whose name looks like a credential ({@link #SECRET_NAME}: contains
 *       password, passwd, passphrase, secret, token, apikey/api_key/api-key, authorization,
 *       credential, cookie, session, private-key, or is exactly auth, key, pin, otp) becomes
 *       {@value #MASK}, whatever it holds (objects and lists too);
 *   <li>any string value that looks like a credential ({@link #SECRET_VALUE}: a {@code Bearer} or
 *       {@code Basic} credential, a JWT, a Gatehouse API key {@code ghk_...}, a PEM private key, or
 *       a {@code sk-}/{@code pk-}/{@code ghp_}/{@code xox?-}/{@code AKIA} style key) becomes
 *       {@value #MASK}.
 * </ul>
 */
final class Redactor {
  static final String MASK = "[redacted]";

  static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(pass(word|wd|phrase)|secret|token|api[-_]?key|authori[sz]ation|credential"
              + "|cookie|session|private[-_]?key).*|auth|key|pin|otp");

  static final Pattern SECRET_VALUE =
      Pattern.compile(
          "(?is)\\s*((bearer|basic)\\s+\\S+.*"
              + "|eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\..*"
              + "|ghk_\\S+.*"
              + "|-----BEGIN [A-Z ]*PRIVATE KEY-----.*"
              + "|(sk|pk|rk)[-_][A-Za-z0-9_-]{12,}.*"
              + "|(ghp|gho|ghs|github_pat)_[A-Za-z0-9_]{16,}.*"
              + "|xox[abpr]-\\S+.*"
              + "|AKIA[0-9A-Z]{16}.*)");

  private Redactor() {}

  /** Redacts {@code node} in place; returns it (or the mask, when it is itself a secret string). */
  static JsonNode redact(JsonNode node) {
    if (node instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        if (SECRET_NAME.matcher(e.getKey().toLowerCase(Locale.ROOT)).matches()) {
          if (!e.getValue().isNull()) {
            o.put(e.getKey(), MASK);
          }
        } else {
          JsonNode r = redact(e.getValue());
          if (r != e.getValue()) {
            o.set(e.getKey(), r);
          }
        }
      }
      return o;
    }
    if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode r = redact(a.get(i));
        if (r != a.get(i)) {
          a.set(i, r);
        }
      }
      return a;
    }
    if (node != null && node.isString() && looksSecret(node.stringValue())) {
      return StringNode.valueOf(MASK);
    }
    return node;
  }

  static boolean looksSecret(String value) {
    return SECRET_VALUE.matcher(value).matches();
  }
}
