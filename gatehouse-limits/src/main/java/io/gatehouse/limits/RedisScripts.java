package io.gatehouse.limits;

/**
 * The Lua scripts that count in Redis, each one atomic on the server, so every replica sees the
 * same count. The token bucket reads the time from Redis ({@code TIME}), so replicas' clocks do not
 * matter; a quota window is an {@code INCR}ed key that expires ({@code EXPIREAT}) when the window
 * ends.
 */
final class RedisScripts {
  private RedisScripts() {}

  /**
   * KEYS[1] the bucket (the time it is next full, in microseconds of Redis's clock); ARGV[1]
   * microseconds per token, ARGV[2] the burst. Returns {admitted, tokens left, microseconds until
   * full, microseconds until a token}.
   */
  static final String TOKEN_BUCKET =
      """
      local interval = tonumber(ARGV[1])
      local capacity = interval * tonumber(ARGV[2])
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local full = tonumber(redis.call('GET', KEYS[1]) or '0')
      local next = math.max(full, now) + interval
      if next - now > capacity then
        return {0, 0, math.max(0, full - now), next - now - capacity}
      end
      redis.call('SET', KEYS[1], string.format('%.0f', next), 'PX', math.ceil((next - now) / 1000) + 1000)
      return {1, math.floor((capacity - (next - now)) / interval), next - now, 0}
      """;

  /**
   * KEYS[1] the window; ARGV[1] the quota, ARGV[2] the window's end in epoch seconds. Returns
   * {admitted, used}; a refused call is not counted.
   */
  static final String QUOTA_WINDOW =
      """
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('EXPIREAT', KEYS[1], ARGV[2]) end
      if n > tonumber(ARGV[1]) then redis.call('DECR', KEYS[1]); return {0, n - 1} end
      return {1, n}
      """;
}
