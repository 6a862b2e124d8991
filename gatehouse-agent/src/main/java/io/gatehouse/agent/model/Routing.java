package io.gatehouse.agent.model;

import io.gatehouse.policy.Glob;
import java.util.ArrayList;
import java.util.List;

/**
 * Which provider serves a model, over one snapshot of the providers. A name a provider lists
 * exactly wins; then {@code provider/model} picks the provider by name (for a model two providers
 * serve); then the most specific glob (the most characters besides {@code *} and {@code ?}); ties
 * go to the provider first by name.
 */
record Routing(long builtAt, List<Route> routes) {
  record Route(ModelProvider provider, ModelClient client) {}

  /** A route and the model name to send it. */
  private record Match(Route route, String model) {}

  ModelReply complete(ModelCall call) throws ModelFailure {
    Match m = match(call.model());
    if (m == null) {
      List<String> served = served();
      throw new ModelFailure(
          ModelErrors.MODEL_NOT_FOUND,
          "no model provider serves model '"
              + call.model()
              + "'; served: "
              + (served.isEmpty() ? "none (no provider is defined)" : String.join(", ", served)));
    }
    ModelCall sent =
        m.model().equals(call.model())
            ? call
            : new ModelCall(
                m.model(),
                call.messages(),
                call.tools(),
                call.toolChoice(),
                call.maxOutputTokens());
    return m.route().client().complete(sent);
  }

  private Match match(String model) {
    for (Route r : routes) {
      for (String served : r.provider().models()) {
        if (!isGlob(served) && served.equals(model)) {
          return new Match(r, model);
        }
      }
    }
    int slash = model.indexOf('/');
    if (slash > 0) {
      String provider = model.substring(0, slash);
      String rest = model.substring(slash + 1);
      for (Route r : routes) {
        if (r.provider().name().equals(provider) && specificity(r, rest) >= 0) {
          return new Match(r, rest);
        }
      }
    }
    Route best = null;
    int bestScore = -1;
    for (Route r : routes) {
      int s = specificity(r, model);
      if (s > bestScore) {
        best = r;
        bestScore = s;
      }
    }
    return best == null ? null : new Match(best, model);
  }

  /** How specific the provider's most specific pattern matching {@code model} is; -1 for none. */
  private static int specificity(Route r, String model) {
    int best = -1;
    for (String served : r.provider().models()) {
      if (new Glob(served).matches(model)) {
        best = Math.max(best, served.replace("*", "").replace("?", "").length());
      }
    }
    return best;
  }

  private static boolean isGlob(String pattern) {
    return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
  }

  List<String> served() {
    List<String> out = new ArrayList<>();
    for (Route r : routes) {
      for (String m : r.provider().models()) {
        out.add(m + " (" + r.provider().name() + ")");
      }
    }
    return out;
  }
}
