#include "diff/report.hpp"

#include <algorithm>

namespace ssosnap::diff
{

const char* op_name(ChangeOp op)
{
    switch (op) {
    case ChangeOp::add:
        return "add";
    case ChangeOp::remove:
        return "remove";
    case ChangeOp::replace:
        return "replace";
    }
    return "replace";
}

const char* status_name(EntryStatus status)
{
    switch (status) {
    case EntryStatus::added:
        return "added";
    case EntryStatus::removed:
        return "removed";
    case EntryStatus::modified:
        return "modified";
    }
    return "modified";
}

const char* detail_name(Detail detail)
{
    switch (detail) {
    case Detail::none:
        return "none";
    case Detail::json:
        return "json";
    case Detail::properties:
        return "properties";
    case Detail::text:
        return "text";
    case Detail::binary:
        return "binary";
    }
    return "none";
}

bool DiffReport::differs() const
{
    return !entries.empty() || counting_metadata() > 0;
}

std::size_t DiffReport::count(EntryStatus status) const
{
    return static_cast<std::size_t>(std::count_if(
        entries.begin(), entries.end(), [&](const EntryDiff& e) { return e.status == status; }));
}

std::size_t DiffReport::counting_metadata() const
{
    return static_cast<std::size_t>(std::count_if(metadata.begin(), metadata.end(),
                                                  [](const MetaChange& m) { return m.counts; }));
}

}  // namespace ssosnap::diff
