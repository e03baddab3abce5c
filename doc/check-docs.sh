#!/usr/bin/env bash
# Keeps the man page and the shell completions in step with the binary:
#
#   doc/check-docs.sh NOTES_BINARY doc/notes.1 doc/completion/notes.bash doc/completion/_notes
#
# Reads `notes --help` and `notes CMD --help` (CLI11's format: a "Subcommands:"
# or "Commands:" and an "Options:" section, one entry a line) and fails when
#   - a command or option (long or short) is missing from the man page, the
#     bash completion or the zsh completion,
#   - a completion offers a command that `notes --help` does not list,
#   - the man page's version (.TH) is not the one `notes --version` prints,
#   - the hidden command __complete shows up in --help.
# Run by ctest ("docs: ..."), registered in cmake/Install.cmake.
set -uo pipefail

if (($# != 4)); then
  echo "usage: $0 NOTES_BINARY MAN_PAGE BASH_COMPLETION ZSH_COMPLETION" >&2
  exit 2
fi
notes=$1 man=$2 bash_comp=$3 zsh_comp=$4
errors=0
fail() { echo "check-docs: $*" >&2; errors=$((errors + 1)); }

help_of() { # help_of [CMD]: the help text, or fail
  local out
  if ! out=$(NOTES_DB=/nonexistent/never-opened.db "$notes" "$@" --help 2>&1); then
    fail "'notes $* --help' failed: $out"
    return 1
  fi
  printf '%s\n' "$out"
}
# Lines of one section ("Options:", "Subcommands:") up to the next blank line.
section() { awk -v s="$1" '$0 == s { on = 1; next } on && /^$/ { exit } on { print }'; }
# The option names of an "Options:" section: -h,--help  ->  -h --help
option_names() {
  sed -nE 's/^  (-[^ ]*( [A-Z]+)?).*/\1/p' | sed -E 's/ [A-Z]+$//; s/:\{.*//' | tr ',' '\n' |
    sed -nE '/^--?[A-Za-z0-9][A-Za-z0-9-]*$/p'
}

top=$(help_of) || exit 1
# CLI11 lists commands under "Subcommands:", or under the group they are put in.
commands=$({ section "Subcommands:" <<<"$top"; section "Commands:" <<<"$top"; } |
  awk '/^  [^ -]/ { print $1 }')
global_opts=$(section "Options:" <<<"$top" | option_names)
if [[ -z $commands || -z $global_opts ]]; then
  fail "found no commands or no options in 'notes --help':"
  printf '%s\n' "$top" >&2
  exit 1
fi
grep -q '__complete' <<<"$top" && fail "the hidden command __complete shows in 'notes --help'"

# The man page as text: \- is a minus, font escapes go.
man_text=$(sed -E 's/\\-/-/g; s/\\f[BIRP]//g; s/\\&//g' "$man")
bash_text=$(cat "$bash_comp")
zsh_text=$(cat "$zsh_comp")

# whole word (options and commands contain only [A-Za-z0-9-])
has_word() { grep -qE "(^|[^A-Za-z0-9-])$2([^A-Za-z0-9-]|$)" <<<"$1"; }
check_everywhere() { # check_everywhere WORD WHAT
  has_word "$man_text" "$1" || fail "$2 '$1' is not in the man page ($man)"
  has_word "$bash_text" "$1" || fail "$2 '$1' is not in the bash completion ($bash_comp)"
  has_word "$zsh_text" "$1" || fail "$2 '$1' is not in the zsh completion ($zsh_comp)"
}

for o in $global_opts; do check_everywhere "$o" "global option"; done
ncommands=0 nopts=0
for c in $commands; do
  ncommands=$((ncommands + 1))
  check_everywhere "$c" "command"
  has_word "$man_text" "\\.(B|BI|BR) $c" || fail "command '$c' has no entry (.B/.BI/.BR $c) in the man page"
  sub=$(help_of "$c") || continue
  for o in $(section "Options:" <<<"$sub" | option_names); do
    nopts=$((nopts + 1))
    check_everywhere "$o" "option of '$c'"
  done
done

# The other way: the completions offer no command that does not exist.
bash_commands=$(sed -nE "s/^_notes_commands='(.*)'$/\1/p" "$bash_comp")
zsh_commands=$(sed -nE "s/^    '([a-z]+):.*/\1/p" "$zsh_comp")
sorted() { tr ' ' '\n' | sed '/^$/d' | sort; }
[[ $(sorted <<<"$bash_commands") == $(sorted <<<"$commands") ]] ||
  fail "bash completion commands ($bash_commands) differ from 'notes --help' ($(echo $commands))"
[[ $(sorted <<<"$zsh_commands") == $(sorted <<<"$commands") ]] ||
  fail "zsh completion commands ($(echo $zsh_commands)) differ from 'notes --help' ($(echo $commands))"

# The version in the man page's title line.
version=$("$notes" --version | head -n1 | awk '{ print $2 }')
grep -qE "^\.TH NOTES 1 [^ ]+ \"notes $version\"" "$man" ||
  fail "the man page's .TH line does not say \"notes $version\" ('notes --version' does)"

if ((errors)); then
  echo "check-docs: $errors problem(s)" >&2
  exit 1
fi
echo "check-docs: $ncommands commands, $(wc -w <<<"$global_opts") global options and $nopts command options are in the man page and both completions"
