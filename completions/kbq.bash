# bash completion for kbq, the errkb query tool.              -*- sh -*-
# Installed as share/bash-completion/completions/kbq.

_kbq()
{
	local cur prev
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}

	case $prev in
	--index)
		COMPREPLY=($(compgen -f -X '!*.idx' -- "$cur") $(compgen -d -S / -- "$cur"))
		return 0 ;;
	--lang)
		COMPREPLY=($(compgen -W 'en sv de' -- "$cur"))
		return 0 ;;
	--limit)
		return 0 ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '--json --follow --limit --lang --index --check --help --version --' -- "$cur"))
	fi
	return 0
}
complete -F _kbq kbq
