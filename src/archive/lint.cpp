#include "archive/lint.hpp"

#include "core/strings.hpp"

#include <algorithm>
#include <cctype>

namespace ssosnap::archive
{
namespace
{

// Why `name` is unsafe, or empty when it is safe.
std::string unsafe_reason(std::string_view name)
{
    if (name.empty()) return "empty name";
    for (unsigned char c : name) {
        if (c == 0) return "NUL byte in the name";
        if (c < 0x20 || c == 0x7f) return "control character in the name";
    }
    const bool backslash = name.find('\\') != std::string_view::npos;
    if (name.front() == '/' || name.front() == '\\') return "absolute path";
    if (name.size() >= 2 && std::isalpha(static_cast<unsigned char>(name[0])) != 0 &&
        name[1] == ':') {
        return "drive letter";
    }
    // Components split at '/' and at '\\' (a Windows separator once extracted there).
    std::size_t start = 0;
    for (std::size_t i = 0; i <= name.size(); ++i) {
        if (i < name.size() && name[i] != '/' && name[i] != '\\') continue;
        if (name.substr(start, i - start) == "..") return "'..' component";
        start = i + 1;
    }
    if (backslash) return "backslash in the name (Windows separator)";
    return {};
}

core::Finding make(const char* code, const Entry& e, std::string message)
{
    return {core::Severity::error, code, e.name, std::move(message)};
}

}  // namespace

bool is_safe_entry_name(std::string_view name)
{
    return unsafe_reason(name).empty();
}

std::vector<core::Finding> lint_structure(const Reader& reader)
{
    std::vector<core::Finding> out = reader.structural_findings();
    for (const auto& e : reader.entries()) {
        if (auto why = unsafe_reason(e.name); !why.empty()) {
            out.push_back(make("unsafe-path", e, "unsafe entry name: " + why));
        }
        if (e.is_symlink) out.push_back(make("symlink-entry", e, "the entry is a symbolic link"));
        if (e.encrypted) {
            out.push_back(make("encrypted-entry", e, "the entry is encrypted and cannot be read"));
        }
    }
    return out;
}

std::vector<core::Finding> lint_contents(const Reader& reader)
{
    std::vector<core::Finding> out;
    const auto& limits = reader.limits();
    std::uint64_t total = 0;
    const auto& entries = reader.entries();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        if (e.is_directory || e.encrypted) continue;  // encrypted: lint_structure reports it
        auto sink = [&](std::string_view chunk) -> core::Result<void> {
            total += chunk.size();
            if (total > limits.max_total_size) {
                return core::fail(core::Errc::input,
                                  "entries inflate to more than " +
                                      std::to_string(limits.max_total_size) +
                                      " bytes in total (--max-total-size)",
                                  "limit-exceeded");
            }
            return {};
        };
        auto done = reader.read_chunks(i, sink);
        if (done) continue;
        const auto& err = done.error();
        out.push_back(make(err.id.empty() ? "unreadable" : err.id.c_str(), e, err.message));
        if (total > limits.max_total_size) break;
    }
    return out;
}

}  // namespace ssosnap::archive
