package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayError;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.protocol.JsonRpcId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Reading request bodies with a size limit, and writing JSON answers, on Jetty's core API. */
final class HttpIo {
  private HttpIo() {}

  /**
   * The whole body, refusing bodies over {@code max} bytes with {@code BODY_TOO_LARGE} (413, not 400:
   * the message may be fine, it is only too large) before reading them when the length is declared.
   */
  static byte[] readBody(Request request, int max) {
    long declared = request.getLength();
    if (declared > max) {
      throw tooLarge(declared, max);
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] body = in.readNBytes(max + 1);
      if (body.length > max) {
        throw tooLarge(-1, max);
      }
      return body;
    } catch (IOException e) {
      throw new GatewayException(GatewayError.INVALID_REQUEST, "the request body could not be read: " + e.getMessage(), e);
    }
  }

  /** The body and its envelope; a body that is no JSON-RPC message is refused with 400. */
  record Incoming(byte[] body, io.gatehouse.protocol.JsonRpcMessage message) {}

  static Incoming readMessage(Request request, int max) {
    byte[] body = readBody(request, max);
    try {
      return new Incoming(body, io.gatehouse.protocol.EnvelopeScanner.scan(body));
    } catch (io.gatehouse.protocol.ProtocolException e) {
      GatewayError error = e.code() == io.gatehouse.protocol.JsonRpcErrors.PARSE_ERROR ? GatewayError.PARSE_ERROR
          : GatewayError.INVALID_REQUEST;
      throw new GatewayException(error, e.getMessage(), e.id());
    }
  }

  private static GatewayException tooLarge(long declared, int max) {
    return new GatewayException(GatewayError.BODY_TOO_LARGE, "the message is larger than the gateway accepts ("
        + (declared > 0 ? declared + " bytes; " : "") + "limit: " + max + " bytes)");
  }

  static void writeJson(Response response, Callback callback, int status, byte[] json, Map<String, String> headers) {
    response.setStatus(status);
    var h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "application/json");
    headers.forEach(h::put);
    response.write(true, ByteBuffer.wrap(json), callback);
  }

  static void writeEmpty(Response response, Callback callback, int status) {
    response.setStatus(status);
    response.write(true, null, callback);
  }

  static void writeError(Response response, Callback callback, GatewayException e, JsonRpcId id) {
    writeJson(response, callback, e.error().httpStatus(), ErrorReplies.body(id, e), Map.of());
  }
}
