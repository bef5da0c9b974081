#include "cli/man_page.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <set>
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

std::string upper(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

/// The value's name in the page: the option's own type name ("DAYS", "A,B,C"), the choices of
/// a set ("text|json|patch"), else a name instead of CLI11's parser types and validator
/// descriptions ("INT:INT in [1 - 36500]", "UINT:NONNEGATIVE", "TEXT"): N for a number, the
/// option's name for text ("--url URL").
std::string value_label(const CLI::Option* opt)
{
    static const std::set<std::string, std::less<>> k_numbers = {"INT", "UINT", "FLOAT", "NUMBER"};
    static const std::set<std::string, std::less<>> k_texts = {"TEXT", "BOOLEAN", "ENUM", "",
                                                               "VALUE"};
    const std::string full = opt->get_type_name();
    std::string type = full.substr(0, full.find(':'));
    if (auto open = full.find('{'); open != std::string::npos) {
        std::string choices = full.substr(open + 1, full.find('}', open) - open - 1);
        std::replace(choices.begin(), choices.end(), ',', '|');
        return choices;
    }
    if (k_numbers.count(type) != 0) return "N";
    if (k_texts.count(type) == 0 && type.find_first_of("[] ") == std::string::npos) return type;
    if (opt->get_lnames().empty()) return "VALUE";
    std::string name = upper(opt->get_lnames().front());
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

std::string option_label(const CLI::Option* opt)
{
    std::string label;
    for (const auto& s : opt->get_snames())
        label += (label.empty() ? "-" : ", -") + s;
    for (const auto& l : opt->get_lnames())
        label += (label.empty() ? "--" : ", --") + l;
    if (takes_value(opt)) label += " " + value_label(opt);
    return label;
}
// One named option: its label, description and the environment variable it reads (collected
// in `envs` for the ENVIRONMENT section).
void man_option(std::ostringstream& out, const CLI::Option* opt, std::vector<std::string>& envs)
{
    out << ".TP\n.B " << roff_escape(option_label(opt)) << "\n"
        << roff_escape(opt->get_description());
    if (!opt->get_envname().empty()) {
        out << " (environment: " << opt->get_envname() << ")";
        envs.push_back(opt->get_envname());
    }
    out << "\n";
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
        man_option(out, opt, envs);
    }
    for (const auto* sub : visible_subcommands(app)) {
        man_command(out, *sub, path + " " + sub->get_name(), envs);
    }
}

void entries(std::ostringstream& out, const std::vector<std::pair<std::string, std::string>>& list)
{
    for (const auto& [term, text] : list)
        out << ".TP\n" << roff_escape(term) << "\n" << roff_escape(text) << "\n";
}

}  // namespace

std::string man_page(const CLI::App& app, const ManPageInfo& info)
{
    std::ostringstream out;
    std::vector<std::string> envs;
    out << ".TH " << upper(info.name) << " 1 \"\" \"" << info.name << " " << info.version
        << "\" \"User Commands\"\n"
        << ".SH NAME\n"
        << roff_escape(info.name) << " \\- " << roff_escape(info.summary) << "\n"
        << ".SH SYNOPSIS\n"
        << info.synopsis << "\n"
        << ".SH DESCRIPTION\n"
        << roff_escape(app.get_description()) << "\n";
    if (!info.description.empty()) out << ".PP\n" << info.description << "\n";
    out << ".SH OPTIONS\n";
    for (const auto* opt : app.get_options()) {
        man_option(out, opt, envs);
    }
    const auto subs = visible_subcommands(app);
    if (!subs.empty()) out << ".SH COMMANDS\n";
    for (const auto* sub : subs)
        man_command(out, *sub, sub->get_name(), envs);
    std::sort(envs.begin(), envs.end());
    envs.erase(std::unique(envs.begin(), envs.end()), envs.end());
    if (!envs.empty() || !info.environment.empty()) {
        out << ".SH ENVIRONMENT\n";
        for (const auto& e : envs)
            out << ".TP\n.B " << e << "\nSee the options that name it above.\n";
        entries(out, info.environment);
    }
    if (!info.exit_status.empty()) {
        out << ".SH EXIT STATUS\n";
        entries(out, info.exit_status);
    }
    if (!info.see_also.empty()) out << ".SH SEE ALSO\n.BR " << info.see_also << " (1)\n";
    return out.str();
}

}  // namespace ssosnap::cli
