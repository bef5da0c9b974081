#include "cli/introspect.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <sstream>

namespace ssosnap::cli
{
namespace
{

std::string roff_escape(const std::string& s)
{
    std::string out;
    for (char c : s) {
        if (c == '\\')
            out += "\\e";
        else if (c == '-')
            out += "\\-";
        else
            out += c;
    }
    if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
    return out;
}

std::vector<const CLI::App*> visible_subcommands(const CLI::App& app)
{
    return app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); });
}

bool takes_value(const CLI::Option* opt)
{
    return opt->get_expected_max() > 0 && opt->get_type_size_max() > 0;
}

std::string option_label(const CLI::Option* opt)
{
    std::string label;
    for (const auto& s : opt->get_snames())
        label += (label.empty() ? "-" : ", -") + s;
    for (const auto& l : opt->get_lnames())
        label += (label.empty() ? "--" : ", --") + l;
    if (takes_value(opt)) {
        std::string type = opt->get_type_name();
        label += " " + (type.empty() ? std::string("VALUE") : type);
    }
    return label;
}

void man_command(std::ostringstream& out, const CLI::App& app, const std::string& path,
                 std::vector<std::string>& envs)
{
    out << ".SS \"" << roff_escape(path) << "\"\n" << roff_escape(app.get_description()) << "\n";
    for (const auto* opt : app.get_options()) {
        if (opt->get_lnames().empty() && opt->get_snames().empty()) {
            out << ".TP\n.I " << roff_escape(opt->get_name()) << "\n"
                << roff_escape(opt->get_description()) << "\n";
            continue;
        }
        if (opt->get_lnames().size() == 1 && opt->get_lnames()[0] == "help") continue;
        out << ".TP\n.B " << roff_escape(option_label(opt)) << "\n"
            << roff_escape(opt->get_description());
        if (!opt->get_envname().empty()) {
            out << " (environment: " << opt->get_envname() << ")";
            envs.push_back(opt->get_envname());
        }
        out << "\n";
    }
    for (const auto* sub : visible_subcommands(app)) {
        man_command(out, *sub, path + " " + sub->get_name(), envs);
    }
}

const CLI::Option* find_option(const CLI::App& app, const std::string& word)
{
    for (const auto* opt : app.get_options()) {
        for (const auto& l : opt->get_lnames()) {
            if (word == "--" + l) return opt;
        }
        for (const auto& s : opt->get_snames()) {
            if (word == "-" + s) return opt;
        }
    }
    return nullptr;
}

void add_paths(const std::string& partial, bool dirs_only, std::vector<std::string>& out)
{
    namespace fs = std::filesystem;
    auto slash = partial.find_last_of('/');
    std::string dir = slash == std::string::npos ? "." : partial.substr(0, slash + 1);
    std::string shown = slash == std::string::npos ? "" : dir;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = shown + it->path().filename().string();
        if (!name.starts_with(partial)) continue;
        bool is_dir = it->is_directory(ec);
        if (is_dir)
            out.push_back(name + "/");
        else if (!dirs_only && name.size() > 4 && name.ends_with(".zip"))
            out.push_back(name);
    }
}

}  // namespace

std::string man_page(const CLI::App& app, const std::string& version)
{
    std::ostringstream out;
    std::vector<std::string> envs;
    out << ".TH SSOSNAP 1 \"\" \"ssosnap " << version << "\" \"User Commands\"\n"
        << ".SH NAME\nssosnap \\- configuration snapshots for Kantega SSO Enterprise\n"
        << ".SH SYNOPSIS\n.B ssosnap\n.I COMMAND\n[\\fIARGS\\fR] [\\fIOPTIONS\\fR]\n"
        << ".SH DESCRIPTION\n"
        << roff_escape(app.get_description())
        << "\n.PP\nOptions may follow the command and its arguments. Every command takes "
           "\\fB\\-\\-help\\fR and \\fB\\-\\-json\\fR.\n"
        << ".SH OPTIONS\n";
    for (const auto* opt : app.get_options()) {
        out << ".TP\n.B " << roff_escape(option_label(opt)) << "\n"
            << roff_escape(opt->get_description()) << "\n";
    }
    out << ".SH COMMANDS\n";
    for (const auto* sub : visible_subcommands(app))
        man_command(out, *sub, sub->get_name(), envs);
    std::sort(envs.begin(), envs.end());
    envs.erase(std::unique(envs.begin(), envs.end()), envs.end());
    out << ".SH ENVIRONMENT\n";
    for (const auto& e : envs)
        out << ".TP\n.B " << e << "\nSee the options that name it above.\n";
    out << ".TP\n.B NO_COLOR\nWhen set, no colour in text output.\n";
    out << ".SH EXIT STATUS\n"
           ".TP\n0\nsuccess; diff: same; verify/validate: no error findings\n"
           ".TP\n1\na negative answer: differences, error findings, incompatible\n"
           ".TP\n2\nusage error\n.TP\n3\nlocal input error\n.TP\n4\nremote error\n"
           ".TP\n5\nauthentication or permission refused\n.TP\n6\nrefused by a safety gate\n"
           ".TP\n70\ninternal error\n"
           ".SH SEE ALSO\n.BR ksso-emulator (1)\n";
    return out.str();
}

std::vector<std::string> complete(const CLI::App& app, const std::vector<std::string>& words,
                                  const RemoteIds& remote_ids)
{
    const CLI::App* current = &app;
    std::string partial = words.empty() ? std::string() : words.back();
    std::string previous;
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        for (const auto* sub : visible_subcommands(*current)) {
            if (sub->get_name() == words[i]) {
                current = sub;
                break;
            }
        }
        previous = words[i];
    }
    std::vector<std::string> out;
    if (const auto* opt = find_option(*current, previous); opt != nullptr && takes_value(opt)) {
        std::string type = opt->get_type_name();
        add_paths(partial, type == "DIR", out);
        return out;
    }
    if (partial.starts_with("-")) {
        for (const auto* opt : current->get_options()) {
            for (const auto& l : opt->get_lnames()) {
                if (("--" + l).starts_with(partial)) out.push_back("--" + l);
            }
        }
        return out;
    }
    const std::string name = current->get_name();
    const auto* parent = current->get_parent();
    if (remote_ids && parent != nullptr && parent->get_name() == "remote" &&
        (name == "download" || name == "restore" || name == "delete")) {
        for (const auto& id : remote_ids()) {
            if (id.starts_with(partial)) out.push_back(id);
        }
        return out;
    }
    for (const auto* sub : visible_subcommands(*current)) {
        if (sub->get_name().starts_with(partial)) out.push_back(sub->get_name());
    }
    bool has_positional = false;
    for (const auto* opt : current->get_options())
        has_positional = has_positional || opt->get_positional();
    if (has_positional) add_paths(partial, false, out);
    return out;
}

std::string completion_script(const std::string& shell, bool remote)
{
    // SSOSNAP_COMPLETE_REMOTE=1 in the user's environment works with either script; the
    // --complete-remote script sets it itself.
    std::string env = remote ? "SSOSNAP_COMPLETE_REMOTE=1 " : "";
    if (shell == "bash") {
        return R"(# bash completion for ssosnap (generated by 'ssosnap completion bash')
_ssosnap() {
  local IFS=$'\n'
  COMPREPLY=($()" +
               env + R"(ssosnap __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
  compopt -o nospace 2>/dev/null
  local i; for i in "${!COMPREPLY[@]}"; do
    [[ ${COMPREPLY[$i]} == */ ]] || COMPREPLY[$i]+=' '
  done
}
complete -F _ssosnap ssosnap
)";
    }
    if (shell == "zsh") {
        return R"(#compdef ssosnap
# zsh completion for ssosnap (generated by 'ssosnap completion zsh')
_ssosnap() {
  local -a candidates words_ dirs_
  local c
  candidates=("${(@f)$()" +
               env + R"(ssosnap __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
  for c in "${candidates[@]}"; do
    [[ -z $c ]] && continue
    if [[ $c == */ ]]; then dirs_+=("$c"); else words_+=("$c"); fi
  done
  (( ${#words_} )) && compadd -- "${words_[@]}"
  (( ${#dirs_} )) && compadd -S '' -- "${dirs_[@]}"
  return 0
}
# Autoloaded from $fpath (the #compdef line): complete now. Sourced: register.
if [[ $funcstack[1] == _ssosnap ]]; then
  _ssosnap "$@"
else
  compdef _ssosnap ssosnap
fi
)";
    }
    return {};
}

}  // namespace ssosnap::cli
