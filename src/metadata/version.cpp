#include "metadata/version.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace ssosnap::metadata
{
namespace
{

using Item = Version::Item;
using Type = Version::Item::Type;

// Maven's QUALIFIERS list; the index of "" (release) is 5.
constexpr std::array<std::string_view, 7> k_qualifiers = {"alpha",    "beta", "milestone", "rc",
                                                          "snapshot", "",     "sp"};

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// StringItem's key: the qualifier's index, or "7-<qualifier>" for unknown ones, compared as
// strings (so every unknown qualifier sorts after "sp", and alphabetically among themselves).
std::string comparable_qualifier(const std::string& q)
{
    for (std::size_t i = 0; i < k_qualifiers.size(); ++i) {
        if (k_qualifiers[i] == q) return std::to_string(i);
    }
    return std::to_string(k_qualifiers.size()) + "-" + q;
}

int sign(int v)
{
    return (v > 0) - (v < 0);
}

Item make_string(std::string value, bool followed_by_digit)
{
    if (followed_by_digit && value.size() == 1) {
        // a1 = alpha-1, b1 = beta-1, m1 = milestone-1
        if (value == "a") value = "alpha";
        if (value == "b") value = "beta";
        if (value == "m") value = "milestone";
    }
    if (value == "ga" || value == "final" || value == "release") value.clear();
    if (value == "cr") value = "rc";
    Item item;
    item.type = Type::string;
    item.value = std::move(value);
    return item;
}

Item make_number(std::string_view digits)
{
    // Maven strips leading zeros, but keeps an all-zero run whole: its length picks the
    // storage class (int up to 9 digits, long up to 18, BigInteger beyond).
    auto first = digits.find_first_not_of('0');
    std::string_view stripped = first == std::string_view::npos ? digits : digits.substr(first);
    Item item;
    item.type = Type::number;
    item.width_class = stripped.size() <= 9 ? 0 : (stripped.size() <= 18 ? 1 : 2);
    item.value = first == std::string_view::npos ? std::string() : std::string(stripped);
    return item;
}

Item parse_item(bool digits, std::string_view text)
{
    return digits ? make_number(text) : make_string(std::string(text), false);
}

bool is_null(const Item& item)
{
    return item.type == Type::list ? item.children.empty() : item.value.empty();
}

// Removes trailing null items (0, release qualifiers, empty lists); a non-empty list does
// not stop the walk, so "1.0-1" becomes [1, [1]].
void normalize(Item& list)
{
    for (auto i = list.children.size(); i-- > 0;) {
        if (is_null(list.children[i])) {
            list.children.erase(list.children.begin() + static_cast<std::ptrdiff_t>(i));
        } else if (list.children[i].type != Type::list) {
            break;
        }
    }
}

int compare_numbers(const Item& a, const Item& b)
{
    if (a.width_class != b.width_class) return a.width_class < b.width_class ? -1 : 1;
    if (a.value.size() != b.value.size()) return a.value.size() < b.value.size() ? -1 : 1;
    return sign(a.value.compare(b.value));
}

int compare_items(const Item& a, const Item* b);

int compare_lists(const Item& a, const Item& b)
{
    const auto n = std::max(a.children.size(), b.children.size());
    for (std::size_t i = 0; i < n; ++i) {
        const Item* l = i < a.children.size() ? &a.children[i] : nullptr;
        const Item* r = i < b.children.size() ? &b.children[i] : nullptr;
        int result = l == nullptr ? -compare_items(*r, nullptr) : compare_items(*l, r);
        if (result != 0) return result;
    }
    return 0;
}

// Maven's Item.compareTo; `b` null stands for a missing item (the shorter side).
int compare_items(const Item& a, const Item* b)
{
    switch (a.type) {
    case Type::number:
        if (b == nullptr) return a.value.empty() ? 0 : 1;
        return b->type == Type::number ? compare_numbers(a, *b) : 1;
    case Type::string:
        if (b == nullptr) return sign(comparable_qualifier(a.value).compare("5"));
        if (b->type != Type::string) return -1;
        return sign(comparable_qualifier(a.value).compare(comparable_qualifier(b->value)));
    case Type::list:
        if (b == nullptr) {
            for (const auto& child : a.children) {
                if (int r = compare_items(child, nullptr); r != 0) return r;
            }
            return 0;
        }
        if (b->type == Type::number) return -1;
        if (b->type == Type::string) return 1;
        return compare_lists(a, *b);
    }
    return 0;
}

void append_canonical(const Item& item, std::string& out)
{
    switch (item.type) {
    case Type::number:
        out += item.value.empty() ? "0" : item.value;
        return;
    case Type::string:
        out += item.value;
        return;
    case Type::list:
        for (std::size_t i = 0; i < item.children.size(); ++i) {
            if (i > 0) out += item.children[i].type == Type::list ? '-' : '.';
            append_canonical(item.children[i], out);
        }
        return;
    }
}

// The parser: a transcription of ComparableVersion.parseVersion (Maven 3.8.7). `stack`
// holds the chain of open lists; items are only ever added to its top, so the pointers
// into parents stay valid until normalisation, which runs innermost first.
class Parser
{
public:
    explicit Parser(Item& root) { m_stack.push_back(&root); }

    void run(const std::string& v)
    {
        for (std::size_t i = 0; i < v.size(); ++i) {
            const char c = v[i];
            if (c == '.' || c == '-') {
                top().children.push_back(i == m_start ? make_number("0")
                                                      : parse_item(m_digit, span(v, i)));
                m_start = i + 1;
                if (c == '-') open_list();
            } else if (is_digit(c)) {
                if (!m_digit && i > m_start) {
                    if (!top().children.empty()) open_list();
                    top().children.push_back(make_string(std::string(span(v, i)), true));
                    m_start = i;
                    open_list();
                }
                m_digit = true;
            } else {
                if (m_digit && i > m_start) {
                    top().children.push_back(parse_item(true, span(v, i)));
                    m_start = i;
                    open_list();
                }
                m_digit = false;
            }
        }
        if (v.size() > m_start) {
            if (!m_digit && !top().children.empty()) open_list();
            top().children.push_back(parse_item(m_digit, span(v, v.size())));
        }
        for (auto it = m_stack.rbegin(); it != m_stack.rend(); ++it)
            normalize(**it);
    }

private:
    Item& top() { return *m_stack.back(); }
    std::string_view span(const std::string& v, std::size_t end) const
    {
        return std::string_view(v).substr(m_start, end - m_start);
    }
    void open_list()
    {
        top().children.push_back(Item{});
        m_stack.push_back(&top().children.back());
    }

    std::vector<Item*> m_stack;
    std::size_t m_start = 0;
    bool m_digit = false;
};

}  // namespace

Version::Version(std::string_view text) : m_text(text)
{
    std::string lowered(text);
    for (auto& c : lowered)
        c = lower(c);
    Parser(m_items).run(lowered);
}

int Version::compare(const Version& other) const
{
    return compare_items(m_items, &other.m_items);
}

std::string Version::canonical() const
{
    std::string out;
    append_canonical(m_items, out);
    return out;
}

int compare_versions(std::string_view a, std::string_view b)
{
    return Version(a).compare(Version(b));
}

std::string canonical_version(std::string_view v)
{
    return Version(v).canonical();
}

const char* order_symbol(int comparison)
{
    return comparison < 0 ? "<" : (comparison > 0 ? ">" : "=");
}

}  // namespace ssosnap::metadata
