#pragma once
// Writing archives deterministically: the same inputs give byte-identical output (entries
// sorted by name, entry times from timeMillis, fixed attributes), readable by Java's
// java.util.zip and by unzip. The file is written atomically (temp, fsync, rename).

#include "archive/reader.hpp"
#include "core/files.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ssosnap::archive
{

/// One file to store; `name` uses '/' separators and must be a safe relative name.
struct WriterEntry {
    std::string name;
    std::string data;
};

struct WriteOptions {
    std::int64_t mtime_millis = 0;                 // epoch ms, UTC: every entry gets this time
    core::FileMode mode = core::FileMode::secret;  // snapshots hold secrets: 0600 by default
    core::Overwrite overwrite = core::Overwrite::no;
};

/// Writes `entries` (sorted by name here) deflated into `out`. Fails with Errc::input on an
/// unsafe or duplicate name, or Errc::internal when writing fails; nothing is left behind.
core::Result<void> write_archive(const std::filesystem::path& out, std::vector<WriterEntry> entries,
                                 const WriteOptions& options);

/// write_archive() into memory: the archive's bytes, for a caller that must not put them on
/// disk as they are (an encrypted archive). `options.mode`/`overwrite` are not used.
core::Result<std::string> build_archive(std::vector<WriterEntry> entries,
                                        const WriteOptions& options);

/// rewrite_archive() into memory, like build_archive().
core::Result<std::string> rebuild_archive(const Reader& source,
                                          const std::map<std::string, std::string>& replacements,
                                          const WriteOptions& options);

/// Copies `source` to `out`, replacing the data of the entries named in `replacements`;
/// every other entry is copied with its compressed bytes unchanged.
core::Result<void> rewrite_archive(const Reader& source, const std::filesystem::path& out,
                                   const std::map<std::string, std::string>& replacements,
                                   const WriteOptions& options);

}  // namespace ssosnap::archive
