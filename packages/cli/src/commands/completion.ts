/**
 * `keyhold completion bash|zsh|fish`: prints a completion script built from the command table:
 * sub-commands, then the flags of the command typed so far, then the values of the flag just
 * typed (`--alg aes|…`, `--kmip-version 2.1|…`, `--mode gcm|cbc`, …), else file names.
 *
 * The values come from the very tables the commands validate against: a commander
 * `.choices()` list (`--kmip-version`, the `<shell>` of this command), or {@link OPTION_VALUES},
 * which points at the generated enumeration (for options parsed with `enumFromName`) or the
 * command's own list (`MODES`, `SIGNATURE_ALGORITHMS`, `INPUT_FORMATS`…). No value list is
 * written twice.
 *
 * bash: `source <(keyhold completion bash)`, or save it in
 * `~/.local/share/bash-completion/completions/keyhold`.
 * zsh: `source <(keyhold completion zsh)` (it runs the bash script through `bashcompinit`).
 * fish: `keyhold completion fish > ~/.config/fish/completions/keyhold.fish`.
 */
import { Argument, type Command, type Option } from 'commander';
import { CryptographicAlgorithm, CryptographicUsageMask, ObjectType, RevocationReasonCode, State } from '@keyhold/protocol';
import { CliError, ExitCode } from '../errors.js';
import { writeOutput } from '../io.js';
import { MODES } from './crypto/framing.js';
import { SIGNATURE_ALGORITHMS } from './crypto/sign.js';
import { INPUT_FORMATS, OUTPUT_FORMATS } from './ttlv/formats.js';

/** The shells `keyhold completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;

/**
 * An enumeration key spelled for the command line, as `enumFromName` accepts it:
 * `PreActive` → `pre-active`, `HMAC_SHA256` → `hmac-sha256`, `CACompromise` → `ca-compromise`.
 */
export function cliName(key: string): string {
  return key
    .replace(/_/g, '-')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** The command-line names of an `as const` enumeration table. */
export function enumNames(table: Readonly<Record<string, number>>): string[] {
  return Object.keys(table).map(cliName);
}

/**
 * Value lists of options that validate with a table of their own rather than commander's
 * `.choices()`: command path → flag → values. Each entry reads the table the command parses with.
 */
export const OPTION_VALUES: Readonly<Record<string, Readonly<Record<string, () => readonly string[]>>>> = {
  'key create': { '--alg': () => enumNames(CryptographicAlgorithm), '--usage': () => enumNames(CryptographicUsageMask) },
  'key-pair create': {
    '--alg': () => enumNames(CryptographicAlgorithm),
    '--private-usage': () => enumNames(CryptographicUsageMask),
    '--public-usage': () => enumNames(CryptographicUsageMask),
  },
  'key revoke': { '--reason': () => enumNames(RevocationReasonCode) },
  'key list': { '--state': () => enumNames(State), '--type': () => enumNames(ObjectType) },
  encrypt: { '--mode': () => MODES },
  decrypt: { '--mode': () => MODES },
  sign: { '--alg': () => Object.keys(SIGNATURE_ALGORITHMS) },
  verify: { '--alg': () => Object.keys(SIGNATURE_ALGORITHMS) },
  'ttlv convert': { '--from': () => INPUT_FORMATS, '--to': () => OUTPUT_FORMATS },
};

/** One command of the table: its path, sub-commands, flags, and the completions of values. */
export interface CompletionEntry {
  /** Space-separated command path (`''` for the program itself). */
  readonly path: string;
  /** Names of the sub-commands. */
  readonly subs: readonly string[];
  /** Visible flags (long, else short), plus `--help`. */
  readonly opts: readonly string[];
  /** The visible options themselves. */
  readonly options: readonly Option[];
  /** Flag spelling (long and short) → its values; `[]` for a flag whose value is a file or free text. */
  readonly values: ReadonlyMap<string, readonly string[]>;
  /** Values of the first positional argument, when it has a fixed list. */
  readonly args: readonly string[];
}

/** The values an option of the command at `path` completes to (`[]`: none known). */
export function optionValues(path: string, option: Option): readonly string[] {
  if (option.argChoices !== undefined) return option.argChoices;
  const source = option.long === undefined ? undefined : OPTION_VALUES[path]?.[option.long];
  return source === undefined ? [] : source();
}

/** Walks the command tree into completion entries. */
export function completionTable(program: Command): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  const walk = (cmd: Command, path: string): void => {
    const options = cmd.options.filter((o) => !o.hidden);
    const values = new Map<string, readonly string[]>();
    for (const o of options) {
      if (!o.required && !o.optional) continue;
      const v = optionValues(path, o);
      for (const flag of [o.long, o.short]) if (flag !== undefined) values.set(flag, v);
    }
    out.push({
      path,
      subs: cmd.commands.map((c) => c.name()),
      opts: [...options.map((o) => o.long ?? o.short).filter((s): s is string => s !== undefined), '--help'],
      options,
      values,
      args: cmd.registeredArguments[0]?.argChoices ?? [],
    });
    for (const c of cmd.commands) walk(c, path === '' ? c.name() : `${path} ${c.name()}`);
  };
  walk(program, '');
  return out;
}

/** The bash completion script for `program`. */
export function bashScript(program: Command): string {
  const table = completionTable(program);
  const cases = (pick: (e: CompletionEntry) => readonly string[]): string =>
    table
      .filter((e) => pick(e).length > 0)
      .map((e) => `    "${e.path}") echo "${pick(e).join(' ')}" ;;`)
      .join('\n');
  const valueCases = table
    .flatMap((e) => [...e.values].map(([flag, v]) => `    "${e.path}|${flag}") echo "${v.join(' ')}" ;;`))
    .join('\n');
  const takesValue = table.flatMap((e) => [...e.values.keys()].map((flag) => `"${e.path}|${flag}"`));
  return `# keyhold bash completion (generated by \`keyhold completion bash\`)
_keyhold_subs() {
  case "$1" in
${cases((e) => e.subs)}
  esac
}
_keyhold_opts() {
  case "$1" in
${cases((e) => e.opts)}
  esac
}
_keyhold_args() {
  case "$1" in
${cases((e) => e.args)}
  esac
}
_keyhold_takes_value() {
  case "$1|$2" in
    ${takesValue.length > 0 ? takesValue.join('|') : '"|"'}) return 0 ;;
  esac
  return 1
}
_keyhold_values() {
  case "$1|$2" in
${valueCases}
  esac
}
_keyhold() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" path="" w i vals
  if ((COMP_CWORD > 0)); then prev="\${COMP_WORDS[COMP_CWORD-1]}"; fi
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case " $(_keyhold_subs "$path") " in
      *" $w "*) path="\${path:+$path }$w" ;;
    esac
  done
  if [[ "$prev" == -* ]] && _keyhold_takes_value "$path" "$prev"; then
    vals="$(_keyhold_values "$path" "$prev")"
    if [[ -n "$vals" ]]; then COMPREPLY=($(compgen -W "$vals" -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
    return 0
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(_keyhold_opts "$path")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(_keyhold_subs "$path")" -- "$cur"))
    if [[ \${#COMPREPLY[@]} -eq 0 ]]; then COMPREPLY=($(compgen -W "$(_keyhold_args "$path")" -- "$cur")); fi
    if [[ \${#COMPREPLY[@]} -eq 0 ]]; then COMPREPLY=($(compgen -f -- "$cur")); fi
  fi
}
complete -F _keyhold keyhold
`;
}

/** The zsh completion script (the bash one through bashcompinit). */
export function zshScript(program: Command): string {
  return `#compdef keyhold
# keyhold zsh completion (generated by \`keyhold completion zsh\`)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashScript(program)}`;
}

const fishQuote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The fish completion script for `program`. */
export function fishScript(program: Command): string {
  const table = completionTable(program);
  const subs = table
    .filter((e) => e.subs.length > 0)
    .map((e) => `        case ${fishQuote(e.path)}\n            printf '%s\\n' ${e.subs.map(fishQuote).join(' ')}`)
    .join('\n');
  const lines: string[] = [];
  for (const e of table) {
    const at = `-n ${fishQuote(`__keyhold_at ${fishQuote(e.path)}`)}`;
    if (e.subs.length > 0) lines.push(`complete -c keyhold ${at} -a ${fishQuote(e.subs.join(' '))}`);
    if (e.args.length > 0) lines.push(`complete -c keyhold ${at} -a ${fishQuote(e.args.join(' '))}`);
    for (const o of e.options) {
      const names = [o.long && `-l ${o.long.replace(/^--/, '')}`, o.short && `-s ${o.short.replace(/^-/, '')}`].filter(Boolean).join(' ');
      const takes = o.required || o.optional;
      const v = takes ? (e.values.get(o.long ?? o.short ?? '') ?? []) : [];
      const arg = !takes ? '' : v.length > 0 ? ` -x -a ${fishQuote(v.join(' '))}` : ' -r -F';
      lines.push(`complete -c keyhold ${at} ${names}${arg} -d ${fishQuote(o.description)}`);
    }
  }
  return `# keyhold fish completion (generated by \`keyhold completion fish\`)
function __keyhold_subs
    switch "$argv[1]"
${subs}
    end
end
function __keyhold_path
    set -l words (commandline -opc)
    set -e words[1]
    set -l path ''
    for w in $words
        if contains -- $w (__keyhold_subs "$path")
            if test -z "$path"; set path $w; else; set path "$path $w"; end
        end
    end
    printf '%s\\n' "$path"
end
function __keyhold_at
    set -l p (__keyhold_path)
    test "$p" = "$argv[1]"
end
complete -c keyhold -f
${lines.join('\n')}
`;
}

/** Registers `completion`. */
export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script: source <(keyhold completion bash)')
    .addArgument(new Argument('<shell>', SHELLS.join(', ')).choices(SHELLS))
    .action(async (shell: (typeof SHELLS)[number]) => {
      const script = { bash: bashScript, zsh: zshScript, fish: fishScript }[shell];
      if (script === undefined) throw new CliError(`completion is available for ${SHELLS.join(', ')}, not "${shell}"`, ExitCode.Usage);
      await writeOutput(script(program));
    });
}
