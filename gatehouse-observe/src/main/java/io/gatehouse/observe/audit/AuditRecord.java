package io.gatehouse.observe.audit;

/**
 * One stored audit record: what one MCP exchange was and what became of it. Never holds a
 * credential or a session id (only a hash of it); {@code arguments} and {@code result} are set only
 * when the route opts in, redacted.
 *
 * @param id unique, time-ordered within a millisecond by chance only; with {@code at} it orders
 *     records for paging
 * @param at when the exchange ended, in epoch milliseconds
 * @param principal who called ({@code api-key:alice}), or null for an anonymous caller
 * @param project the caller's project, or null for an anonymous caller
 * @param session the first 16 hex digits of the SHA-256 of the session id, or null
 * @param entry {@code message}, {@code stream}, {@code delete} or {@code sse}
 * @param method the JSON-RPC method, or null (a stream, a response the client sent)
 * @param requestId the JSON-RPC id as JSON text, or null
 * @param target the tool or prompt name, or the resource URI, or null
 * @param errorKey the key of the error answered, or null
 * @param upstreamStatus the upstream's HTTP status, 0 when the exchange never reached it
 * @param latencyMicros from the request's arrival to the end of its answer
 * @param upstreamMicros from sending upstream to its answer's headers, or -1
 * @param bytesIn the size of the request body
 * @param bytesOut the size of the answer, or -1 when not counted
 */
public record AuditRecord(
    String id,
    long at,
    String principal,
    String project,
    String route,
    String session,
    String entry,
    String method,
    String requestId,
    String target,
    Decision decision,
    String errorKey,
    int status,
    int upstreamStatus,
    long latencyMicros,
    long upstreamMicros,
    long bytesIn,
    long bytesOut,
    String arguments,
    String result) {}
