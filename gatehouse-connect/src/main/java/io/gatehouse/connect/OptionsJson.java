package io.gatehouse.connect;

import io.gatehouse.core.Secret;
import io.gatehouse.core.net.Egress;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A connection's {@code tls}, {@code allowInsecure}, {@code proxy} ({@link ProxyJson}), {@code
 * toolSchema} ({@link ToolSchema}), {@code metadataUrl} and {@code protocol} ({@link ProtocolEra}),
 * read from the admin API (certificates and keys checked to be readable PEM, an inline key put in
 * the vault) and kept as JSON in the store.
 */
final class OptionsJson {
  private OptionsJson() {}

  /** What the body says; an inline client key goes into {@code inline}. */
  record Options(
      ConnectionTls tls,
      boolean allowInsecure,
      ConnectionProxy proxy,
      ArrayNode toolSchema,
      URI metadataUrl,
      ProtocolEra protocol) {
    Options {
      protocol = protocol == null ? ProtocolEra.AUTO : protocol;
    }

    static Options of(Connection c) {
      return new Options(
          c.tls(), c.allowInsecure(), c.proxy(), c.toolSchema(), c.metadataUrl(), c.protocol());
    }
  }

  static Options parse(String name, JsonNode body, Map<String, Secret> inline, Egress egress) {
    Options o = transport(name, body, inline, egress);
    JsonNode schema = body.path("toolSchema");
    String metadata = AuthJson.text(body, "metadataUrl");
    if (!schema.isMissingNode() && !schema.isNull() && metadata != null) {
      throw AuthJson.invalid("metadataUrl: give toolSchema or metadataUrl, not both");
    }
    if (body.has("metadataUrl") && !body.get("metadataUrl").isNull() && metadata == null) {
      throw AuthJson.invalid("metadataUrl: expected an https URL");
    }
    return new Options(
        o.tls(),
        o.allowInsecure(),
        o.proxy(),
        schema.isMissingNode() || schema.isNull() ? null : ToolSchema.checked("toolSchema", schema),
        metadata == null
            ? null
            : ConnectionUrls.checked("metadataUrl", metadata, egress, o.allowInsecure()),
        protocol(body.path("protocol")));
  }

  private static ProtocolEra protocol(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return ProtocolEra.AUTO;
    }
    ProtocolEra e = n.isString() ? ProtocolEra.parse(n.stringValue()) : null;
    if (e == null) {
      throw AuthJson.invalid("protocol: " + n + " (expected: auto, 2026-07-28 or 2025-11-25)");
    }
    return e;
  }

  private static Options transport(
      String name, JsonNode body, Map<String, Secret> inline, Egress egress) {
    JsonNode insecure = body.path("allowInsecure");
    if (!insecure.isMissingNode() && !insecure.isBoolean()) {
      throw AuthJson.invalid("allowInsecure: " + insecure + " (expected: true or false)");
    }
    ConnectionProxy proxy = ProxyJson.parse(name, body, inline, egress);
    JsonNode t = body.path("tls");
    if (t.isMissingNode() || t.isNull()) {
      return new Options(null, insecure.asBoolean(false), proxy, null, null, null);
    }
    if (!t.isObject()) {
      throw AuthJson.invalid("tls: expected an object with ca, clientCertificate, clientKey");
    }
    String ca = AuthJson.text(t, "ca");
    String cert = AuthJson.text(t, "clientCertificate");
    if (ca != null) {
      certificates("tls.ca", ca);
    }
    String key = null;
    if (cert != null || !t.path("clientKey").isMissingNode()) {
      if (cert == null) {
        throw AuthJson.invalid(
            "tls.clientCertificate: missing (a clientKey needs its certificate)");
      }
      certificates("tls.clientCertificate", cert);
      JsonNode k = t.path("clientKey");
      if (k.isObject() && k.path("value").isString()) {
        privateKey("tls.clientKey", k.get("value").stringValue());
        key = AuthJson.OWN_SECRETS + name + ".tls-client-key";
        inline.put(key, Secret.of(k.get("value").stringValue()));
      } else if (k.isObject() && k.path("secret").isString()) {
        key = AuthJson.referable(name, "tls.clientKey", k.get("secret").stringValue());
      } else {
        throw AuthJson.invalid(
            "tls.clientKey: expected {\"value\": \"<PKCS#8 PEM>\"} or {\"secret\": \"NAME\"}");
      }
    }
    return new Options(
        new ConnectionTls(ca, cert, key), insecure.asBoolean(false), proxy, null, null, null);
  }

  static String json(Options o) {
    ObjectNode n = Connections.JSON.createObjectNode();
    if (o.allowInsecure()) {
      n.put("allowInsecure", true);
    }
    if (o.tls() != null) {
      ObjectNode t = n.putObject("tls");
      if (o.tls().ca() != null) {
        t.put("ca", o.tls().ca());
      }
      if (o.tls().clientCertificate() != null) {
        t.put("clientCertificate", o.tls().clientCertificate());
        t.putObject("clientKey").put("secret", o.tls().clientKey());
      }
    }
    ProxyJson.write(n, o.proxy());
    if (o.toolSchema() != null) {
      n.set("toolSchema", o.toolSchema());
    }
    if (o.metadataUrl() != null) {
      n.put("metadataUrl", o.metadataUrl().toString());
    }
    if (o.protocol() != ProtocolEra.AUTO) {
      n.put("protocol", o.protocol().configName());
    }
    return n.toString();
  }

  static Options read(String json) {
    if (json == null) {
      return new Options(null, false, null, null, null, null);
    }
    JsonNode n = Connections.JSON.readTree(json);
    JsonNode t = n.path("tls");
    ConnectionTls tls =
        t.isObject()
            ? new ConnectionTls(
                AuthJson.text(t, "ca"),
                AuthJson.text(t, "clientCertificate"),
                AuthJson.text(t.path("clientKey"), "secret"))
            : null;
    return new Options(
        tls,
        n.path("allowInsecure").asBoolean(false),
        ProxyJson.read(n),
        n.path("toolSchema") instanceof ArrayNode a ? a : null,
        n.path("metadataUrl").isString() ? URI.create(n.get("metadataUrl").stringValue()) : null,
        ProtocolEra.parse(n.path("protocol").asString(null)));
  }

  private static void certificates(String field, String pem) {
    try {
      if (CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
          .isEmpty()) {
        throw new GeneralSecurityException("none");
      }
    } catch (GeneralSecurityException e) {
      throw AuthJson.invalid(field + ": not PEM certificates (-----BEGIN CERTIFICATE-----)");
    }
  }

  /** Checks a PKCS#8 key (EC or RSA) reads; the message never quotes it. */
  static void privateKey(String field, String pem) {
    if (Pkcs8.read(pem) == null) {
      throw AuthJson.invalid(field + ": not a PKCS#8 private key in PEM (" + Pkcs8.BEGIN + ")");
    }
  }
}
