package io.gatehouse.limits;

/**
 * The Lua script that counts a call in Redis against all its limits in one round trip, atomically
 * on the server, so every replica sees the same counts. Token buckets read the time from Redis
 * ({@code TIME}), so replicas' clocks do not matter; a quota window is an {@code INCR}ed key that
 * expires ({@code EXPIREAT}) when the window ends. Limits are counted in order and counting stops
 * at the first that refuses, as in process.
 */
final class RedisScripts {
  private RedisScripts() {}

  /**
   * KEYS: one counter per limit. ARGV: three per limit: {@code r}, microseconds per token, burst (a
   * token bucket, the key holding the time it is next full); or {@code q}, the quota, the window's
   * end in epoch seconds. Returns four numbers per limit counted: admitted (1 or 0), what is left
   * (tokens; for a quota, calls used), microseconds until the bucket is full, microseconds until a
   * token.
   */
  static final String COUNT =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local out = {}
      for i = 1, #KEYS do
        local kind = ARGV[3 * i - 2]
        local a = tonumber(ARGV[3 * i - 1])
        local b = tonumber(ARGV[3 * i])
        if kind == 'r' then
          local capacity = a * b
          local full = tonumber(redis.call('GET', KEYS[i]) or '0')
          local next = math.max(full, now) + a
          if next - now > capacity then
            table.insert(out, 0); table.insert(out, 0)
            table.insert(out, math.max(0, full - now)); table.insert(out, next - now - capacity)
            return out
          end
          redis.call('SET', KEYS[i], string.format('%.0f', next), 'PX', math.ceil((next - now) / 1000) + 1000)
          table.insert(out, 1); table.insert(out, math.floor((capacity - (next - now)) / a))
          table.insert(out, next - now); table.insert(out, 0)
        else
          local n = redis.call('INCR', KEYS[i])
          if n == 1 then redis.call('EXPIREAT', KEYS[i], b) end
          if n > a then
            redis.call('DECR', KEYS[i])
            table.insert(out, 0); table.insert(out, n - 1); table.insert(out, 0); table.insert(out, 0)
            return out
          end
          table.insert(out, 1); table.insert(out, n); table.insert(out, 0); table.insert(out, 0)
        end
      end
      return out
      """;
}
