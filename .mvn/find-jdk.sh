# Sourced by ./mvnw and the project's scripts: makes JAVA_HOME point at a JDK >= 21.
# Keeps JAVA_HOME when it already is one; otherwise picks the newest JDK >= 21 it can find.
# Prints nothing on success; on failure it says what it looked for and leaves JAVA_HOME alone.

gatehouse_jdk_major() {
  # $1: a JDK home; prints its feature version (17, 21, 25, ...) or nothing.
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java.specification.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
  fi
}

gatehouse_find_jdk() {
  gh_min=21
  if [ -n "${JAVA_HOME:-}" ]; then
    gh_v=$(gatehouse_jdk_major "$JAVA_HOME")
    if [ -n "$gh_v" ] && [ "$gh_v" -ge "$gh_min" ]; then return 0; fi
  fi
  gh_best=""; gh_best_v=0
  for gh_dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
                /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$gh_dir" ] || continue
    gh_v=$(gatehouse_jdk_major "$gh_dir")
    [ -n "$gh_v" ] || continue
    if [ "$gh_v" -ge "$gh_min" ] && [ "$gh_v" -gt "$gh_best_v" ]; then gh_best=$gh_dir; gh_best_v=$gh_v; fi
  done
  if [ -z "$gh_best" ] && command -v java >/dev/null 2>&1; then
    gh_dir=$(cd "$(dirname "$(readlink -f "$(command -v java)")")/.." && pwd)
    gh_v=$(gatehouse_jdk_major "$gh_dir")
    if [ -n "$gh_v" ] && [ "$gh_v" -ge "$gh_min" ]; then gh_best=$gh_dir; fi
  fi
  if [ -n "$gh_best" ]; then
    JAVA_HOME=$gh_best; export JAVA_HOME
  else
    echo "Gatehouse needs a JDK $gh_min or newer; none found (JAVA_HOME='${JAVA_HOME:-}', /usr/lib/jvm, ~/.sdkman, PATH). Install one and set JAVA_HOME." >&2
  fi
}

gatehouse_find_jdk
