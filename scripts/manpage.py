#!/usr/bin/env python3
"""ftctl.1 from the command tree: reads `ftctl --experimental-dump-help` on stdin, writes roff.

One page: the root command, then a section per subcommand with its synopsis and options, so
`man ftctl` shows everything `--help` shows, in the same words.
"""
import datetime
import json
import sys


def esc(text):
    return (text or "").replace("\\", "\\\\").replace("-", "\\-").replace("'", "\\(aq").replace("\n.", "\n\\&.")


def flag_names(arg):
    names = []
    for n in arg.get("names", []):
        names.append(("-" if n["kind"] == "short" else "--") + n["name"])
    return names


def leaves(command):
    subs = command.get("subcommands", [])
    if not subs:
        return [command]
    return [leaf for sub in subs for leaf in leaves(sub)]


def key(arg):
    return tuple(flag_names(arg)) or (arg.get("valueName"),)


def option_lines(command, skip=frozenset()):
    out = []
    for arg in command.get("arguments", []):
        if not arg.get("shouldDisplay", True) or key(arg) in skip:
            continue
        if arg["kind"] == "positional":
            label = "<" + arg.get("valueName", "value") + ">"
        else:
            label = ", ".join(flag_names(arg))
            if arg["kind"] == "option":
                label += " <" + arg.get("valueName", "value") + ">"
        out.append(".TP\n.B " + esc(label))
        out.append(esc(arg.get("abstract", "")))
    return out


def walk(command, path, out, globals_):
    name = " ".join(path)
    if len(path) > 1:
        out.append(".SS " + esc(name))
    if command.get("abstract"):
        out.append(esc(command["abstract"]))
    if command.get("discussion") and len(path) > 1:
        out.append(".PP\n" + esc(command["discussion"]))
    if len(path) > 1:
        out.extend(option_lines(command, globals_))
    for sub in command.get("subcommands", []):
        if sub.get("shouldDisplay", True):
            walk(sub, path + [sub["commandName"]], out, globals_)


def main():
    tree = json.load(sys.stdin)["command"]
    today = datetime.date.today().isoformat()
    out = ['.TH FTCTL 1 "%s" "ftctl" "User Commands"' % today, ".SH NAME", "ftctl \\- " + esc(tree.get("abstract", "")),
           ".SH SYNOPSIS", ".B ftctl", "[global options] <command> [options]", ".SH DESCRIPTION",
           esc(tree.get("discussion", "")), ".SH GLOBAL OPTIONS"]
    # The global options are the ones most commands have (config and sandbox lack some); shown
    # once here, not under each command.
    all_leaves = leaves(tree)
    counts = {}
    for leaf in all_leaves:
        for a in leaf.get("arguments", []):
            if a["kind"] != "positional":
                counts[key(a)] = counts.get(key(a), 0) + 1
    globals_ = {k for k, n in counts.items() if n * 2 > len(all_leaves)}
    first = next((leaf for leaf in all_leaves if globals_ <= {key(a) for a in leaf.get("arguments", [])}), all_leaves[0])
    out.extend(option_lines(first, frozenset({key(a) for a in first.get("arguments", [])} - globals_)))
    out.append(".SH COMMANDS")
    walk(tree, ["ftctl"], out, frozenset(globals_))
    out += [".SH EXIT STATUS", "0 success; 1 other error; 2 job failed; 3 job cancelled or stopped; 4 wait timed out;",
            "5 not found; 6 no such operation; 7 refused by the budget guard or declined; 64 usage; 65 invalid data;",
            "66 input file missing; 69 service unavailable; 75 network error or timeout; 77 authentication refused;",
            "78 configuration error.", ".SH FILES", "$XDG_CONFIG_HOME/ftctl/config.yaml (ftctl config path)."]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
