package io.gatehouse.connect;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads a PKCS#8 private key in PEM (armoured as {@link #BEGIN}), EC or RSA. */
public final class Pkcs8 {
  /** The PEM armour of a PKCS#8 key (the label, not a key). */
  public static final String BEGIN = "-----BEGIN PRIVATE KEY-----";

  public static final String END = "-----END PRIVATE KEY-----";

  private Pkcs8() {}

  /** The key, or null when {@code pem} is not one (the text is never quoted anywhere). */
  public static PrivateKey read(String pem) {
    byte[] der;
    try {
      der =
          Base64.getDecoder().decode(pem.replace(BEGIN, "").replace(END, "").replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      return null;
    }
    for (String alg : new String[] {"EC", "RSA"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // the next algorithm
      }
    }
    return null;
  }
}
