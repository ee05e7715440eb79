#!/usr/bin/env bash
# Generates the shell completion script and the man pages of the `homodyne` command from its
# picocli model (run by `mvn package` after the shade step; scripts/install-shell-support.sh
# installs them). Both come from the same annotations as `homodyne --help`, so they cannot drift:
#   OUT/completion/homodyne      bash (and zsh via bashcompinit) completion: `homodyne generate-completion`
#   OUT/man-adoc/*.adoc          one AsciiDoc page per command, by picocli-codegen's ManPageGenerator;
#                                the asciidoctor-maven-plugin then converts them to OUT/man/man1/*.1
#   scripts/build-shell-support.sh JAR CODEGEN_JAR OUT
set -euo pipefail
jar=${1:?usage: build-shell-support.sh JAR CODEGEN_JAR OUT}
codegen=${2:?usage: build-shell-support.sh JAR CODEGEN_JAR OUT}
out=${3:?usage: build-shell-support.sh JAR CODEGEN_JAR OUT}
java=${JAVA:-java}
rm -rf "$out/completion" "$out/man-adoc" "$out/man"
mkdir -p "$out/completion" "$out/man-adoc"
"$java" -jar "$jar" generate-completion > "$out/completion/homodyne.tmp"
mv "$out/completion/homodyne.tmp" "$out/completion/homodyne"
"$java" -cp "$jar:$codegen" "$(dirname "$0")/ManPages.java" "$out/man-adoc" >/dev/null
echo "[shell] completion script and $(ls "$out/man-adoc" | wc -l) man page sources in $out"
