# Finds a JDK (or JRE, with need=java) of version 21 or newer and exports JAVA_HOME for it.
# Looks at $JAVA_HOME, then `java` on PATH, then the system's JVM directories; picks the newest.
# Sourced by ./parley and scripts/test.

parley_java_version() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

parley_find_jdk() { # $1: "javac" to require a full JDK, "java" for a runtime
  local need=${1:-javac} best="" best_v=0 home v
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -d "$home" ] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/$need" ] || continue
    v=$(parley_java_version "$home/bin/java")
    [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ] && { best=$home; best_v=$v; }
  done
  if [ -z "$best" ]; then
    echo "Parley needs Java 21 or newer ($([ "$need" = javac ] && echo "a full JDK, to build" || echo "a runtime")), and none was found" >&2
    echo "in JAVA_HOME, on PATH or under /usr/lib/jvm. Install one, for example:" >&2
    echo "  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk-headless   (or openjdk-25-jdk-headless)" >&2
    echo "  Any system:     a Temurin 21+ JDK from adoptium.net, then set JAVA_HOME to it" >&2
    return 1
  fi
  export JAVA_HOME=$best
}

# Maven itself warns on JDK 24+ about its bundled Guava; that is noise, not a problem.
parley_maven_opts() {
  local v; v=$(parley_java_version "$JAVA_HOME/bin/java")
  if [ -n "$v" ] && [ "$v" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

parley_require_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  echo "Building Parley needs Apache Maven 3.8+ (Debian/Ubuntu: sudo apt-get install maven)." >&2
  return 1
}
