// libFuzzer target: the archive reader from memory, as every command uses it. Opens the
// bytes, lints structure and contents, inflates every entry whole and in chunks, and locates
// the metadata; any crash, sanitizer report or leak is a bug. Limits are lowered so a
// legitimately huge (but limited) entry does not trip libFuzzer's memory limit.

#include "archive/lint.hpp"
#include "archive/reader.hpp"
#include "metadata/locate.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace
{

ssosnap::archive::Limits fuzz_limits()
{
    ssosnap::archive::Limits limits;
    limits.max_entries = 4096;
    limits.max_total_size = std::uint64_t{64} << 20;
    limits.max_entry_size = std::uint64_t{16} << 20;
    limits.ratio_min_size = std::uint64_t{64} << 10;
    return limits;
}

void exercise(const ssosnap::archive::Reader& reader)
{
    auto findings = ssosnap::archive::lint_structure(reader);
    auto contents = ssosnap::archive::lint_contents(reader);
    findings.insert(findings.end(), contents.begin(), contents.end());

    // Inflate no more than the total limit, as the commands do, so that thousands of entries
    // pointing at one bomb are a finding, not a fuzzer timeout.
    std::uint64_t budget = reader.limits().max_total_size;
    std::vector<std::string_view> names;
    for (std::size_t i = 0; i < reader.entries().size(); ++i) {
        names.emplace_back(reader.entries()[i].name);
        if (reader.entries()[i].size > budget) continue;
        budget -= reader.entries()[i].size;
        auto whole = reader.read(i);
        std::size_t chunked = 0;
        auto ok = reader.read_chunks(i, [&](std::string_view chunk) -> ssosnap::core::Result<void> {
            chunked += chunk.size();
            return {};
        });
        // The two read paths must agree: both succeed with the same bytes, or both fail.
        if (whole.has_value() != ok.has_value()) __builtin_trap();
        if (whole && whole->size() != chunked) __builtin_trap();
        (void)reader.find(reader.entries()[i].name);
    }
    auto read_entry = [&](const std::string& name) -> std::optional<std::string> {
        auto i = reader.find(name);
        if (!i) return std::nullopt;
        auto bytes = reader.read(*i);
        if (!bytes) return std::nullopt;
        return std::move(*bytes);
    };
    (void)ssosnap::metadata::locate_metadata(names, read_entry, std::nullopt);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string bytes(reinterpret_cast<const char*>(data), size);
    auto reader =
        ssosnap::archive::Reader::open_memory(std::move(bytes), "fuzz.zip", fuzz_limits());
    if (reader) exercise(*reader);
    return 0;
}
