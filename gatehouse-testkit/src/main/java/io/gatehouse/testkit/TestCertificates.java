package io.gatehouse.testkit;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made for one test run: a private CA, a server certificate for 127.0.0.1 and
 * localhost, and a client certificate, both signed by the CA (EC P-256). Nothing is written to
 * disk; PEM text and in-memory key stores only.
 */
public final class TestCertificates {
  private final KeyPair caKeys;
  private final X509Certificate ca;
  private final KeyPair serverKeys;
  private final X509Certificate server;
  private final KeyPair clientKeys;
  private final X509Certificate client;

  private TestCertificates(String caName) throws Exception {
    X500Name issuer = new X500Name("CN=" + caName);
    caKeys = keys();
    ca = sign(issuer, caKeys, issuer, caKeys, true, false);
    serverKeys = keys();
    server = sign(new X500Name("CN=localhost"), serverKeys, issuer, caKeys, false, true);
    clientKeys = keys();
    client = sign(new X500Name("CN=gatehouse-client"), clientKeys, issuer, caKeys, false, false);
  }

  /** A new CA with its server and client certificates. */
  public static TestCertificates create(String caName) {
    try {
      return new TestCertificates(caName);
    } catch (Exception e) {
      throw new IllegalStateException("could not make test certificates", e);
    }
  }

  public String caPem() {
    return pem(ca);
  }

  public String clientCertificatePem() {
    return pem(client);
  }

  /** The client certificate's key, PKCS#8 PEM. */
  public String clientKeyPem() {
    try {
      StringWriter out = new StringWriter();
      try (JcaPEMWriter w = new JcaPEMWriter(out)) {
        w.writeObject(new JcaPKCS8Generator(clientKeys.getPrivate(), null));
      }
      return out.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The server's key and certificate chain, for a TLS listener. */
  public KeyStore serverKeyStore(char[] password) {
    return store("server", serverKeys, new Certificate[] {server, ca}, password);
  }

  /** A trust store holding the CA, for a listener that requires client certificates. */
  public KeyStore caTrustStore() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("ca", ca);
      return ks;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyStore store(String alias, KeyPair keys, Certificate[] chain, char[] pw) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(alias, keys.getPrivate(), pw, chain);
      return ks;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509Certificate sign(
      X500Name subject,
      KeyPair keys,
      X500Name issuer,
      KeyPair issuerKeys,
      boolean isCa,
      boolean isServer)
      throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            issuer,
            new BigInteger(64, new SecureRandom()),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(Duration.ofDays(1))),
            subject,
            keys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (isServer) {
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  private static String pem(Object o) {
    try {
      StringWriter out = new StringWriter();
      try (JcaPEMWriter w = new JcaPEMWriter(out)) {
        w.writeObject(o);
      }
      return out.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
