#!/bin/bash
# The completion scripts load without error and complete a command and a subcommand:
# bash through `complete -p` and the registered function with COMP_WORDS; zsh both sourced
# after compinit and autoloaded from $fpath the way vendor-completions is.
set -euo pipefail
ssosnap=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
ln -s "$ssosnap" "$bin/ssosnap"   # the scripts call 'ssosnap' from PATH
export PATH="$bin:$PATH"
cd "$bin"

# bash
out=$(bash --norc --noprofile -c '
  source <(ssosnap completion bash) || exit 1
  complete -p ssosnap | grep -q -- "-F _ssosnap" || exit 2
  COMP_WORDS=(ssosnap rem); COMP_CWORD=1; _ssosnap; printf "[%s]\n" "${COMPREPLY[@]}"
  COMP_WORDS=(ssosnap remote li); COMP_CWORD=2; _ssosnap; printf "[%s]\n" "${COMPREPLY[@]}"
' 2>&1) || fail "bash: script did not load or register ($out)"
grep -qx '\[remote \]' <<<"$out" || fail "bash did not complete 'rem' to 'remote': $out"
grep -qx '\[list \]' <<<"$out" || fail "bash did not complete 'remote li' to 'list': $out"

command -v zsh >/dev/null || { echo "skip: zsh is not installed"; exit 77; }
# compadd only works inside a completion widget: stand in for it, printing the candidates.
drive='
  compadd() { local i=${@[(i)--]}; print -l -- "${@[i+1,-1]}" }
  words=(ssosnap rem); CURRENT=2; _ssosnap
  words=(ssosnap remote li); CURRENT=3; _ssosnap'
out=$(zsh -f -c "autoload -U compinit; compinit -u -D
  source <(ssosnap completion zsh) || exit 1
  [[ \$_comps[ssosnap] == _ssosnap ]] || exit 2
  $drive" 2>&1) || fail "zsh: sourced script did not load or register ($out)"
grep -qx 'remote' <<<"$out" || fail "zsh did not complete 'rem' to 'remote': $out"
grep -qx 'list' <<<"$out" || fail "zsh did not complete 'remote li' to 'list': $out"

mkdir "$bin/fpath"
ssosnap completion zsh >"$bin/fpath/_ssosnap"
out=$(zsh -f -c "fpath=($bin/fpath \$fpath); autoload -U compinit; compinit -u -D
  [[ \$_comps[ssosnap] == _ssosnap ]] || exit 2
  $drive" 2>&1) || fail "zsh: autoloaded script was not registered ($out)"
grep -qx 'remote' <<<"$out" || fail "zsh (autoloaded) did not complete 'rem': $out"
echo "ok: bash and zsh complete commands and subcommands"
