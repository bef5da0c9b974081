#pragma once
// Version order of Kantega and Atlassian versions ("5.2.1-SNAPSHOT", "6.7.1", "10.0.0-m0001"),
// exactly as Maven 3.8's org.apache.maven.artifact.versioning.ComparableVersion orders them
// (checked against Maven's own jar by tests/interop/maven). The rules, in short:
// - the text is lower-cased and split at '.', '-' and at every letter/digit transition;
//   '-' and a letter run that follows or precedes digits open a nested sub-list;
// - numbers compare as numbers; trailing zeros and release qualifiers are dropped
//   ("5.10.0" = "5.10", "1.0-ga" = "1");
// - qualifiers: alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release
//   < sp < any other qualifier (those compare alphabetically); "a1", "b1", "m1" are
//   alpha-1, beta-1, milestone-1;
// - a number beats a qualifier or a sub-list; a sub-list beats a qualifier.
// Bytes outside ASCII are compared as they are (Maven also folds Unicode case and treats
// non-ASCII digits as digits; real versions are ASCII).

#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::metadata
{

/// A version parsed once, for sorting many records by it.
class Version
{
public:
    /// Parses `text`; every string is a version (the empty string equals "0").
    explicit Version(std::string_view text);

    /// Returns <0, 0 or >0 as Maven's ComparableVersion.compareTo does.
    int compare(const Version& other) const;

    /// Maven's canonical form (ComparableVersion.getCanonical): "1.0-SNAPSHOT" gives
    /// "1-snapshot", "1.2.3.RC1" gives "1.2.3-rc-1". Equal versions have equal canonical forms.
    std::string canonical() const;

    /// The text as given.
    const std::string& text() const { return m_text; }

    /// One parsed token: a number, a qualifier, or a nested list. Public only so the
    /// implementation's helpers can see it.
    struct Item {
        enum class Type { number, string, list };
        Type type = Type::list;
        /// number: digits without leading zeros ("" for zero); string: the qualifier after
        /// aliasing ("ga" and "final" become "", "cr" becomes "rc").
        std::string value;
        /// number: Maven's storage class by digit count (0 int, 1 long, 2 big integer), which
        /// orders numbers before their value does (a quirk for long runs of zeros).
        int width_class = 0;
        std::vector<Item> children;  ///< list only
    };

private:
    std::string m_text;
    Item m_items;
};

/// Compares two versions as Maven 3.8 does: <0 when a sorts before b, 0 when equal, >0 after.
int compare_versions(std::string_view a, std::string_view b);

/// Returns Maven's canonical form of `v` (see Version::canonical).
std::string canonical_version(std::string_view v);

/// Returns "<", "=" or ">" for a comparison result.
const char* order_symbol(int comparison);

}  // namespace ssosnap::metadata
