// Every remote command and workflow against every kind of hostile server: whatever the
// server says, ssosnap ends with a documented exit status (never 70, never a signal), writes
// nothing outside the target folder, leaves no partial file, and prints neither the token
// (in any encoding) nor a raw escape character (HostileServerTest::TearDown).

#include "hostile_support.hpp"

namespace ssosnap::loopback
{
namespace
{

struct Mode {
    const char* name;
    std::function<void(HostileServer&, HostileServer& elsewhere)> install;
    bool every_command_fails;  ///< nothing the server says can be used
};

HostileResponse deep()
{
    return HostileResponse::json(std::string(50'000, '{') + std::string(50'000, '}'));
}

HostileResponse echoing(const HostileRequest& rq)
{
    HostileResponse r;
    r.status = 500;
    r.headers = {{"Content-Type", "text/plain"},
                 {"X-Seraph-LoginReason", rq.header("authorization").value_or("") + "\x1b[2J"}};
    r.body = "\x1b]0;pwned\x07 you sent " + rq.header("authorization").value_or("") + " = ";
    for (const auto& form : k_secret_forms)
        r.body += form + " ";
    r.body += std::string(3000, '.');  // keeps the two escapes below 1 % (shown as text)
    return r;
}

const std::vector<Mode>& modes()
{
    static const std::vector<Mode> all = {
        {"bad-ids",
         [](HostileServer& s, HostileServer&) {
             s.on("GET", k_snapshots, [](const HostileRequest& rq) {
                 if (rq.target.find("/download") != std::string::npos)
                     return HostileResponse::endless();
                 return HostileResponse::json(
                     "[" + list_record("../../sweep-escaped", "../../sweep-escaped.zip", "x") +
                     "," + list_record("/tmp/sweep-absolute", "/tmp/sweep-absolute.zip", "y") +
                     "]");
             });
         },
         false},
        {"deep-json",
         [](HostileServer& s, HostileServer&) {
             s.on("*", "/", [](const HostileRequest&) { return deep(); });
         },
         false},  // delete and restore ignore their answer's body
        {"echo-secret-and-escapes",
         [](HostileServer& s, HostileServer&) { s.on("*", "/", echoing); }, true},
        {"endless",
         [](HostileServer& s, HostileServer&) {
             s.on("*", "/", [](const HostileRequest&) {
                 return HostileResponse::endless("application/json");
             });
         },
         true},
        {"huge-content-length",
         [](HostileServer& s, HostileServer&) {
             s.on("*", "/", [](const HostileRequest&) {
                 auto r = HostileResponse::endless("application/json");
                 r.content_length = std::uint64_t{1} << 50;
                 return r;
             });
         },
         true},
        {"redirect-elsewhere",
         [](HostileServer& s, HostileServer& elsewhere) {
             s.on("*", "/", [&elsewhere](const HostileRequest& rq) {
                 return HostileResponse::redirect(307, elsewhere.url() + rq.target);
             });
         },
         true},
    };
    return all;
}

class HostileSweepTest : public HostileServerTest, public ::testing::WithParamInterface<std::size_t>
{
};

TEST_P(HostileSweepTest, EveryCommandStaysInsideItsFolderAndExitsAsDocumented)
{
    const Mode& mode = modes()[GetParam()];
    HostileServer elsewhere("127.0.0.2");
    elsewhere.on("*", "/", [](const HostileRequest&) { return HostileResponse::json("[]"); });
    mode.install(*m_server, elsewhere);

    const auto target = tmp() / "target" / "a" / "b";
    const auto work = tmp() / "work" / "a" / "b";
    fs::create_directories(target);
    fs::create_directories(work);
    ::setenv("TMPDIR", work.c_str(), 1);  // restore's temporary folder
    const auto archive = tmp() / "in" / (std::string(k_good_id) + ".zip");
    fs::create_directories(archive.parent_path());
    fs::copy_file(k_archive_fixture(), archive);
    const std::string to = target.string();
    const std::vector<std::vector<std::string>> commands = {
        {"remote", "ping"},
        {"remote", "list"},
        {"remote", "list", "--json"},
        {"remote", "create", "--description", "sweep"},
        {"remote", "download", k_good_id, "--to", to, "--max-download-size", "1M"},
        {"remote", "upload", archive.string()},
        {"remote", "delete", k_good_id},
        {"remote", "restore", k_good_id, "--yes"},
        {"backup", "--to", to, "--max-download-size", "1M"},
        {"backup", "--to", to, "--from-dir", archive.parent_path().string()},
        {"restore", archive.string(), "--plan", "--max-download-size", "1M"},
        {"tokens", "list"},
    };
    for (const auto& command : commands) {
        const auto before = tree();
        auto r = run_hostile(command);
        std::string what = std::string(mode.name) + ": ssosnap";
        for (const auto& a : command)
            what += " " + a;
        EXPECT_GE(r.status, 0) << what;
        EXPECT_LE(r.status, 6) << what << "\n" << r.err;
        if (mode.every_command_fails) {
            EXPECT_NE(r.status, 0) << what << "\n" << r.out;
        }
        if (r.status != 0) {
            EXPECT_NE(r.err.find("ssosnap: error: "), std::string::npos) << what << "\n" << r.err;
        }
        for (const auto& p : added_outside(before, tree(), {"target/a/b", "work/a/b"}))
            ADD_FAILURE() << what << ": wrote " << p;
        for (const auto& e : fs::directory_iterator(target)) {
            // Only complete archives and their sidecars, never a temporary.
            const auto name = e.path().filename().string();
            EXPECT_TRUE(name == std::string(k_good_id) + ".zip" ||
                        name == std::string(k_good_id) + ".zip.sha256")
                << what << ": left " << name;
        }
    }
    for (const auto& rq : elsewhere.requests())
        ADD_FAILURE() << mode.name << ": " << rq.method << " " << rq.target << " reached 127.0.0.2";
}

INSTANTIATE_TEST_SUITE_P(Modes, HostileSweepTest, ::testing::Range<std::size_t>(0, 6),
                         [](const auto& param_info) {
                             std::string name = modes()[param_info.param].name;
                             for (char& c : name)
                                 if (c == '-') c = '_';
                             return name;
                         });

}  // namespace
}  // namespace ssosnap::loopback
