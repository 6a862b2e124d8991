package io.gatehouse.gateway;

import io.gatehouse.core.Secret;

/**
 * How to speak TLS to one upstream beyond the JDK's defaults: the certificate authorities to trust
 * (a private CA), and a client certificate for mutual TLS. All PEM text; the key is a {@link
 * Secret}, so it never prints.
 *
 * @param trustedCas PEM certificates trusted instead of the JDK's, or null for the JDK's
 * @param clientCertificate the client certificate chain (PEM), or null for none
 * @param clientKey the client certificate's PKCS#8 private key (PEM), or null for none
 */
public record UpstreamTls(String trustedCas, String clientCertificate, Secret clientKey) {
  public UpstreamTls {
    if ((clientCertificate == null) != (clientKey == null)) {
      throw new IllegalArgumentException(
          "a client certificate and its key go together (expected: both or neither)");
    }
  }

  @Override
  public String toString() {
    return "UpstreamTls[customCa="
        + (trustedCas != null)
        + ", clientCertificate="
        + (clientCertificate != null)
        + "]";
  }
}
