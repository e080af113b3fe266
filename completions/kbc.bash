# bash completion for kbc, the errkb compiler.                -*- sh -*-
# Installed as share/bash-completion/completions/kbc.

_kbc()
{
	local cur prev cmd i
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}

	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W 'build check export embed report --help --version' -- "$cur"))
		return 0
	fi
	cmd=${COMP_WORDS[1]}

	case $prev in
	-o)
		case $cmd in
		build)	COMPREPLY=($(compgen -d -- "$cur")) ;;
		embed)	COMPREPLY=($(compgen -f -X '!*.c' -- "$cur") $(compgen -d -S / -- "$cur")) ;;
		report)	COMPREPLY=($(compgen -f -X '!*.html' -- "$cur") $(compgen -d -S / -- "$cur")) ;;
		esac
		return 0 ;;
	--locale)
		COMPREPLY=($(compgen -W 'en sv de fr' -- "$cur"))
		return 0 ;;
	--vocab)
		COMPREPLY=($(compgen -f -X '!*.tsv' -- "$cur") $(compgen -d -S / -- "$cur"))
		return 0 ;;
	--docs)
		COMPREPLY=($(compgen -d -- "$cur"))
		return 0 ;;
	-j|--jobs|--symbol|--per-page|--lock-timeout|--base-url|--exclude)
		return 0 ;;
	esac

	if [[ $cur == -* ]]; then
		case $cmd in
		build)	COMPREPLY=($(compgen -W '-o --locale --werror -Werror --quiet --full --jobs
			    --exclude --follow-outside --lock-timeout --base-url --vocab' -- "$cur")) ;;
		check)	COMPREPLY=($(compgen -W '--locale --werror -Werror --jobs --exclude
			    --follow-outside --vocab' -- "$cur")) ;;
		embed)	COMPREPLY=($(compgen -W '-o --symbol' -- "$cur")) ;;
		report)	COMPREPLY=($(compgen -W '-o --docs --per-page' -- "$cur")) ;;
		esac
		return 0
	fi
	case $cmd in
	build|check)
		COMPREPLY=($(compgen -d -- "$cur")) ;;
	export|report)
		COMPREPLY=($(compgen -f -X '!*.sqlite' -- "$cur") $(compgen -d -S / -- "$cur")) ;;
	embed)
		COMPREPLY=($(compgen -f -X '!*.idx' -- "$cur") $(compgen -d -S / -- "$cur")) ;;
	esac
	return 0
}
complete -o filenames -F _kbc kbc
