# bash completion for schemactl. Install as
# /usr/share/bash-completion/completions/schemactl, or source it.
# The candidates come from `schemactl __complete`, which reads the program's
# own commands and options and the table names in the schema files.
_schemactl() {
    # The words up to the cursor as the program sees them: bash splits
    # "--format=j" at "=", schemactl does not.
    local line=${COMP_LINE:0:COMP_POINT}
    local -a words
    read -ra words <<<"$line"
    [[ $line =~ [[:space:]]$ ]] && words+=("")
    local cur=${COMP_WORDS[COMP_CWORD]}
    local -a found
    mapfile -t found < <("${words[0]}" __complete -- "${words[@]:1}" 2>/dev/null)
    if [[ ${found[0]} == ":file" ]]; then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return
    fi
    # Candidates are whole words; bash replaces only its own last word.
    local typed=${words[${#words[@]}-1]} strip
    strip=${typed%"$cur"}
    [[ $cur == "=" ]] && strip=${typed%=}
    COMPREPLY=()
    local c
    for c in "${found[@]}"; do COMPREPLY+=("${c#"$strip"}"); done
}
complete -F _schemactl schemactl
