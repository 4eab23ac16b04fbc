# fish completion for schemactl. Install in
# /usr/share/fish/vendor_completions.d/. The candidates come from
# `schemactl __complete`: the program's own commands and options and the
# table names in the schema files.
function __schemactl_complete
    set -l before (commandline -opc)
    set -l cur (commandline -ct)
    set -l prog $before[1]
    set -e before[1]
    set -l found ($prog __complete -- $before "$cur" 2>/dev/null)
    if test "$found[1]" = ":file"
        __fish_complete_path "$cur"
        return
    end
    printf '%s\n' $found
end
complete -c schemactl -f -a '(__schemactl_complete)'
