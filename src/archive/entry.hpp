#pragma once
// Plain data describing archive entries; shared with diff/ and the CLI (no libzip types).

#include <cstdint>
#include <string>

namespace ssosnap::archive
{

/// Content class of an entry, decided from its name and (when read) its first bytes.
enum class EntryKind { json, xml, properties, text, binary, directory };

/// Returns "json", "xml", "properties", "text", "binary" or "directory".
const char* kind_name(EntryKind kind);

/// One central-directory record.
struct Entry {
    std::string name;                   ///< as stored in the archive (raw bytes)
    std::uint64_t index = 0;            ///< position in the central directory
    std::uint64_t size = 0;             ///< uncompressed bytes, as the directory claims
    std::uint64_t compressed_size = 0;  ///< stored bytes, as the directory claims
    std::uint32_t crc32 = 0;
    std::uint16_t method = 0;  ///< 0 stored, 8 deflated, ...
    std::int64_t mtime = 0;    // epoch s, as DOS time read in UTC
    bool encrypted = false;
    bool is_directory = false;
    bool is_symlink = false;  ///< unix mode in the external attributes says S_IFLNK
};

}  // namespace ssosnap::archive
