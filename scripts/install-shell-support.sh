#!/usr/bin/env bash
# Installs what `mvn package` generated for the `homodyne` command: bash completion and man pages
# (scripts/build-shell-support.sh). Default PREFIX: ~/.local (no root needed); /usr/local for all users.
#   scripts/install-shell-support.sh [PREFIX]
# Then: open a new shell (completion loads lazily through bash-completion), `man homodyne`.
# Without bash-completion, or in zsh (autoload -U +X bashcompinit && bashcompinit first), use
#   source PREFIX/share/bash-completion/completions/homodyne
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shell="$here/target/shell"
prefix=${1:-$HOME/.local}
if [ ! -f "$shell/completion/homodyne" ] || ! ls "$shell/man/man1/"*.1 >/dev/null 2>&1; then
  echo "install-shell-support: $shell has no completion script or man pages; build them first with:" >&2
  echo "  mvn -B -q package -DskipTests" >&2
  exit 2
fi
completions="$prefix/share/bash-completion/completions"
man1="$prefix/share/man/man1"
mkdir -p "$completions" "$man1"
install -m 0644 "$shell/completion/homodyne" "$completions/homodyne"
install -m 0644 "$shell/man/man1/"*.1 "$man1/"
echo "installed: $completions/homodyne"
echo "installed: $(ls "$shell/man/man1/"*.1 | wc -l) man pages in $man1 (man homodyne, man homodyne-plot, ...)"
case ":${MANPATH:-}:" in
  *":$prefix/share/man:"*) ;;
  *) [ "$prefix" = /usr/local ] || [ "$prefix" = /usr ] || \
       echo "if man does not find them: export MANPATH=\"$prefix/share/man:\$(manpath)\"" ;;
esac
command -v homodyne >/dev/null 2>&1 || echo "put $here/scripts on your PATH so that the shell completes 'homodyne'"
