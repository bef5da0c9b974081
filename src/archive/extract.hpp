#pragma once
// Safe extraction: refuse an unsafe archive before writing anything, write into a private
// staging folder beside the target, then rename it into place. Never follows or creates
// symbolic links; every path is resolved beneath the target by the kernel (archive/beneath.hpp);
// files get mode 0600 and folders 0700 (every file of a config tree is sensitive).

#include "archive/reader.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ssosnap::archive
{

struct ExtractedFile {
    std::string name;  ///< entry name (a safe relative path)
    std::uint64_t size = 0;
    bool secret = false;  ///< classified as a secret (every file is written 0600 anyway)
};

struct ExtractReport {
    std::vector<ExtractedFile> files;
    std::size_t directories = 0;  ///< directory entries in the archive
};

/// Codes of lint findings that make extract refuse an archive (a safety gate, not a read
/// problem): unsafe-path, symlink-entry, duplicate-name, overlapping-entries, limit-exceeded.
bool is_extract_blocking(std::string_view code);

/// Extracts every entry of `reader` into the folder `dir`, which must not exist or be an
/// empty folder (not a symbolic link); its parent must exist. The result is a 0700 folder.
/// Fails with Errc::refused ("unsafe-archive", "target-not-empty") before writing anything,
/// or Errc::input (the entry's read code, e.g. "crc-mismatch") when an entry cannot be read
/// — then the staging folder is removed and nothing is left anywhere.
core::Result<ExtractReport> extract_archive(const Reader& reader, const std::filesystem::path& dir);

}  // namespace ssosnap::archive
