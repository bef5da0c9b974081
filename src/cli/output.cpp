#include "cli/output.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>

namespace ssosnap::cli
{

void add_json_flag(CLI::App& command, Context& ctx)
{
    command.add_flag("--json", ctx.json, "Print one JSON document (schema 1) on stdout");
}

nlohmann::json envelope(const Context& ctx)
{
    return nlohmann::json{{"schema", 1}, {"command", ctx.command}};
}

void print_json(Context& ctx, const nlohmann::json& doc)
{
    ctx.out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

int report_error(Context& ctx, const core::Error& error)
{
    ctx.err << "ssosnap: error: " << error.message << "\n";
    if (ctx.json) {
        auto doc = envelope(ctx);
        doc["error"] = error_json(error);
        print_json(ctx, doc);
    }
    ctx.status = core::exit_status(error.code);
    return ctx.status;
}

nlohmann::json error_json(const core::Error& error)
{
    return {{"class", core::errc_name(error.code)},
            {"code", error.id},
            {"message", error.message},
            {"exit_status", core::exit_status(error.code)}};
}

void warn(Context& ctx, const std::string& message)
{
    ctx.err << "ssosnap: warning: " << message << "\n";
}

nlohmann::json findings_json(const std::vector<core::Finding>& findings)
{
    auto arr = nlohmann::json::array();
    for (const auto& f : findings) {
        arr.push_back({{"severity", core::severity_name(f.severity)},
                       {"code", f.code},
                       {"path", f.path},
                       {"message", f.message}});
    }
    return arr;
}

void print_findings(std::ostream& out, const std::vector<core::Finding>& findings)
{
    std::vector<std::vector<std::string>> rows;
    for (const auto& f : findings) {
        rows.push_back({core::severity_name(f.severity), f.code,
                        f.path.empty() ? f.message : f.path + ": " + f.message});
    }
    if (rows.empty()) return;
    std::size_t w0 = 0;
    std::size_t w1 = 0;
    for (const auto& r : rows) {
        w0 = std::max(w0, r[0].size());
        w1 = std::max(w1, r[1].size());
    }
    for (const auto& r : rows) {
        out << r[0] << std::string(w0 - r[0].size() + 2, ' ') << r[1]
            << std::string(w1 - r[1].size() + 2, ' ') << r[2] << "\n";
    }
}

void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows)
{
    std::vector<std::size_t> widths;
    for (const auto& r : rows) {
        if (widths.size() < r.size()) widths.resize(r.size(), 0);
        for (std::size_t i = 0; i < r.size(); ++i)
            widths[i] = std::max(widths[i], r[i].size());
    }
    for (const auto& r : rows) {
        std::string line;
        for (std::size_t i = 0; i < r.size(); ++i) {
            line += r[i];
            if (i + 1 < r.size()) line += std::string(widths[i] - r[i].size() + 2, ' ');
        }
        out << line << "\n";
    }
}

std::string human_size(std::uint64_t bytes)
{
    static constexpr const char* k_units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) return std::to_string(bytes) + " B";
    double v = static_cast<double>(bytes);
    int unit = 0;
    while (v >= 1024 && unit < 4) {
        v /= 1024;
        ++unit;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %s", v, k_units[unit]);
    return buf;
}

}  // namespace ssosnap::cli
