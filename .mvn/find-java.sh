# Sourced (POSIX sh) by ./mvnw and ./pedigree: points JAVA_HOME at a JDK >= 21.
# Order: $JAVA_HOME if it is new enough, then `java` on the PATH, then the JDKs
# installed in the usual system directories, newest first.
pedigree_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

pedigree_try_java() {
  [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  pedigree_major=$(pedigree_java_major "$1")
  [ -n "$pedigree_major" ] && [ "$pedigree_major" -ge 21 ] || return 1
  JAVA_HOME=$1
  export JAVA_HOME
}

pedigree_find_java() {
  pedigree_try_java "${JAVA_HOME:-}" && return 0
  if command -v java >/dev/null 2>&1; then
    pedigree_try_java "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")" && return 0
  fi
  for pedigree_candidate in $(find /usr/lib/jvm /usr/local/lib/jvm /opt/java -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort -rV); do
    pedigree_try_java "$pedigree_candidate" && return 0
  done
  echo "pedigree: no JDK 21 or newer found (looked at JAVA_HOME, the PATH and /usr/lib/jvm); install one or point JAVA_HOME at it" >&2
  return 1
}

pedigree_find_java || exit 1
