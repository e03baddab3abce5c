# bash completion for notes(1)                              -*- shell-script -*-
# Installed as share/bash-completion/completions/notes (loaded on demand by
# bash-completion), or source it from ~/.bashrc.
#
# Commands and options are listed here (doc/check-docs.sh, a ctest, fails when
# they drift from `notes --help`); category names come from the database via
# the hidden command `notes [--db URL] __complete categories -- PREFIX`, which
# prints one name per line and only reads the names.

_notes_commands='init create add list show search edit rename rm drop export import history undo'
_notes_global_opts='--db --json -v --verbose -q --quiet --color --version -h --help'

# Long and short options of each command (besides the global ones).
_notes_command_opts() {
    case $1 in
        add) echo '-c --category' ;;
        list) echo '--limit --oldest' ;;
        search) echo '-c --category --limit' ;;
        edit) echo '-c --category' ;;
        drop) echo '--force --all --yes' ;;
        export) echo '-c --category -o --output' ;;
        history) echo '--limit' ;;
        *) ;;
    esac
}

# COMPREPLY += the category names starting with $1, quoted for the shell.
# $2... : the --db arguments found on the command line.
_notes_complete_categories() {
    local cur=$1 quote=''
    shift
    case $cur in
        \'* | \"*) quote=${cur:0:1} cur=${cur:1} ;;
    esac
    local bin=${_notes_bin:-notes} name
    local -a names
    mapfile -t names < <("$bin" "$@" __complete categories -- "$cur" 2>/dev/null)
    for name in "${names[@]}"; do
        [[ -n $name ]] || continue
        if [[ -n $quote ]]; then
            COMPREPLY+=("$name")  # bash closes the quote the user opened
        else
            COMPREPLY+=("$(printf '%q' "$name")")
        fi
    done
}

_notes() {
    local cur prev words cword
    if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
        # from bash-completion: keeps --db=URL and mysql://host:port whole
        _get_comp_words_by_ref -n =: cur prev words cword
    else
        # Without bash-completion: split the line up to the cursor at white
        # space only (bash's COMP_WORDS is also split at = and :).
        local line=${COMP_LINE:0:COMP_POINT}
        read -ra words <<<"$line"
        if ((${#words[@]} == 0)) || [[ $line == *[[:space:]] ]]; then words+=(''); fi
        cword=$((${#words[@]} - 1))
        cur=${words[cword]} prev=''
        if ((cword > 0)); then prev=${words[cword - 1]}; fi
    fi
    COMPREPLY=()

    local _notes_bin=${words[0]}
    [[ $_notes_bin == '~/'* ]] && _notes_bin=$HOME/${_notes_bin:2}

    # The command, the --db given, and whether `--` ended the options.
    local command='' ddash='' i w
    local -a db=()
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        case $w in
            --) ddash=1 ;;
            --db)
                if ((i + 1 < cword)); then db=(--db "${words[i + 1]}"); fi
                i=$((i + 1)) ;;
            --db=*) db=(--db "${w#--db=}") ;;
            --color | -c | --category | -o | --output | --limit) i=$((i + 1)) ;;
            -*) ;;
            *) if [[ -z $command ]]; then command=$w; fi ;;
        esac
    done

    # The value of an option.
    case $prev in
        --db | -o | --output)
            [[ -z $ddash ]] && { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return 0; } ;;
        --color)
            [[ -z $ddash ]] && { COMPREPLY=($(compgen -W 'auto always never' -- "$cur")); return 0; } ;;
        -c | --category)
            [[ -z $ddash ]] && { _notes_complete_categories "$cur" "${db[@]}"; return 0; } ;;
        --limit)
            [[ -z $ddash ]] && return 0 ;;
    esac
    if [[ -z $ddash ]]; then
        case $cur in
            --color=*)
                COMPREPLY=($(compgen -W 'auto always never' -- "${cur#--color=}"))
                return 0 ;;
            --category=*)
                _notes_complete_categories "${cur#--category=}" "${db[@]}"
                return 0 ;;
            --db=* | --output=*)
                compopt -o filenames 2>/dev/null
                COMPREPLY=($(compgen -f -- "${cur#*=}"))
                return 0 ;;
            -*)
                COMPREPLY=($(compgen -W "$_notes_global_opts $(_notes_command_opts "$command")" -- "$cur"))
                return 0 ;;
        esac
    fi

    if [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "$_notes_commands" -- "$cur"))
        return 0
    fi

    # Positional arguments: how many come before the cursor.
    local npos=0 seen=''
    ddash=''
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        if [[ -z $ddash ]]; then
            case $w in
                --) ddash=1; continue ;;
                --db | --color | -c | --category | -o | --output | --limit) i=$((i + 1)); continue ;;
                -*) continue ;;
            esac
        fi
        if [[ -z $seen && $w == "$command" ]]; then seen=1; continue; fi
        npos=$((npos + 1))
    done
    case $command in
        list | rename) ((npos == 0)) && _notes_complete_categories "$cur" "${db[@]}" ;;
        drop) _notes_complete_categories "$cur" "${db[@]}" ;;
        import)
            ((npos == 0)) && { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); } ;;
    esac
    return 0
}

complete -F _notes notes
