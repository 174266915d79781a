# Finds a JDK (or JRE, with need=java) of version 21 or newer and exports JAVA_HOME for it.
# Looks at $JAVA_HOME, then `java` on PATH, then the newest in the system's JVM directories.
# Sourced by ./parley and scripts/test.

parley_java_version() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

# Where system JDKs live; overridable for the launcher's own tests.
PARLEY_JVM_DIRS=${PARLEY_JVM_DIRS:-"/usr/lib/jvm /usr/local/lib/jvm /opt/java /opt"}

parley_jdk_ok() { # $1: a Java home, $2: the tool it must have; true if it is Java 21+
  local v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/$2" ] || return 1
  v=$(parley_java_version "$1/bin/java")
  [ -n "$v" ] && [ "$v" -ge 21 ]
}

parley_find_jdk() { # $1: "javac" to require a full JDK (to build), "java" for a runtime
  local need=${1:-javac} home best="" best_v=0 v dir
  # 1. JAVA_HOME, when it is new enough: the user's explicit choice.
  if [ -n "${JAVA_HOME:-}" ]; then
    if parley_jdk_ok "$JAVA_HOME" "$need"; then export JAVA_HOME; return 0; fi
    echo "Note: JAVA_HOME ($JAVA_HOME) is not a Java 21+ $([ "$need" = javac ] && echo JDK || echo runtime); looking further." >&2
  fi
  # 2. The java on PATH.
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if parley_jdk_ok "$home" "$need"; then export JAVA_HOME=$home; return 0; fi
  fi
  # 3. The newest one in the system's JVM directories.
  for dir in $PARLEY_JVM_DIRS; do
    for home in "$dir"/*; do
      parley_jdk_ok "$home" "$need" || continue
      v=$(parley_java_version "$home/bin/java")
      [ "$v" -gt "$best_v" ] && { best=$home; best_v=$v; }
    done
  done
  if [ -z "$best" ]; then
    echo "Parley needs Java 21 or newer ($([ "$need" = javac ] && echo "a full JDK, to build" || echo "a runtime")), and none was found" >&2
    echo "in JAVA_HOME, on PATH or under $PARLEY_JVM_DIRS. Install one, for example:" >&2
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
