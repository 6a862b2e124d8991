package io.gatehouse.gateway;

import java.net.URI;

/** An upstream request about to be sent, as {@link McpPolicy#onUpstreamRequest} may shape it. */
public interface UpstreamCall {
  /** {@code POST}, {@code GET} or {@code DELETE}. */
  String method();

  URI url();

  /** The value of a header about to be sent, or null. */
  String header(String name);

  /** Sets a header, replacing any value it had. */
  void setHeader(String name, String value);

  /** Adds a value to a header. */
  void addHeader(String name, String value);

  void removeHeader(String name);

  /** Sets a query parameter of the URL (percent-encoded here), replacing any value it had. */
  void setQueryParameter(String name, String value);

  /** Removes a query parameter of the URL, every occurrence of it. */
  void removeQueryParameter(String name);
}
