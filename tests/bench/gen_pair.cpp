// ssosnap_bench_gen: writes large synthetic snapshot pairs (and folders of small snapshots)
// for the benchmark suite (tests/bench/run.sh). Deterministic: the same parameters give the
// same bytes (a fixed pseudo-random sequence, fixed times, the deterministic archive writer).
//
//   ssosnap_bench_gen pair OUT_DIR [--entries N] [--xml-mb N] [--settings-keys N]
//                     [--setting-changes N] [--xml-changes N] [--idps-changed N] [--scale K]
//   ssosnap_bench_gen many OUT_DIR [--archives N]
//   ssosnap_bench_gen big OUT_DIR [--blob-mb N]
//
// `pair` writes OUT_DIR/sso-snapshot-2024-05-01-02_00_00.zip (old) and ...-05-02-... (new).
// Defaults (issue 6): about 2,000 entries, a 40 MB federation-metadata XML with 3 changed
// lines, 20,000 settings keys with 5 changed, 2 IdPs added and 2 removed, a changed keytab.
// `--scale K` multiplies entries, XML size and settings keys. `many` writes N small snapshots
// with distinct times (for `ls`). `big` writes one snapshot holding N MiB (default 200) of
// incompressible bytes (for upload and download).

#include "archive/writer.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

namespace
{

namespace fs = std::filesystem;
using ssosnap::archive::WriterEntry;

constexpr std::int64_t k_old_millis = 1714528800000;  // 2024-05-01T02:00:00Z
constexpr std::int64_t k_new_millis = 1714615200000;  // 2024-05-02T02:00:00Z

struct PairParams {
    std::uint64_t entries = 2000;
    std::uint64_t xml_mb = 40;
    std::uint64_t settings_keys = 20000;
    std::uint64_t setting_changes = 5;
    std::uint64_t xml_changes = 3;
    std::uint64_t idps_changed = 2;  // added, and as many removed
};

/// splitmix64: a fixed sequence, so output is the same on every machine.
class Random
{
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::string hex(std::size_t chars)
    {
        static constexpr char k_digits[] = "0123456789abcdef";
        std::string out;
        while (out.size() < chars) {
            auto v = next();
            for (int i = 0; i < 16 && out.size() < chars; ++i, v >>= 4)
                out += k_digits[v & 15];
        }
        return out;
    }

private:
    std::uint64_t m_state;
};

std::string number(std::uint64_t n, int width)
{
    std::string s = std::to_string(n);
    return std::string(s.size() < static_cast<std::size_t>(width) ? width - s.size() : 0, '0') + s;
}

std::string metadata_json(std::int64_t millis)
{
    return R"({"applicationName":"JIRA","applicationVersion":"9.12.2","pluginVersion":"6.1.0",)"
           R"("baseUrl":"https://jira.example.test","timeMillis":)" +
           std::to_string(millis) + R"(,"description":"bench"})" + "\n";
}

/// One federation-metadata XML line (about 200 bytes) per entity, with pseudo-random key names so
/// it deflates like real metadata (well below the reader's 200:1 ratio limit). Entities in
/// `changed` get enabled="false".
std::string federation_xml(std::uint64_t bytes, std::uint64_t first_changed, std::uint64_t changed)
{
    Random random(42);
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<EntitiesDescriptor Name=\"https://federation.example.test\">\n";
    xml.reserve(bytes + 512);
    for (std::uint64_t i = 0; xml.size() < bytes; ++i) {
        bool off = i >= first_changed && i < first_changed + changed;
        auto id = number(i, 7);
        xml += "  <EntityDescriptor entityID=\"https://idp" + id +
               ".example.test/sso\" enabled=\"" + (off ? "false" : "true") + "\"><KeyName>" +
               random.hex(40) + "</KeyName><SingleSignOnService Location=\"https://idp" + id +
               ".example.test/sso/saml\"/></EntityDescriptor>\n";
    }
    return xml + "</EntitiesDescriptor>\n";
}

std::string idp_json(const std::string& id)
{
    return R"({"id":")" + id + R"(","displayName":"IdP )" + id + R"(","enabled":true})";
}

/// settings.json: `keys` general settings (the first `changed` get new values on the new
/// side) and the IdP list.
std::string settings_json(std::uint64_t keys, std::uint64_t changed, bool new_side,
                          const std::vector<std::string>& idps)
{
    std::string s = "{\n  \"idps\": [";
    for (std::size_t i = 0; i < idps.size(); ++i)
        s += (i ? ", " : "") + idp_json(idps[i]);
    s += "],\n  \"settings\": {\n";
    for (std::uint64_t i = 0; i < keys; ++i) {
        // spread the changes through the object rather than at its start
        bool changes = new_side && changed && i % (keys / changed) == keys / changed / 2;
        s += "    \"setting." + number(i, 6) + "\": \"value-" + number(i, 6) +
             (changes ? "-changed" : "") + "\"" + (i + 1 < keys ? ",\n" : "\n");
    }
    return s + "  }\n}\n";
}

std::string idp_metadata(const std::string& id, Random& random)
{
    std::string x = "<?xml version=\"1.0\"?>\n<EntityDescriptor entityID=\"https://" + id +
                    ".example.test/sso\">\n  <X509Certificate>\n";
    for (int i = 0; i < 16; ++i)
        x += "    " + random.hex(64) + "\n";
    return x + "  </X509Certificate>\n</EntityDescriptor>\n";
}

std::vector<WriterEntry> side(const PairParams& p, bool new_side)
{
    std::vector<WriterEntry> out;
    out.push_back({"metadata.json", metadata_json(new_side ? k_new_millis : k_old_millis)});
    // IdPs: each has metadata.xml and config.json (2 entries); the old side has idps
    // [0, n), the new side drops the first `idps_changed` and adds as many at the end.
    std::uint64_t n = p.entries > 8 ? (p.entries - 4) / 2 : 2;
    std::uint64_t from = new_side ? p.idps_changed : 0;
    std::vector<std::string> ids;
    for (std::uint64_t i = from; i < n + from; ++i) {
        auto id = "idp" + number(i, 5);
        Random random(1000 + i);  // per IdP, so both sides hold the same bytes for it
        out.push_back({"kerberos/saml/" + id + "/metadata.xml", idp_metadata(id, random)});
        out.push_back({"kerberos/saml/" + id + "/config.json",
                       R"({"id":")" + id + R"(","signRequests":true,"nameIdFormat":"email"})"});
        if (i < from + 32) ids.push_back(id);  // the first few are listed in settings.json
    }
    out.push_back(
        {"settings.json", settings_json(p.settings_keys, p.setting_changes, new_side, ids)});
    out.push_back(
        {"kerberos/saml/federation.xml",
         federation_xml(p.xml_mb << 20, new_side ? (p.xml_mb << 20) / 400 : ~std::uint64_t{0},
                        p.xml_changes)});
    Random keytab(new_side ? 7 : 6);
    std::string keytab_bytes = "\x05\x02";
    for (int i = 0; i < 64; ++i)
        keytab_bytes += static_cast<char>(keytab.next() & 0xff);
    out.push_back({"kerberos/http.keytab", keytab_bytes});
    return out;
}

bool write(const fs::path& path, std::vector<WriterEntry> entries, std::int64_t millis)
{
    ssosnap::archive::WriteOptions options;
    options.mtime_millis = millis;
    options.overwrite = ssosnap::core::Overwrite::yes;
    auto done = ssosnap::archive::write_archive(path, std::move(entries), options);
    if (!done) std::fprintf(stderr, "ssosnap_bench_gen: %s\n", done.error().message.c_str());
    return done.has_value();
}

std::string file_name(std::int64_t millis)
{
    std::time_t t = millis / 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "sso-snapshot-%Y-%m-%d-%H_%M_%S.zip", &tm);
    return buf;
}

int many(const fs::path& dir, std::uint64_t archives)
{
    for (std::uint64_t i = 0; i < archives; ++i) {
        std::int64_t millis = k_old_millis + static_cast<std::int64_t>(i) * 3600 * 1000;
        std::vector<WriterEntry> entries = {
            {"metadata.json", metadata_json(millis)},
            {"settings.json", settings_json(200, 0, false, {"okta", "adfs"})},
            {"kerberos/saml/okta/metadata.xml", "<EntityDescriptor/>\n"},
            {"kerberos/http.keytab", std::string("\x05\x02keytab", 8)}};
        if (!write(dir / file_name(millis), std::move(entries), millis)) return 1;
    }
    return 0;
}

int big(const fs::path& dir, std::uint64_t mib)
{
    Random random(99);
    std::string blob;
    blob.reserve(mib << 20);
    while (blob.size() < (mib << 20)) {
        auto v = random.next();
        blob.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    std::vector<WriterEntry> entries = {{"metadata.json", metadata_json(k_old_millis)},
                                        {"kerberos/blob.bin", std::move(blob)}};
    return write(dir / file_name(k_old_millis), std::move(entries), k_old_millis) ? 0 : 1;
}

bool parse_u64(const char* text, std::uint64_t& out)
{
    char* end = nullptr;
    out = std::strtoull(text, &end, 10);
    return end && *end == '\0' && end != text;
}

int usage()
{
    std::fprintf(stderr, "usage: ssosnap_bench_gen pair OUT_DIR [--entries N] [--xml-mb N] "
                         "[--settings-keys N] [--setting-changes N] [--xml-changes N] "
                         "[--idps-changed N] [--scale K]\n"
                         "       ssosnap_bench_gen many OUT_DIR [--archives N]\n"
                         "       ssosnap_bench_gen big OUT_DIR [--blob-mb N]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 3) return usage();
    std::string mode = argv[1];
    fs::path dir = argv[2];
    PairParams p;
    std::uint64_t scale = 1;
    std::uint64_t archives = 2000;
    std::uint64_t blob_mb = 200;
    for (int i = 3; i < argc; i += 2) {
        if (i + 1 >= argc) return usage();
        std::string flag = argv[i];
        std::uint64_t v = 0;
        if (!parse_u64(argv[i + 1], v)) return usage();
        if (flag == "--entries")
            p.entries = v;
        else if (flag == "--xml-mb")
            p.xml_mb = v;
        else if (flag == "--settings-keys")
            p.settings_keys = v;
        else if (flag == "--setting-changes")
            p.setting_changes = v;
        else if (flag == "--xml-changes")
            p.xml_changes = v;
        else if (flag == "--idps-changed")
            p.idps_changed = v;
        else if (flag == "--scale")
            scale = v;
        else if (flag == "--archives")
            archives = v;
        else if (flag == "--blob-mb")
            blob_mb = v;
        else
            return usage();
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (mode == "many") return many(dir, archives * scale);
    if (mode == "big") return big(dir, blob_mb);
    if (mode != "pair") return usage();
    p.entries *= scale;
    p.xml_mb *= scale;
    p.settings_keys *= scale;
    if (!write(dir / file_name(k_old_millis), side(p, false), k_old_millis)) return 1;
    if (!write(dir / file_name(k_new_millis), side(p, true), k_new_millis)) return 1;
    return 0;
}
