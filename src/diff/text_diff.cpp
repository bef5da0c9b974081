#include "diff/text_diff.hpp"

#include "diff/redact.hpp"
#include "diff/sequence.hpp"

#include <algorithm>
#include <unordered_map>

namespace ssosnap::diff
{
namespace
{

using Lines = std::vector<std::string_view>;

// Removed a[a0, a1) and inserted b[b0, b1) at one place.
struct Change {
    std::size_t a0 = 0;
    std::size_t a1 = 0;
    std::size_t b0 = 0;
    std::size_t b1 = 0;
};

// Diffs the lines between a common prefix of `pre` lines and a common suffix of `suf` lines.
std::vector<Change> middle_changes(const Lines& a, const Lines& b, std::size_t pre, std::size_t suf)
{
    std::unordered_map<std::string_view, std::uint32_t> ids;
    ids.reserve(a.size() + b.size() - 2 * (pre + suf));
    auto intern = [&](const Lines& lines) {
        std::vector<std::uint32_t> out;
        out.reserve(lines.size() - pre - suf);
        for (std::size_t i = pre; i + suf < lines.size(); ++i)
            out.push_back(
                ids.try_emplace(lines[i], static_cast<std::uint32_t>(ids.size())).first->second);
        return out;
    };
    auto ia = intern(a);
    auto ib = intern(b);
    std::vector<Change> changes;
    for (const auto& run : diff_sequences(ia, ib)) {
        if (run.kind == RunKind::equal) continue;
        std::size_t a0 = pre + run.old_start;
        std::size_t b0 = pre + run.new_start;
        if (!changes.empty() && changes.back().a1 == a0 && changes.back().b1 == b0) {
            auto& c = changes.back();
            (run.kind == RunKind::remove ? c.a1 : c.b1) += run.count;
            continue;
        }
        Change c{a0, a0, b0, b0};
        (run.kind == RunKind::remove ? c.a1 : c.b1) += run.count;
        changes.push_back(c);
    }
    return changes;
}

class HunkBuilder
{
public:
    HunkBuilder(const Lines& a, const Lines& b, std::size_t context)
        : m_a(a), m_b(b), m_context(context)
    {
    }

    // Emits one hunk for changes [first, last] (gaps between them are short).
    Hunk build(const Change* first, const Change* last) const
    {
        std::size_t lo = first->a0 - std::min(first->a0, m_context);
        std::size_t hi = std::min(m_a.size(), last->a1 + m_context);
        std::size_t blo = first->b0 - (first->a0 - lo);
        std::size_t bhi = last->b1 + (hi - last->a1);
        Hunk h;
        h.old_count = hi - lo;
        h.new_count = bhi - blo;
        h.old_start = h.old_count > 0 ? lo + 1 : lo;
        h.new_start = h.new_count > 0 ? blo + 1 : blo;
        std::size_t ia = lo;
        for (const Change* c = first; c <= last; ++c) {
            for (; ia < c->a0; ++ia)
                add(h, ' ', m_a, ia);
            for (std::size_t i = c->a0; i < c->a1; ++i)
                add(h, '-', m_a, i);
            for (std::size_t j = c->b0; j < c->b1; ++j)
                add(h, '+', m_b, j);
            ia = c->a1;
        }
        for (; ia < hi; ++ia)
            add(h, ' ', m_a, ia);
        return h;
    }

private:
    static void add(Hunk& h, char op, const Lines& lines, std::size_t i)
    {
        std::string_view line = lines[i];
        bool terminated = !line.empty() && line.back() == '\n';
        if (terminated) line.remove_suffix(1);
        h.lines.push_back({op, std::string(line)});
        if (!terminated) h.lines.push_back({'\\', "No newline at end of file"});
    }

    const Lines& m_a;
    const Lines& m_b;
    std::size_t m_context;
};

}  // namespace

std::vector<Hunk> diff_text(std::string_view old_text, std::string_view new_text,
                            const TextDiffOptions& options)
{
    if (old_text == new_text) return {};
    const std::string old_redacted = options.redactor.redact_text(old_text);
    const std::string new_redacted = options.redactor.redact_text(new_text);
    Lines a = split_lines(old_redacted);
    Lines b = split_lines(new_redacted);
    std::size_t pre = 0;
    while (pre < a.size() && pre < b.size() && a[pre] == b[pre])
        ++pre;
    std::size_t suf = 0;
    while (suf < a.size() - pre && suf < b.size() - pre &&
           a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
        ++suf;
    auto changes = middle_changes(a, b, pre, suf);

    HunkBuilder builder(a, b, options.context);
    std::vector<Hunk> hunks;
    for (std::size_t i = 0; i < changes.size();) {
        std::size_t j = i;
        while (j + 1 < changes.size() && changes[j + 1].a0 - changes[j].a1 <= 2 * options.context)
            ++j;
        hunks.push_back(builder.build(&changes[i], &changes[j]));
        i = j + 1;
    }
    return hunks;
}

}  // namespace ssosnap::diff
