package io.gatehouse.connect;

/**
 * A connection's TLS beyond the JDK's defaults. Certificates are PEM text (public); the client key
 * is the name of a vault secret of the connection's project.
 *
 * @param ca PEM certificates of the CAs to trust instead of the JDK's, or null
 * @param clientCertificate the client certificate chain for mutual TLS (PEM), or null
 * @param clientKey the vault secret holding the client certificate's PKCS#8 key (PEM), or null
 */
public record ConnectionTls(String ca, String clientCertificate, String clientKey) {
  public ConnectionTls {
    if ((clientCertificate == null) != (clientKey == null)) {
      throw new IllegalArgumentException("clientCertificate and clientKey go together");
    }
  }
}
