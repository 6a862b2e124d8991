package io.gatehouse.connect;

import io.gatehouse.gateway.UpstreamProxy;
import io.gatehouse.gateway.UpstreamTls;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK HTTP clients of connections with TLS options (a private CA, a client certificate) or a
 * proxy, one per distinct options, the most recently used kept. The same options the gateway uses
 * on the data plane, so validation sees what routes see.
 */
public final class TlsClients {
  private static final int KEPT = 32;
  private static final Map<Key, HttpClient> CLIENTS =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, HttpClient> eldest) {
          return size() > KEPT;
        }
      };

  private TlsClients() {}

  /**
   * How every HTTP client of Gatehouse's outbound calls starts: HTTP/1.1, redirects never followed
   * (a redirect could lead past the egress rules), a 5 s connect timeout.
   */
  public static HttpClient.Builder builder() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5));
  }

  /** What makes clients differ. */
  private record Key(UpstreamTls tls, UpstreamProxy proxy) {}

  /**
   * A client for {@code tls} through {@code proxy} (its host an address checked by the egress
   * rules); {@code plain} when there are neither.
   */
  static synchronized HttpClient of(UpstreamTls tls, UpstreamProxy proxy, HttpClient plain)
      throws McpFailure {
    if (tls == null && proxy == null) {
      return plain;
    }
    Key key = new Key(tls, proxy);
    HttpClient c = CLIENTS.get(key);
    if (c == null) {
      HttpClient.Builder b = builder();
      if (tls != null) {
        b.sslContext(context(tls));
      }
      if (proxy != null) {
        b.proxy(ProxySelector.of(new InetSocketAddress(proxy.host(), proxy.port())));
        if (proxy.credential() != null) {
          b.authenticator(new ProxyCredential(proxy));
        }
      }
      c = b.build();
      CLIENTS.put(key, c);
    }
    return c;
  }

  private static SSLContext context(UpstreamTls tls) throws McpFailure {
    try {
      TrustManagerFactory trust = null;
      if (tls.trustedCas() != null) {
        KeyStore cas = KeyStore.getInstance("PKCS12");
        cas.load(null, null);
        int i = 0;
        for (Certificate c : certificates(tls.trustedCas())) {
          cas.setCertificateEntry("ca-" + i++, c);
        }
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(cas);
      }
      KeyManagerFactory keys = null;
      if (tls.clientCertificate() != null) {
        char[] pw = new char[0];
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(
            "client",
            key(tls.clientKey().reveal()),
            pw,
            certificates(tls.clientCertificate()).toArray(new Certificate[0]));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(ks, pw);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(
          keys == null ? null : keys.getKeyManagers(),
          trust == null ? null : trust.getTrustManagers(),
          null);
      return ctx;
    } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
      throw new McpFailure(
          Diagnosis.TLS_FAILED,
          "the connection's TLS options could not be used (PEM certificates and a PKCS#8 key"
              + " expected)");
    }
  }

  private static java.util.Collection<? extends Certificate> certificates(String pem)
      throws GeneralSecurityException {
    return CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static PrivateKey key(String pem) throws GeneralSecurityException {
    PrivateKey k = Pkcs8.read(pem);
    if (k == null) {
      throw new GeneralSecurityException("not a PKCS#8 key");
    }
    return k;
  }
}
