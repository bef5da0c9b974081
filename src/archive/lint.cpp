#include "archive/lint.hpp"

#include "core/strings.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace ssosnap::archive
{
namespace
{

// What unsafe_reason looks at: control bytes and separators; every other byte is skipped
// by one table load (the loop runs for every byte of every entry name read).
enum class ByteClass : unsigned char { plain, control, separator };

constexpr std::array<ByteClass, 256> k_byte_class = [] {
    std::array<ByteClass, 256> t{};
    for (int c = 0; c < 0x20; ++c)
        t[c] = ByteClass::control;
    t[0x7f] = ByteClass::control;
    t['/'] = ByteClass::separator;
    t['\\'] = ByteClass::separator;
    return t;
}();

// Why `name` is unsafe, or nullptr when it is safe. One pass over the bytes; the reasons keep
// this order of precedence: control byte, absolute path, drive letter, '..' component,
// backslash.
const char* unsafe_reason(std::string_view name)
{
    if (name.empty()) return "empty name";
    bool backslash = false;
    bool dot_dot = false;
    std::size_t start = 0;  // of the current component, split at '/' and '\\'
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        switch (k_byte_class[c]) {
        case ByteClass::plain:
            continue;
        case ByteClass::control:
            return c == 0 ? "NUL byte in the name" : "control character in the name";
        case ByteClass::separator:
            backslash = backslash || c == '\\';
            dot_dot = dot_dot || (i - start == 2 && name[start] == '.' && name[start + 1] == '.');
            start = i + 1;
        }
    }
    dot_dot = dot_dot || name.substr(start) == "..";
    if (name.front() == '/' || name.front() == '\\') return "absolute path";
    if (name.size() >= 2 && std::isalpha(static_cast<unsigned char>(name[0])) != 0 &&
        name[1] == ':') {
        return "drive letter";
    }
    if (dot_dot) return "'..' component";
    if (backslash) return "backslash in the name (Windows separator)";
    return nullptr;
}

core::Finding make(const char* code, const Entry& e, std::string message)
{
    return {core::Severity::error, code, e.name, std::move(message)};
}

}  // namespace

bool is_safe_entry_name(std::string_view name)
{
    return unsafe_reason(name) == nullptr;
}

std::vector<core::Finding> lint_structure(const Reader& reader)
{
    std::vector<core::Finding> out = reader.structural_findings();
    for (const auto& e : reader.entries()) {
        if (const char* why = unsafe_reason(e.name); why != nullptr) {
            out.push_back(make("unsafe-path", e, std::string("unsafe entry name: ") + why));
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
