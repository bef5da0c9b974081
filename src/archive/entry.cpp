#include "archive/entry.hpp"

namespace ssosnap::archive
{

const char* kind_name(EntryKind kind)
{
    switch (kind) {
    case EntryKind::json:
        return "json";
    case EntryKind::xml:
        return "xml";
    case EntryKind::properties:
        return "properties";
    case EntryKind::text:
        return "text";
    case EntryKind::binary:
        return "binary";
    case EntryKind::directory:
        return "directory";
    }
    return "binary";
}

}  // namespace ssosnap::archive
