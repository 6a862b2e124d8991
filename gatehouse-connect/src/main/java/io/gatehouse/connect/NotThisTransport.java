package io.gatehouse.connect;

/** The transport is not spoken here (the status or answer says so): try another. */
final class NotThisTransport extends Exception {
  NotThisTransport(String message) {
    super(message, null, false, false);
  }
}
