#include "report/side_by_side.hpp"

#include <algorithm>

namespace ssosnap::report
{
namespace
{

// The removed and added lines of one change, waiting to be paired.
class Block
{
public:
    explicit Block(std::vector<SideRow>& rows) : m_rows(rows) {}
    std::vector<SideCell>& left() { return m_left; }
    std::vector<SideCell>& right() { return m_right; }

    void flush()
    {
        const auto n = std::max(m_left.size(), m_right.size());
        for (std::size_t i = 0; i < n; ++i) {
            m_rows.push_back({.old_side = i < m_left.size() ? m_left[i] : SideCell{},
                              .new_side = i < m_right.size() ? m_right[i] : SideCell{}});
        }
        m_left.clear();
        m_right.clear();
    }

private:
    std::vector<SideRow>& m_rows;
    std::vector<SideCell> m_left;
    std::vector<SideCell> m_right;
};

}  // namespace

std::vector<SideRow> side_by_side(const diff::Hunk& hunk)
{
    std::vector<SideRow> rows;
    Block block(rows);
    std::size_t old_line = hunk.old_start;
    std::size_t new_line = hunk.new_start;
    char previous = ' ';
    for (const auto& l : hunk.lines) {
        const std::string_view text = l.text;
        if (l.op == '-') {
            // A removal after additions starts a new change: each side stays in order.
            if (!block.right().empty()) block.flush();
            block.left().push_back({.op = '-', .number = old_line++, .text = text});
        } else if (l.op == '+') {
            block.right().push_back({.op = '+', .number = new_line++, .text = text});
        } else if (l.op == '\\') {
            const SideCell note{.op = '\\', .number = 0, .text = text};
            if (previous == '-') {
                block.left().push_back(note);
            } else if (previous == '+') {
                block.right().push_back(note);
            } else {
                block.flush();
                rows.push_back({.old_side = note, .new_side = note});
            }
            continue;
        } else {
            block.flush();
            rows.push_back({.old_side = {.op = ' ', .number = old_line++, .text = text},
                            .new_side = {.op = ' ', .number = new_line++, .text = text}});
        }
        previous = l.op;
    }
    block.flush();
    return rows;
}

}  // namespace ssosnap::report
