#include "emulator/sample_config.hpp"

#include "core/files.hpp"
#include "core/strings.hpp"

#include <system_error>

namespace ssosnap::emulator
{

namespace fs = std::filesystem;

namespace
{

/// Returns true when `data_dir` already holds a live config of its own.
bool has_live_config(const fs::path& data_dir)
{
    std::error_code ec;
    if (fs::exists(data_dir / "settings.json", ec)) return true;
    for (fs::recursive_directory_iterator it(data_dir / "kerberos", ec), end; !ec && it != end;
         it.increment(ec)) {
        if (!it->is_directory(ec)) return true;
    }
    return false;
}

}  // namespace

core::Result<void> write_sample_config(const fs::path& data_dir)
{
    if (has_live_config(data_dir)) {
        return core::fail(core::Errc::input,
                          "--sample-config: " + core::quote(data_dir.string()) +
                              " already holds a configuration (kerberos/ or settings.json); "
                              "give an empty --data folder",
                          "exists");
    }
    for (const auto& file : sample_files()) {
        const fs::path target = data_dir / file.path;
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        if (ec) {
            return core::fail(core::Errc::input, "--sample-config: cannot create " +
                                                     core::quote(target.parent_path().string()) +
                                                     ": " + ec.message());
        }
        SSOSNAP_TRY(core::write_file_atomic(target, file.bytes, core::FileMode::secret)
                        .with_context("--sample-config"));
    }
    return {};
}

}  // namespace ssosnap::emulator
