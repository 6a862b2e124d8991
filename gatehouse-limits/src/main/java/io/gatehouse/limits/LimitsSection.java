package io.gatehouse.limits;

import io.gatehouse.policy.traffic.Fields;
import io.gatehouse.policy.traffic.Problems;
import io.gatehouse.policy.traffic.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The {@code limits} section: named limits, each a {@code rate} (with {@code burst}) or a {@code
 * quota}, with {@code per} and {@code methods}. Every field at fault is named, with what would do.
 */
public final class LimitsSection implements Section<LimitSet> {
  public static final String NAME = "limits";
  static final List<String> DEFAULT_METHODS = List.of("tools/call");
  private static final Set<String> FIELDS = Set.of("rate", "burst", "per", "methods", "quota");
  private static final Pattern AMOUNT = Pattern.compile("\\s*(\\d{1,12})\\s*/\\s*([a-z]+)\\s*");
  private static final Pattern LIMIT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public LimitSet read(JsonNode node, String path, Problems problems) {
    if (Fields.absent(node)) {
      return LimitSet.NONE;
    }
    if (!node.isObject()) {
      problems.add(path, "expected an object of named limits, such as {calls: {rate: 100/minute}}");
      return LimitSet.NONE;
    }
    Map<String, Limit> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String p = path + "." + e.getKey();
      if (!LIMIT_NAME.matcher(e.getKey()).matches()) {
        problems.add(p, "'" + e.getKey() + "' (expected: a name of letters, digits, . _ -)");
        continue;
      }
      Limit l = limit(e.getKey(), e.getValue(), p, problems);
      if (l != null) {
        out.put(e.getKey(), l);
      }
    }
    return new LimitSet(out);
  }

  private static Limit limit(String name, JsonNode n, String path, Problems problems) {
    if (!Fields.object(n, path, FIELDS, problems)) {
      if (Fields.absent(n)) {
        problems.add(path, "expected an object with rate or quota");
      }
      return null;
    }
    boolean hasRate = !Fields.absent(n.get("rate"));
    boolean hasQuota = !Fields.absent(n.get("quota"));
    if (hasRate == hasQuota) {
      problems.add(
          path,
          hasRate
              ? "both rate and quota (expected one: split them into two named limits)"
              : "neither rate nor quota (expected one, such as rate: 100/minute or quota:"
                  + " 10000/day)");
      return null;
    }
    List<Limit.Per> per = per(n.get("per"), path + ".per", problems);
    List<String> methods =
        Fields.strings(n.get("methods"), path + ".methods", DEFAULT_METHODS, problems);
    Set<String> counted = methods.contains("*") ? Set.of() : new HashSet<>(methods);
    if (methods.isEmpty()) {
      problems.add(path + ".methods", "an empty list (expected: methods such as tools/call, or *)");
    }
    if (hasRate) {
      long[] amount = new long[1];
      String unit =
          amount(n.get("rate"), path + ".rate", List.of("second", "minute"), amount, problems);
      if (unit == null) {
        return null;
      }
      Duration period = unit.equals("second") ? Duration.ofSeconds(1) : Duration.ofMinutes(1);
      long burst =
          Fields.integer(n.get("burst"), path + ".burst", amount[0], 1, 1_000_000_000L, problems);
      return new Limit(name, amount[0], period, null, burst, per, counted);
    }
    if (!Fields.absent(n.get("burst"))) {
      problems.add(path + ".burst", "a quota has no burst (expected: burst only with rate)");
    }
    long[] amount = new long[1];
    String unit =
        amount(n.get("quota"), path + ".quota", List.of("hour", "day", "month"), amount, problems);
    if (unit == null) {
      return null;
    }
    QuotaWindow w = QuotaWindow.valueOf(unit.toUpperCase(Locale.ROOT));
    return new Limit(name, amount[0], null, w, 0, per, counted);
  }

  /** Reads {@code N/unit}; returns the unit (one of {@code units}) or null after a problem. */
  private static String amount(
      JsonNode n, String path, List<String> units, long[] amount, Problems problems) {
    String expected =
        "expected: N/"
            + String.join(" or N/", units)
            + ", such as 100/"
            + units.get(1 % units.size());
    Matcher m = n.isString() ? AMOUNT.matcher(n.stringValue().toLowerCase(Locale.ROOT)) : null;
    if (m == null || !m.matches()) {
      problems.add(path, "'" + n.asString() + "' (" + expected + ")");
      return null;
    }
    String unit =
        m.group(2).endsWith("s") ? m.group(2).substring(0, m.group(2).length() - 1) : m.group(2);
    long v = Long.parseLong(m.group(1));
    if (!units.contains(unit) || v < 1) {
      problems.add(path, "'" + n.asString() + "' (" + expected + (v < 1 ? ", N at least 1)" : ")"));
      return null;
    }
    amount[0] = v;
    return unit;
  }

  private static List<Limit.Per> per(JsonNode n, String path, Problems problems) {
    List<String> names = Fields.strings(n, path, List.of("consumer"), problems);
    List<Limit.Per> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String v = names.get(i);
      Limit.Per p = null;
      for (Limit.Per c : Limit.Per.values()) {
        if (c.wireName().equals(v)) {
          p = c;
        }
      }
      if (p == null) {
        problems.add(
            path + "[" + i + "]", "'" + v + "' (expected one of: consumer, project, ip, tool)");
      } else if (!out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }
}
